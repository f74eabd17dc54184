// Export: the three tables written as CSV and JSON Lines parse back to the same records.
#include "core/monitor/ConnectionRegistry.h"
#include "core/monitor/Csv.h"
#include "core/monitor/Export.h"
#include "tests/unit/monitor/FakeProbe.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace natsws::monitor;
using namespace natsws::testing;

namespace {
const QString kSecret = QStringLiteral("s3cret-token-value");

ExportData sampleData()
{
    ExportData data;
    data.takenAt = QDateTime(QDate(2026, 12, 3), QTime(15, 5, 0), Qt::UTC);
    ConnectionSnapshot withComma = sampleWebSocket(1);
    withComma.userAgent = QStringLiteral("agent, with \"quotes\"");
    data.open = {withComma, sampleTcp(2)};
    data.closed = {sampleClosed(3), sampleClosed(4, QStringLiteral("Kicked"), 0)};
    HandshakeRejection rejection = sampleRejection(QStringLiteral("http://evil.example"));
    rejection.path = QStringLiteral("/?token=") + kSecret;
    data.rejections = {rejection};
    return data;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestExport : public QObject {
    Q_OBJECT
private slots:
    void fileNames_data();
    void fileNames();
    void roundTrip_data();
    void roundTrip();
    void fromRegistry();
    void unwritableFolder();
};

void TestExport::fileNames_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("open csv") << int(RecordKind::OpenConnection) << int(ExportFormat::Csv) << QStringLiteral("open-connections.csv");
    QTest::newRow("closed jsonl") << int(RecordKind::ClosedConnection) << int(ExportFormat::JsonLines) << QStringLiteral("closed-connections.jsonl");
    QTest::newRow("rejections csv") << int(RecordKind::Rejection) << int(ExportFormat::Csv) << QStringLiteral("rejections.csv");
}

void TestExport::fileNames()
{
    QFETCH(int, kind);
    QFETCH(int, format);
    QFETCH(QString, name);
    QCOMPARE(exportFileName(RecordKind(kind), ExportFormat(format)), name);
}

void TestExport::roundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("csv") << int(ExportFormat::Csv);
    QTest::newRow("json lines") << int(ExportFormat::JsonLines);
}

void TestExport::roundTrip()
{
    QFETCH(int, format);
    const ExportFormat exportFormat = ExportFormat(format);
    QTemporaryDir dir;
    const ExportData data = sampleData();
    const QString folder = dir.filePath(QStringLiteral("export/nested"));
    const ExportResult result = writeExport(data, folder, exportFormat);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.files.size(), 3);

    const RecordKind kinds[] = {RecordKind::OpenConnection, RecordKind::ClosedConnection, RecordKind::Rejection};
    for (int i = 0; i < 3; ++i) {
        const QList<Record> records = exportRecords(data, kinds[i]);
        QCOMPARE(result.files[i], QDir(folder).filePath(exportFileName(kinds[i], exportFormat)));
        const QByteArray bytes = readAll(result.files[i]);
        QVERIFY(!bytes.contains(kSecret.toUtf8()));
        if (exportFormat == ExportFormat::Csv) {
            const CsvParseResult parsed = parseCsv(QString::fromUtf8(bytes));
            QVERIFY2(parsed.ok(), qPrintable(parsed.error));
            QCOMPARE(parsed.rows.size(), records.size() + 1);
            QCOMPARE(parsed.rows.first(), recordFieldNames(kinds[i]));
            for (int row = 0; row < records.size(); ++row)
                QCOMPARE(parsed.rows[row + 1], recordToCsvCells(records[row]));
        } else {
            QList<QByteArray> lines = bytes.split('\n');
            QCOMPARE(lines.takeLast(), QByteArray());          // every line ends in a newline
            QCOMPARE(lines.size(), records.size());
            for (int row = 0; row < records.size(); ++row) {
                QJsonParseError error;
                const QJsonDocument document = QJsonDocument::fromJson(lines[row], &error);
                QCOMPARE(error.error, QJsonParseError::NoError);
                QCOMPARE(document.object(), recordToJson(records[row]));
            }
        }
    }
}

void TestExport::fromRegistry()
{
    ConnectionRegistry registry;
    registry.connectionOpened(std::make_shared<FakeProbe>(sampleWebSocket(2)));
    registry.connectionOpened(std::make_shared<FakeProbe>(sampleTcp(1)));
    registry.connectionClosed(sampleClosed(9));
    registry.handshakeRejected(sampleRejection(QStringLiteral("http://a.example")));
    const ExportData data = exportDataFrom(registry);
    QVERIFY(data.takenAt.isValid());
    QCOMPARE(data.open.size(), 2);
    QCOMPARE(data.open[0].id, quint64(1));
    QCOMPARE(data.closed.size(), 1);
    QCOMPARE(data.rejections.size(), 1);
}

void TestExport::unwritableFolder()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const ExportResult result = writeExport(sampleData(), blocker + QStringLiteral("/sub"), ExportFormat::Csv);
    QVERIFY(!result.ok());
    QVERIFY(result.files.isEmpty());
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
