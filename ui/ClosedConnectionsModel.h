#pragma once
// History of closed connections: when, how long it lived, the NATS close reason and the
// WebSocket close status/reason sent and received ("no close frame" when there was none).
#include "core/monitor/ConnectionInfo.h"
#include "ui/HistoryModel.h"

namespace natsws::ui {

class ClosedConnectionsModel : public HistoryModel<monitor::ClosedConnection> {
    Q_OBJECT
public:
    enum Column {
        ClosedAt, Id, Kind, Remote, Origin, Browser, ClientName, Lifetime, Reason, Category,
        WsSent, WsReceived, MsgsIn, MsgsOut, BytesIn, BytesOut, ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit ClosedConnectionsModel(int limit = 10000, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "1000 bye", "1006" or "no close frame".
    static QString closeFrameText(bool present, int status, const QString &reason);
    // The coarse close category ("normal", "limits", ...) in the user's language.
    static QString categoryText(const QString &category);

private:
    QVariant displayValue(const monitor::ClosedConnection &c, int column) const;
};

} // namespace natsws::ui
