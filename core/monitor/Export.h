#pragma once
// File → Export: the open connections, the closed-connection history and the rejection log,
// each as one file of records (Records.h), in CSV or JSON Lines. Files are written atomically
// (QSaveFile), so an interrupted export never leaves half a file under the final name.
#include "core/monitor/ConnectionInfo.h"
#include "core/monitor/Records.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace natsws::monitor {

class ConnectionRegistry;

enum class ExportFormat { Csv, JsonLines };

struct ExportData {
    QList<ConnectionSnapshot> open;
    QList<ClosedConnection> closed;
    QList<HandshakeRejection> rejections;
    QDateTime takenAt;                    // uptime and idle time of open connections refer to it
};

// Everything the registry holds right now.
ExportData exportDataFrom(const ConnectionRegistry &registry);

struct ExportResult {
    QStringList files;                    // written, in the order open, closed, rejections
    QString error;                        // empty on success
    bool ok() const { return error.isEmpty(); }
};

// The file a table is written to inside the export folder ("closed-connections.jsonl").
QString exportFileName(RecordKind kind, ExportFormat format);

// Serialised tables, for writing or for tests. CSV starts with a header row of field names.
QByteArray exportTable(const QList<Record> &records, RecordKind kind, ExportFormat format);
QList<Record> exportRecords(const ExportData &data, RecordKind kind);

// Writes the three tables into `directory` (created if missing), replacing earlier exports.
ExportResult writeExport(const ExportData &data, const QString &directory, ExportFormat format);

} // namespace natsws::monitor
