#include "core/monitor/Records.h"

#include "core/monitor/ConnectionRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace natsws::monitor {

namespace {
const QString kMasked = QStringLiteral("••••••");

QJsonValue timestampValue(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(recordTimestamp(time)) : QJsonValue(QJsonValue::Null);
}

// Seconds between two instants with millisecond precision; null when either is unknown.
QJsonValue secondsBetween(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return QJsonValue(QJsonValue::Null);
    return double(std::max<qint64>(0, from.msecsTo(to))) / 1000.0;
}

double roundedRatio(double ratio) { return std::round(ratio * 1000.0) / 1000.0; }

QJsonArray stringArray(const QStringList &values)
{
    QJsonArray array;
    for (const auto &value : values)
        array.append(value);
    return array;
}

QJsonArray headerLines(const QList<std::pair<QString, QString>> &headers)
{
    QJsonArray array;
    for (const auto &header : headers)
        array.append(QStringLiteral("%1: %2").arg(header.first, header.second));
    return array;
}

Record connectionFields(const ConnectionSnapshot &c)
{
    const TrafficCounters &t = c.traffic;
    return {
        {QStringLiteral("cid"), double(c.id)},
        {QStringLiteral("kind"), connectionKindText(c.kind)},
        {QStringLiteral("ip"), c.remoteIp},
        {QStringLiteral("port"), c.remotePort},
        {QStringLiteral("x_forwarded_for"), c.forwardedFor},
        {QStringLiteral("origin"), c.origin},
        {QStringLiteral("user_agent"), c.userAgent},
        {QStringLiteral("browser"), c.browser},
        {QStringLiteral("name"), c.clientName},
        {QStringLiteral("lang"), c.lang},
        {QStringLiteral("version"), c.version},
        {QStringLiteral("user"), c.user},
        {QStringLiteral("auth_method"), c.authMethod},
        {QStringLiteral("tls"), c.tls},
        {QStringLiteral("compression"), c.compression},
        {QStringLiteral("extension"), c.extension},
        {QStringLiteral("start"), timestampValue(c.started)},
        {QStringLiteral("last_activity"), timestampValue(c.lastActivity)},
        {QStringLiteral("in_msgs"), double(t.msgsIn)},
        {QStringLiteral("out_msgs"), double(t.msgsOut)},
        {QStringLiteral("in_bytes"), double(t.bytesIn)},
        {QStringLiteral("out_bytes"), double(t.bytesOut)},
        {QStringLiteral("in_wire_bytes"), double(t.wireBytesIn)},
        {QStringLiteral("out_wire_bytes"), double(t.wireBytesOut)},
        {QStringLiteral("in_frame_bytes"), double(t.frameBytesIn)},
        {QStringLiteral("out_frame_bytes"), double(t.frameBytesOut)},
        {QStringLiteral("compression_ratio_in"), roundedRatio(t.ratioIn())},
        {QStringLiteral("compression_ratio_out"), roundedRatio(t.ratioOut())},
        {QStringLiteral("compressed_msgs_in"), double(t.compressedMsgsIn)},
        {QStringLiteral("compressed_msgs_out"), double(t.compressedMsgsOut)},
        {QStringLiteral("pending_bytes"), double(c.pendingBytes)},
        {QStringLiteral("subscriptions"), std::max(c.subscriptionCount, int(c.subscriptions.size()))},
        {QStringLiteral("subscriptions_list"), stringArray(c.subscriptions)},
        {QStringLiteral("request_headers"), headerLines(c.requestHeaders)},
    };
}
} // namespace

QStringList recordFieldNames(RecordKind kind)
{
    Record sample;
    switch (kind) {
    case RecordKind::OpenConnection: sample = openConnectionRecord({}, {}); break;
    case RecordKind::ClosedConnection: sample = closedConnectionRecord({}); break;
    case RecordKind::Rejection: sample = rejectionRecord({}); break;
    }
    QStringList names;
    for (const auto &field : std::as_const(sample))
        names.append(field.first);
    return names;
}

Record openConnectionRecord(const ConnectionSnapshot &connection, const QDateTime &now)
{
    Record record = connectionFields(connection);
    record.append({QStringLiteral("uptime_seconds"), secondsBetween(connection.started, now)});
    record.append({QStringLiteral("idle_seconds"), secondsBetween(connection.lastActivity, now)});
    return record;
}

Record closedConnectionRecord(const ClosedConnection &closed)
{
    Record record = connectionFields(closed.connection);
    record += Record{
        {QStringLiteral("closed_at"), timestampValue(closed.closedAt)},
        {QStringLiteral("lifetime_seconds"), secondsBetween(closed.connection.started, closed.closedAt)},
        {QStringLiteral("reason"), closed.reason},
        {QStringLiteral("category"), closed.category},
        {QStringLiteral("ws_close_sent"), closed.closeFrameSent},
        {QStringLiteral("ws_status_sent"), closed.wsStatusSent},
        {QStringLiteral("ws_reason_sent"), closed.wsReasonSent},
        {QStringLiteral("ws_close_received"), closed.closeFrameReceived},
        {QStringLiteral("ws_status_received"), closed.wsStatusReceived},
        {QStringLiteral("ws_reason_received"), closed.wsReasonReceived},
    };
    return record;
}

Record rejectionRecord(const HandshakeRejection &rejection)
{
    return {
        {QStringLiteral("time"), timestampValue(rejection.at)},
        {QStringLiteral("ip"), rejection.remoteIp},
        {QStringLiteral("port"), rejection.remotePort},
        {QStringLiteral("origin"), rejection.origin},
        {QStringLiteral("user_agent"), rejection.userAgent},
        {QStringLiteral("path"), pathWithoutQueryValues(rejection.path)},
        {QStringLiteral("http_status"), rejection.httpStatus},
        {QStringLiteral("reason"), rejection.reason},
        {QStringLiteral("origin_rejected"), rejection.originRejected},
    };
}

QString eventName(const MonitorEvent &event)
{
    switch (event.type) {
    case MonitorEvent::Type::Opened: return QStringLiteral("opened");
    case MonitorEvent::Type::Closed: return QStringLiteral("closed");
    case MonitorEvent::Type::Rejected:
        return event.rejected.originRejected ? QStringLiteral("origin_rejected")
                                             : QStringLiteral("handshake_failed");
    }
    return QString();
}

Record eventRecord(const MonitorEvent &event)
{
    Record record{{QStringLiteral("event"), eventName(event)},
                  {QStringLiteral("seq"), double(event.sequence)}};
    switch (event.type) {
    case MonitorEvent::Type::Opened: record += connectionFields(event.opened); break;
    case MonitorEvent::Type::Closed: record += closedConnectionRecord(event.closed); break;
    case MonitorEvent::Type::Rejected: record += rejectionRecord(event.rejected); break;
    }
    return record;
}

QJsonObject recordToJson(const Record &record)
{
    QJsonObject object;
    for (const auto &field : record)
        object.insert(field.first, field.second);
    return object;
}

QByteArray recordToJsonLine(const Record &record)
{
    return QJsonDocument(recordToJson(record)).toJson(QJsonDocument::Compact);
}

QStringList recordToCsvCells(const Record &record)
{
    QStringList cells;
    cells.reserve(record.size());
    for (const auto &field : record)
        cells.append(csvCellText(field.second));
    return cells;
}

QString csvCellText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return QString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        // Counters are integers held in doubles: print them whole, never as 1e+15.
        if (std::trunc(number) == number && std::abs(number) < 9.0e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', 15);
    }
    case QJsonValue::String: return value.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const auto &element : value.toArray())
            parts.append(element.isString() ? element.toString() : csvCellText(element));
        return parts.join(QLatin1Char('\n'));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QString();
}

QString recordTimestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString pathWithoutQueryValues(const QString &path)
{
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    if (question < 0)
        return path;
    QStringList parameters = path.mid(question + 1).split(QLatin1Char('&'));
    for (auto &parameter : parameters) {
        const qsizetype equals = parameter.indexOf(QLatin1Char('='));
        if (equals >= 0 && equals + 1 < parameter.size())
            parameter = parameter.left(equals + 1) + kMasked;
    }
    return path.left(question + 1) + parameters.join(QLatin1Char('&'));
}

} // namespace natsws::monitor
