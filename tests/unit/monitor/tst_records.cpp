// Records: the stable field names and values shared by export and the connection log.
#include "core/monitor/ConnectionRegistry.h"
#include "core/monitor/Records.h"
#include "tests/unit/monitor/FakeProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(natsws::monitor::MonitorEvent)

using namespace natsws::monitor;
using namespace natsws::testing;

class TestRecords : public QObject {
    Q_OBJECT
private slots:
    void fieldNamesAreStable_data();
    void fieldNamesAreStable();
    void openConnectionValues_data();
    void openConnectionValues();
    void closedConnectionValues_data();
    void closedConnectionValues();
    void rejectionValues_data();
    void rejectionValues();
    void csvCellText_data();
    void csvCellText();
    void pathMasking_data();
    void pathMasking();
    void eventRecords_data();
    void eventRecords();
    void jsonLineIsOneLine();
};

void TestRecords::fieldNamesAreStable_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("names");
    const QStringList connection = {
        QStringLiteral("cid"), QStringLiteral("kind"), QStringLiteral("ip"), QStringLiteral("port"),
        QStringLiteral("x_forwarded_for"), QStringLiteral("origin"), QStringLiteral("user_agent"),
        QStringLiteral("browser"), QStringLiteral("name"), QStringLiteral("lang"), QStringLiteral("version"),
        QStringLiteral("user"), QStringLiteral("auth_method"), QStringLiteral("tls"), QStringLiteral("compression"),
        QStringLiteral("extension"), QStringLiteral("start"), QStringLiteral("last_activity"),
        QStringLiteral("in_msgs"), QStringLiteral("out_msgs"), QStringLiteral("in_bytes"), QStringLiteral("out_bytes"),
        QStringLiteral("in_wire_bytes"), QStringLiteral("out_wire_bytes"), QStringLiteral("in_frame_bytes"),
        QStringLiteral("out_frame_bytes"), QStringLiteral("compression_ratio_in"),
        QStringLiteral("compression_ratio_out"), QStringLiteral("compressed_msgs_in"),
        QStringLiteral("compressed_msgs_out"), QStringLiteral("pending_bytes"), QStringLiteral("subscriptions"),
        QStringLiteral("subscriptions_list"), QStringLiteral("request_headers")};
    QTest::newRow("open connection")
        << int(RecordKind::OpenConnection)
        << connection + QStringList{QStringLiteral("uptime_seconds"), QStringLiteral("idle_seconds")};
    QTest::newRow("closed connection")
        << int(RecordKind::ClosedConnection)
        << connection + QStringList{QStringLiteral("closed_at"), QStringLiteral("lifetime_seconds"),
                                    QStringLiteral("reason"), QStringLiteral("category"),
                                    QStringLiteral("ws_close_sent"), QStringLiteral("ws_status_sent"),
                                    QStringLiteral("ws_reason_sent"), QStringLiteral("ws_close_received"),
                                    QStringLiteral("ws_status_received"), QStringLiteral("ws_reason_received")};
    QTest::newRow("rejection")
        << int(RecordKind::Rejection)
        << QStringList{QStringLiteral("time"), QStringLiteral("ip"), QStringLiteral("port"),
                       QStringLiteral("origin"), QStringLiteral("user_agent"), QStringLiteral("path"),
                       QStringLiteral("http_status"), QStringLiteral("reason"), QStringLiteral("origin_rejected")};
}

void TestRecords::fieldNamesAreStable()
{
    // docs/connection-log.md promises these names and this column order.
    QFETCH(int, kind);
    QFETCH(QStringList, names);
    QCOMPARE(recordFieldNames(RecordKind(kind)), names);
}

namespace {
QJsonValue field(const Record &record, const QString &name)
{
    for (const auto &f : record)
        if (f.first == name)
            return f.second;
    return QJsonValue(QJsonValue::Undefined);
}
} // namespace

void TestRecords::openConnectionValues_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("cid") << QStringLiteral("cid") << QJsonValue(7);
    QTest::newRow("kind") << QStringLiteral("kind") << QJsonValue(QStringLiteral("WebSocket"));
    QTest::newRow("port") << QStringLiteral("port") << QJsonValue(50007);
    QTest::newRow("origin") << QStringLiteral("origin") << QJsonValue(QStringLiteral("http://localhost:3000"));
    QTest::newRow("browser") << QStringLiteral("browser") << QJsonValue(QStringLiteral("Chrome 131"));
    QTest::newRow("client name") << QStringLiteral("name") << QJsonValue(QStringLiteral("app-7"));
    QTest::newRow("compression") << QStringLiteral("compression") << QJsonValue(true);
    QTest::newRow("tls") << QStringLiteral("tls") << QJsonValue(false);
    QTest::newRow("start") << QStringLiteral("start") << QJsonValue(QStringLiteral("2026-12-03T15:00:00.000Z"));
    QTest::newRow("in msgs") << QStringLiteral("in_msgs") << QJsonValue(70);
    QTest::newRow("ratio in") << QStringLiteral("compression_ratio_in") << QJsonValue(2.0);
    QTest::newRow("ratio out") << QStringLiteral("compression_ratio_out") << QJsonValue(3.0);
    QTest::newRow("subscriptions") << QStringLiteral("subscriptions") << QJsonValue(2);
    QTest::newRow("subscription list")
        << QStringLiteral("subscriptions_list")
        << QJsonValue(QJsonArray{QStringLiteral("orders.>"), QStringLiteral("_INBOX.abc.*")});
    QTest::newRow("headers as lines")
        << QStringLiteral("request_headers")
        << QJsonValue(QJsonArray{QStringLiteral("Host: 127.0.0.1:8080"), QStringLiteral("Origin: http://localhost:3000"),
                                 QStringLiteral("Cookie: ••••••")});
    QTest::newRow("uptime") << QStringLiteral("uptime_seconds") << QJsonValue(120.5);
    QTest::newRow("idle") << QStringLiteral("idle_seconds") << QJsonValue(90.5);
}

void TestRecords::openConnectionValues()
{
    QFETCH(QString, name);
    QFETCH(QJsonValue, value);
    const ConnectionSnapshot snapshot = sampleWebSocket(7);
    const Record record = openConnectionRecord(snapshot, snapshot.started.addMSecs(120500));
    QCOMPARE(field(record, name), value);
}

void TestRecords::closedConnectionValues_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("cid from the connection") << QStringLiteral("cid") << QJsonValue(3);
    QTest::newRow("closed at") << QStringLiteral("closed_at") << QJsonValue(QStringLiteral("2026-12-03T15:01:30.000Z"));
    QTest::newRow("lifetime") << QStringLiteral("lifetime_seconds") << QJsonValue(90);
    QTest::newRow("reason") << QStringLiteral("reason") << QJsonValue(QStringLiteral("Client Closed"));
    QTest::newRow("status received") << QStringLiteral("ws_status_received") << QJsonValue(4001);
    QTest::newRow("close received") << QStringLiteral("ws_close_received") << QJsonValue(true);
    QTest::newRow("reason received") << QStringLiteral("ws_reason_received") << QJsonValue(QStringLiteral("bye"));
    QTest::newRow("no uptime in history") << QStringLiteral("uptime_seconds") << QJsonValue(QJsonValue::Undefined);
}

void TestRecords::closedConnectionValues()
{
    QFETCH(QString, name);
    QFETCH(QJsonValue, value);
    QCOMPARE(field(closedConnectionRecord(sampleClosed(3, QStringLiteral("Client Closed"), 4001)), name), value);
}

void TestRecords::rejectionValues_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("time") << QStringLiteral("time") << QJsonValue(QStringLiteral("2026-12-03T15:01:00.000Z"));
    QTest::newRow("origin") << QStringLiteral("origin") << QJsonValue(QStringLiteral("http://evil.example"));
    QTest::newRow("status") << QStringLiteral("http_status") << QJsonValue(403);
    QTest::newRow("origin rejected") << QStringLiteral("origin_rejected") << QJsonValue(true);
    QTest::newRow("reason") << QStringLiteral("reason")
                            << QJsonValue(QStringLiteral("origin not allowed: not in the allowed list"));
}

void TestRecords::rejectionValues()
{
    QFETCH(QString, name);
    QFETCH(QJsonValue, value);
    QCOMPARE(field(rejectionRecord(sampleRejection(QStringLiteral("http://evil.example"))), name), value);
}

void TestRecords::csvCellText_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QString();
    QTest::newRow("true") << QJsonValue(true) << QStringLiteral("true");
    QTest::newRow("false") << QJsonValue(false) << QStringLiteral("false");
    QTest::newRow("large counter without exponent") << QJsonValue(1.0e15) << QStringLiteral("1000000000000000");
    QTest::newRow("negative integer") << QJsonValue(-3) << QStringLiteral("-3");
    QTest::newRow("fraction") << QJsonValue(2.125) << QStringLiteral("2.125");
    QTest::newRow("string") << QJsonValue(QStringLiteral("a,b")) << QStringLiteral("a,b");
    QTest::newRow("array joined by newline")
        << QJsonValue(QJsonArray{QStringLiteral("a"), QStringLiteral("b")}) << QStringLiteral("a\nb");
    QTest::newRow("empty array") << QJsonValue(QJsonArray{}) << QString();
}

void TestRecords::csvCellText()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, text);
    QCOMPARE(natsws::monitor::csvCellText(value), text);
}

void TestRecords::pathMasking_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("masked");
    QTest::newRow("no query") << QStringLiteral("/nats") << QStringLiteral("/nats");
    QTest::newRow("token value") << QStringLiteral("/?token=s3cret") << QStringLiteral("/?token=••••••");
    QTest::newRow("several values") << QStringLiteral("/ws?user=bob&pass=pw")
                                    << QStringLiteral("/ws?user=••••••&pass=••••••");
    QTest::newRow("flag without value") << QStringLiteral("/ws?debug&x=") << QStringLiteral("/ws?debug&x=");
}

void TestRecords::pathMasking()
{
    QFETCH(QString, path);
    QFETCH(QString, masked);
    QCOMPARE(pathWithoutQueryValues(path), masked);
}

void TestRecords::eventRecords_data()
{
    QTest::addColumn<MonitorEvent>("event");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("lastField");
    MonitorEvent opened;
    opened.type = MonitorEvent::Type::Opened;
    opened.sequence = 1;
    opened.opened = sampleWebSocket(1);
    MonitorEvent closed;
    closed.type = MonitorEvent::Type::Closed;
    closed.sequence = 2;
    closed.closed = sampleClosed(1);
    MonitorEvent origin;
    origin.type = MonitorEvent::Type::Rejected;
    origin.sequence = 3;
    origin.rejected = sampleRejection(QStringLiteral("http://evil.example"));
    MonitorEvent handshake = origin;
    handshake.rejected = sampleRejection(QString(), 400);
    QTest::newRow("opened") << opened << QStringLiteral("opened") << QStringLiteral("request_headers");
    QTest::newRow("closed") << closed << QStringLiteral("closed") << QStringLiteral("ws_reason_received");
    QTest::newRow("origin rejected") << origin << QStringLiteral("origin_rejected") << QStringLiteral("origin_rejected");
    QTest::newRow("handshake failed") << handshake << QStringLiteral("handshake_failed") << QStringLiteral("origin_rejected");
}

void TestRecords::eventRecords()
{
    QFETCH(MonitorEvent, event);
    QFETCH(QString, name);
    QFETCH(QString, lastField);
    const Record record = eventRecord(event);
    QCOMPARE(record.at(0).first, QStringLiteral("event"));
    QCOMPARE(record.at(0).second.toString(), name);
    QCOMPARE(record.at(1).first, QStringLiteral("seq"));
    QCOMPARE(record.at(1).second.toInteger(), qint64(event.sequence));
    QCOMPARE(record.last().first, lastField);
}

void TestRecords::jsonLineIsOneLine()
{
    ConnectionSnapshot snapshot = sampleWebSocket(1);
    snapshot.userAgent = QStringLiteral("line1\nline2");
    const QByteArray line = recordToJsonLine(openConnectionRecord(snapshot, snapshot.started));
    QVERIFY(!line.contains('\n'));
    const QJsonObject parsed = QJsonDocument::fromJson(line).object();
    QCOMPARE(parsed.value(QStringLiteral("user_agent")).toString(), QStringLiteral("line1\nline2"));
}

QTEST_APPLESS_MAIN(TestRecords)
#include "tst_records.moc"
