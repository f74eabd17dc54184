#pragma once
// The live connections table. update() takes a whole poll (sorted by id) and turns the
// difference into few signals: removals and insertions as contiguous row ranges, dataChanged
// per run of changed rows (one for the whole table when most rows changed), and one
// dataChanged for the uptime/idle columns, which move with the clock. Under heavy churn
// (many scattered opens/closes in one poll) a single reset is cheaper for the proxy and the
// view than dozens of small removals, each of which they process over all rows.
#include "core/monitor/ConnectionInfo.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <memory>
#include <vector>

namespace natsws::ui {

class ConnectionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Id, Kind, Remote, ForwardedFor, Origin, Browser, ClientName, Lang, Version, User, Tls,
        Compression, RatioIn, RatioOut, MsgsIn, MsgsOut, BytesIn, BytesOut, Pending,
        Subscriptions, Uptime, Idle, ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, IdRole };

    explicit ConnectionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // `connections` sorted by id, as ConnectionRegistry::openConnections() returns them.
    void update(const QList<monitor::ConnectionSnapshot> &connections, const QDateTime &now);
    void clear();

    const monitor::ConnectionSnapshot &connection(int row) const { return *m_rows.at(size_t(row)); }
    int rowForId(quint64 id) const;          // -1 when not open
    QDateTime now() const { return m_now; }

    // More insert/remove runs than this in one poll become one model reset.
    static constexpr int kMaxRunsBeforeReset = 24;

Q_SIGNALS:
    // Around each update(): views keep their selection on the same connection id.
    void aboutToUpdate();
    void updated();

private:
    using Row = std::unique_ptr<monitor::ConnectionSnapshot>;
    int countRuns(const QList<monitor::ConnectionSnapshot> &connections) const;
    void resetTo(const QList<monitor::ConnectionSnapshot> &connections);
    void removeMissing(const QList<monitor::ConnectionSnapshot> &connections);
    void insertNew(const QList<monitor::ConnectionSnapshot> &connections);
    void replaceChanged(const QList<monitor::ConnectionSnapshot> &connections);
    QVariant displayValue(const monitor::ConnectionSnapshot &c, int column) const;
    QVariant sortValue(const monitor::ConnectionSnapshot &c, int column) const;

    // Sorted by id. Pointers, so removing a run shifts 8-byte handles, not snapshots.
    std::vector<Row> m_rows;
    QDateTime m_now;
};

// Whether two polls of one connection differ in anything the table or details pane shows.
bool sameDisplayedState(const monitor::ConnectionSnapshot &a, const monitor::ConnectionSnapshot &b);

} // namespace natsws::ui
