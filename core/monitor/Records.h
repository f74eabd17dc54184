#pragma once
// Flat records of the monitor's value types, with stable field names (docs/connection-log.md):
// one definition serves the JSON Lines export, the CSV export and the --connection-log file.
// A record is ordered, so CSV columns keep the documented order.
#include "core/monitor/ConnectionInfo.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <utility>

namespace natsws::monitor {

struct MonitorEvent;

using RecordField = std::pair<QString, QJsonValue>;
using Record = QList<RecordField>;

enum class RecordKind { OpenConnection, ClosedConnection, Rejection };

// The field names of a kind of record, in column order.
QStringList recordFieldNames(RecordKind kind);

// A live connection as seen at `now` (uptime and idle time are relative to it).
Record openConnectionRecord(const ConnectionSnapshot &connection, const QDateTime &now);
Record closedConnectionRecord(const ClosedConnection &closed);
Record rejectionRecord(const HandshakeRejection &rejection);

// One line of the connection log: "event" and "seq" first, then the event's own record.
Record eventRecord(const MonitorEvent &event);
// "opened", "closed", "origin_rejected" or "handshake_failed".
QString eventName(const MonitorEvent &event);

QJsonObject recordToJson(const Record &record);
// The record as a single JSON Lines line, without the trailing newline.
QByteArray recordToJsonLine(const Record &record);
QStringList recordToCsvCells(const Record &record);

// How a JSON value is written into a CSV cell: integers without exponent, booleans as
// true/false, null as empty, arrays of strings joined by newlines.
QString csvCellText(const QJsonValue &value);

// Timestamps in records: ISO 8601, UTC, milliseconds ("2026-12-03T15:04:05.123Z").
QString recordTimestamp(const QDateTime &time);

// A request path with the values of its query string masked ("/ws?token=••••••"), because
// browsers put credentials there when they cannot set headers.
QString pathWithoutQueryValues(const QString &path);

} // namespace natsws::monitor
