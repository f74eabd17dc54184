// The --connection-log writer: one flushed JSON line per registry event, in order.
#include "core/monitor/ConnectionLog.h"
#include "core/monitor/ConnectionRegistry.h"
#include "tests/unit/monitor/FakeProbe.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace natsws::monitor;
using namespace natsws::testing;

namespace {
// What another process would see in the file right now (no shared QFile buffering).
QList<QJsonObject> linesOnDisk(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> objects;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.isEmpty())
            objects.append(QJsonDocument::fromJson(line).object());
    return objects;
}
} // namespace

class TestConnectionLog : public QObject {
    Q_OBJECT
private slots:
    void eachEventIsOnDiskAtOnce();
    void appendsToAnExistingFile();
    void stopsWritingWhenDestroyed();
    void unwritablePathIsReported();
};

void TestConnectionLog::eachEventIsOnDiskAtOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("connections.jsonl"));
    ConnectionRegistry registry;
    ConnectionLogWriter writer(registry, path);
    QVERIFY(writer.isOpen());

    registry.connectionOpened(std::make_shared<FakeProbe>(sampleWebSocket(1)));
    QCOMPARE(linesOnDisk(path).size(), 1);
    registry.handshakeRejected(sampleRejection(QStringLiteral("http://evil.example")));
    QCOMPARE(linesOnDisk(path).size(), 2);
    registry.handshakeRejected(sampleRejection(QString(), 400));
    registry.connectionClosed(sampleClosed(1, QStringLiteral("Client Closed"), 1001));

    const QList<QJsonObject> lines = linesOnDisk(path);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(writer.linesWritten(), 4);
    const QStringList expected = {QStringLiteral("opened"), QStringLiteral("origin_rejected"),
                                  QStringLiteral("handshake_failed"), QStringLiteral("closed")};
    for (int i = 0; i < lines.size(); ++i) {
        QCOMPARE(lines[i].value(QStringLiteral("event")).toString(), expected[i]);
        QCOMPARE(lines[i].value(QStringLiteral("seq")).toInteger(), i + 1);
    }
    QCOMPARE(lines[0].value(QStringLiteral("cid")).toInteger(), 1);
    QCOMPARE(lines[0].value(QStringLiteral("origin")).toString(), QStringLiteral("http://localhost:3000"));
    QCOMPARE(lines[1].value(QStringLiteral("http_status")).toInt(), 403);
    QCOMPARE(lines[2].value(QStringLiteral("reason")).toString(), QStringLiteral("invalid version"));
    QCOMPARE(lines[3].value(QStringLiteral("reason")).toString(), QStringLiteral("Client Closed"));
    QCOMPARE(lines[3].value(QStringLiteral("ws_status_received")).toInt(), 1001);
    QCOMPARE(lines[3].value(QStringLiteral("in_msgs")).toInteger(), 10);
}

void TestConnectionLog::appendsToAnExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("connections.jsonl"));
    {
        QFile earlier(path);
        QVERIFY(earlier.open(QIODevice::WriteOnly));
        earlier.write("{\"event\":\"earlier\"}\n");
    }
    ConnectionRegistry registry;
    ConnectionLogWriter writer(registry, path);
    registry.connectionOpened(std::make_shared<FakeProbe>(sampleTcp(5)));
    const QList<QJsonObject> lines = linesOnDisk(path);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].value(QStringLiteral("event")).toString(), QStringLiteral("earlier"));
    QCOMPARE(lines[1].value(QStringLiteral("kind")).toString(), QStringLiteral("TCP"));
}

void TestConnectionLog::stopsWritingWhenDestroyed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("connections.jsonl"));
    ConnectionRegistry registry;
    {
        ConnectionLogWriter writer(registry, path);
        registry.connectionOpened(std::make_shared<FakeProbe>(sampleTcp(1)));
    }
    registry.connectionOpened(std::make_shared<FakeProbe>(sampleTcp(2)));
    QCOMPARE(linesOnDisk(path).size(), 1);
}

void TestConnectionLog::unwritablePathIsReported()
{
    QTemporaryDir dir;
    ConnectionRegistry registry;
    ConnectionLogWriter writer(registry, dir.filePath(QStringLiteral("missing/dir/log.jsonl")));
    QVERIFY(!writer.isOpen());
    QVERIFY(!writer.errorString().isEmpty());
    registry.connectionOpened(std::make_shared<FakeProbe>(sampleTcp(1)));   // must not crash
    QCOMPARE(writer.linesWritten(), 0);
}

QTEST_GUILESS_MAIN(TestConnectionLog)
#include "tst_connectionlog.moc"
