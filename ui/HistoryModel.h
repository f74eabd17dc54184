#pragma once
// A bounded, append-only table of records (closed connections, refused handshakes): a batch
// of new records becomes at most one removal of the oldest rows and one insertion at the end.
#include <QAbstractTableModel>
#include <QList>
#include <deque>

namespace natsws::ui {

template <typename Record>
class HistoryModel : public QAbstractTableModel {
public:
    explicit HistoryModel(int limit, QObject *parent = nullptr)
        : QAbstractTableModel(parent), m_limit(std::max(1, limit)) {}

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_records.size());
    }

    const Record &record(int row) const { return m_records.at(size_t(row)); }
    const std::deque<Record> &records() const { return m_records; }
    int limit() const { return m_limit; }

    void append(const QList<Record> &batch)
    {
        if (batch.isEmpty())
            return;
        if (batch.size() >= m_limit) {
            beginResetModel();
            m_records.assign(batch.end() - m_limit, batch.end());
            endResetModel();
            return;
        }
        dropOldest(int(m_records.size() + batch.size()) - m_limit);
        const int first = int(m_records.size());
        beginInsertRows({}, first, first + int(batch.size()) - 1);
        m_records.insert(m_records.end(), batch.begin(), batch.end());
        endInsertRows();
    }

    void setLimit(int limit)
    {
        m_limit = std::max(1, limit);
        dropOldest(int(m_records.size()) - m_limit);
    }

    void clear()
    {
        if (m_records.empty())
            return;
        beginResetModel();
        m_records.clear();
        endResetModel();
    }

private:
    void dropOldest(int count)
    {
        if (count <= 0)
            return;
        beginRemoveRows({}, 0, count - 1);
        m_records.erase(m_records.begin(), m_records.begin() + count);
        endRemoveRows();
    }

    std::deque<Record> m_records;
    int m_limit;
};

} // namespace natsws::ui
