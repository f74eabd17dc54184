#include "ui/ClosedConnectionsModel.h"

#include "ui/Format.h"

namespace natsws::ui {

ClosedConnectionsModel::ClosedConnectionsModel(int limit, QObject *parent)
    : HistoryModel<monitor::ClosedConnection>(limit, parent)
{
}

int ClosedConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClosedConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case ClosedAt: return tr("Closed at");
    case Id: return tr("ID");
    case Kind: return tr("Kind");
    case Remote: return tr("Remote");
    case Origin: return tr("Origin");
    case Browser: return tr("Browser");
    case ClientName: return tr("Client name");
    case Lifetime: return tr("Lifetime");
    case Reason: return tr("NATS reason");
    case Category: return tr("Category");
    case WsSent: return tr("WS close sent");
    case WsReceived: return tr("WS close received");
    case MsgsIn: return tr("Msgs in");
    case MsgsOut: return tr("Msgs out");
    case BytesIn: return tr("Bytes in");
    case BytesOut: return tr("Bytes out");
    case ColumnCount: break;
    }
    return QVariant();
}

QString ClosedConnectionsModel::closeFrameText(bool present, int status, const QString &reason)
{
    if (!present)
        return tr("no close frame");
    if (status == 0)
        return tr("empty close frame");
    return reason.isEmpty() ? QString::number(status) : QStringLiteral("%1 %2").arg(status).arg(reason);
}

QString ClosedConnectionsModel::categoryText(const QString &category)
{
    // The categories of core/nats/CloseReason; the reason texts themselves stay nats-server's.
    static const struct { const char *key; const char *text; } known[] = {
        {"normal", QT_TR_NOOP("normal")},     {"client", QT_TR_NOOP("client")},
        {"auth", QT_TR_NOOP("authentication")}, {"limits", QT_TR_NOOP("limits")},
        {"protocol", QT_TR_NOOP("protocol")}, {"network", QT_TR_NOOP("network")},
        {"server", QT_TR_NOOP("server")},     {"handshake", QT_TR_NOOP("handshake")},
    };
    for (const auto &k : known)
        if (category == QLatin1String(k.key))
            return tr(k.text);
    return category;
}

QVariant ClosedConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const monitor::ClosedConnection &c = record(index.row());
    const monitor::TrafficCounters &t = c.connection.traffic;
    if (role == Qt::DisplayRole)
        return displayValue(c, index.column());
    if (role == Qt::TextAlignmentRole && index.column() >= MsgsIn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Browser)
        return c.connection.userAgent;
    if (role != SortRole)
        return QVariant();
    switch (Column(index.column())) {
    case ClosedAt: return c.closedAt;
    case Id: return c.connection.id;
    case Lifetime: return c.connection.started.msecsTo(c.closedAt);
    case MsgsIn: return t.msgsIn;
    case MsgsOut: return t.msgsOut;
    case BytesIn: return t.bytesIn;
    case BytesOut: return t.bytesOut;
    default: return displayValue(c, index.column());
    }
}

QVariant ClosedConnectionsModel::displayValue(const monitor::ClosedConnection &c, int column) const
{
    const monitor::ConnectionSnapshot &s = c.connection;
    const bool ws = s.kind == monitor::ConnectionKind::WebSocket;
    switch (Column(column)) {
    case ClosedAt: return Format::time(c.closedAt);
    case Id: return QString::number(s.id);
    case Kind: return monitor::connectionKindText(s.kind);
    case Remote: return QStringLiteral("%1:%2").arg(s.remoteIp).arg(s.remotePort);
    case Origin: return s.origin;
    case Browser: return s.browser;
    case ClientName: return s.clientName;
    case Lifetime: return Format::duration(s.started.msecsTo(c.closedAt));
    case Reason: return c.reason;
    case Category: return categoryText(c.category);
    case WsSent: return ws ? closeFrameText(c.closeFrameSent, c.wsStatusSent, c.wsReasonSent) : Format::none();
    case WsReceived:
        return ws ? closeFrameText(c.closeFrameReceived, c.wsStatusReceived, c.wsReasonReceived) : Format::none();
    case MsgsIn: return Format::count(s.traffic.msgsIn);
    case MsgsOut: return Format::count(s.traffic.msgsOut);
    case BytesIn: return Format::bytes(s.traffic.bytesIn);
    case BytesOut: return Format::bytes(s.traffic.bytesOut);
    case ColumnCount: break;
    }
    return QVariant();
}

} // namespace natsws::ui
