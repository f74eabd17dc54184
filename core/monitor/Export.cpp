#include "core/monitor/Export.h"

#include "core/monitor/ConnectionRegistry.h"
#include "core/monitor/Csv.h"

#include <QDir>
#include <QSaveFile>

namespace natsws::monitor {

ExportData exportDataFrom(const ConnectionRegistry &registry)
{
    ExportData data;
    data.takenAt = QDateTime::currentDateTimeUtc();
    data.open = registry.openConnections();
    data.closed = registry.closedConnections();
    data.rejections = registry.rejections();
    return data;
}

QString exportFileName(RecordKind kind, ExportFormat format)
{
    const QString extension = format == ExportFormat::Csv ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
    switch (kind) {
    case RecordKind::OpenConnection: return QStringLiteral("open-connections") + extension;
    case RecordKind::ClosedConnection: return QStringLiteral("closed-connections") + extension;
    case RecordKind::Rejection: return QStringLiteral("rejections") + extension;
    }
    return QString();
}

QList<Record> exportRecords(const ExportData &data, RecordKind kind)
{
    QList<Record> records;
    switch (kind) {
    case RecordKind::OpenConnection:
        for (const auto &connection : data.open)
            records.append(openConnectionRecord(connection, data.takenAt));
        break;
    case RecordKind::ClosedConnection:
        for (const auto &closed : data.closed)
            records.append(closedConnectionRecord(closed));
        break;
    case RecordKind::Rejection:
        for (const auto &rejection : data.rejections)
            records.append(rejectionRecord(rejection));
        break;
    }
    return records;
}

QByteArray exportTable(const QList<Record> &records, RecordKind kind, ExportFormat format)
{
    QByteArray bytes;
    if (format == ExportFormat::Csv) {
        bytes += csvRow(recordFieldNames(kind)).toUtf8();
        for (const auto &record : records)
            bytes += csvRow(recordToCsvCells(record)).toUtf8();
    } else {
        for (const auto &record : records)
            bytes += recordToJsonLine(record) + '\n';
    }
    return bytes;
}

ExportResult writeExport(const ExportData &data, const QString &directory, ExportFormat format)
{
    ExportResult result;
    if (!QDir().mkpath(directory)) {
        result.error = QStringLiteral("cannot create folder %1").arg(directory);
        return result;
    }
    const QDir dir(directory);
    for (const RecordKind kind : {RecordKind::OpenConnection, RecordKind::ClosedConnection, RecordKind::Rejection}) {
        const QString path = dir.filePath(exportFileName(kind, format));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)
            || file.write(exportTable(exportRecords(data, kind), kind, format)) < 0 || !file.commit()) {
            result.error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
            return result;
        }
        result.files.append(path);
    }
    return result;
}

} // namespace natsws::monitor
