#pragma once
// A two-column summary "what → how many" (close reasons, refused origins), largest first.
#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>
#include <utility>

namespace natsws::ui {

class CountsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Key, Count, ColumnCount };
    using Counts = QList<std::pair<QString, qint64>>;

    CountsModel(QString keyTitle, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the counts; signals only when they changed (sorts by count, then key).
    void setCounts(Counts counts);
    const Counts &counts() const { return m_counts; }

    // Counts the keys of a range of records: key(record) → QString.
    template <typename Range, typename KeyOf>
    static Counts countBy(const Range &records, KeyOf key)
    {
        QHash<QString, qint64> hash;
        for (const auto &record : records)
            ++hash[key(record)];
        Counts counts;
        counts.reserve(hash.size());
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            counts.append({it.key(), it.value()});
        return counts;
    }

private:
    QString m_keyTitle;
    Counts m_counts;
};

} // namespace natsws::ui
