// A scripted session against the real server started with a connection log (what
// --connection-log FILE sets): the file holds the expected events, in order, flushed as they
// happen, without secrets.
#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Server.h"
#include "tests/integration/TestServer.h"
#include "tests/ui/WsTestClient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace natsws;

namespace {
const QByteArray kPassword = "log-secret-pass";

QList<QJsonObject> readLog(const QString &path, QByteArray *raw = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    if (raw)
        *raw = bytes;
    QList<QJsonObject> lines;
    for (const QByteArray &line : bytes.split('\n'))
        if (!line.isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    return lines;
}

bool waitForLines(const QString &path, int count)
{
    QElapsedTimer timer;
    timer.start();
    while (readLog(path).size() < count && timer.elapsed() < 5000)
        QTest::qWait(10);
    return readLog(path).size() >= count;
}
} // namespace

class TestConnectionLogSession : public QObject {
    Q_OBJECT
private slots:
    void scriptedSession();
    void unwritableLogStopsTheStart();
};

void TestConnectionLogSession::scriptedSession()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("connections.jsonl"));
    server::Options options = testing::loopbackOptions();
    options.websocket.allowedOrigins = {QStringLiteral("http://localhost:3000")};
    options.authorization.configured = true;
    options.authorization.user = QStringLiteral("bob");
    options.authorization.password = QString::fromLatin1(kPassword);
    options.connectionLog = path;                         // what --connection-log FILE sets
    auto server = testing::startServer(options);
    QVERIFY(QFile::exists(path));
    const QByteArray connect = "CONNECT {\"verbose\":false,\"name\":\"%1\",\"user\":\"bob\",\"pass\":\"" + kPassword + "\"}\r\nPING\r\n";

    // 1. a browser client connects
    testing::WsTestClient browser(QStringLiteral("http://localhost:3000"));
    QVERIFY(browser.open(QUrl(server->wsUrl()), {{"User-Agent", "Mozilla/5.0 Firefox/133.0"}}));
    browser.send(QByteArray(connect).replace("%1", "browser"));
    QVERIFY(browser.waitFor("PONG\r\n"));
    QVERIFY(waitForLines(path, 1));          // on disk before anything else happens

    // 2. a backend over TCP
    testing::RawNatsClient backend;
    QVERIFY(backend.connectTo(server->natsPort()));
    backend.send(QByteArray(connect).replace("%1", "backend"));
    QVERIFY(backend.waitFor("PONG\r\n"));
    QVERIFY(waitForLines(path, 2));

    // 3. a refused origin, 4. a malformed upgrade
    testing::WsTestClient evil(QStringLiteral("http://evil.example"));
    QVERIFY(evil.openRefused(QUrl(server->wsUrl())));
    QVERIFY(waitForLines(path, 3));
    testing::RawNatsClient raw;
    raw.socket().connectToHost(QStringLiteral("127.0.0.1"), server->wsPort());
    QVERIFY(raw.socket().waitForConnected(3000));
    raw.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
    QVERIFY(raw.waitFor("400 Bad Request"));
    QVERIFY(waitForLines(path, 4));

    // 5. the browser closes with a status, 6. the backend goes away
    QVERIFY(browser.closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("tab closed")));
    QVERIFY(waitForLines(path, 5));
    backend.socket().disconnectFromHost();
    QVERIFY(waitForLines(path, 6));

    QByteArray bytes;
    const QList<QJsonObject> lines = readLog(path, &bytes);
    QCOMPARE(lines.size(), 6);
    const QStringList events = {QStringLiteral("opened"), QStringLiteral("opened"), QStringLiteral("origin_rejected"),
                                QStringLiteral("handshake_failed"), QStringLiteral("closed"), QStringLiteral("closed")};
    for (int i = 0; i < lines.size(); ++i) {
        QCOMPARE(lines[i].value(QStringLiteral("event")).toString(), events[i]);
        if (i > 0)
            QCOMPARE(lines[i].value(QStringLiteral("seq")).toInteger(), lines[i - 1].value(QStringLiteral("seq")).toInteger() + 1);
    }
    QCOMPARE(lines[0].value(QStringLiteral("kind")).toString(), QStringLiteral("WebSocket"));
    QCOMPARE(lines[0].value(QStringLiteral("origin")).toString(), QStringLiteral("http://localhost:3000"));
    QCOMPARE(lines[1].value(QStringLiteral("kind")).toString(), QStringLiteral("TCP"));
    QCOMPARE(lines[2].value(QStringLiteral("origin")).toString(), QStringLiteral("http://evil.example"));
    QCOMPARE(lines[2].value(QStringLiteral("http_status")).toInt(), 403);
    QCOMPARE(lines[3].value(QStringLiteral("http_status")).toInt(), 400);
    QCOMPARE(lines[3].value(QStringLiteral("reason")).toString(), QStringLiteral("invalid version"));
    QCOMPARE(lines[4].value(QStringLiteral("name")).toString(), QStringLiteral("browser"));
    QCOMPARE(lines[4].value(QStringLiteral("reason")).toString(), QStringLiteral("Client Closed"));
    QCOMPARE(lines[4].value(QStringLiteral("ws_status_received")).toInt(), 1001);
    QCOMPARE(lines[4].value(QStringLiteral("ws_reason_received")).toString(), QStringLiteral("tab closed"));
    QCOMPARE(lines[4].value(QStringLiteral("user")).toString(), QStringLiteral("bob"));
    QCOMPARE(lines[5].value(QStringLiteral("name")).toString(), QStringLiteral("backend"));
    QVERIFY(lines[5].value(QStringLiteral("in_msgs")).toInteger() >= 0);
    QVERIFY(!bytes.contains(kPassword));
    server->stop();
}

void TestConnectionLogSession::unwritableLogStopsTheStart()
{
    QTemporaryDir dir;
    server::Options options = testing::loopbackOptions();
    options.connectionLog = dir.filePath(QStringLiteral("no/such/dir/log.jsonl"));
    server::Server server(options);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.startsWith(QStringLiteral("Unable to open connection log")), qPrintable(error));
    QVERIFY(!server.isRunning());
}

QTEST_MAIN(TestConnectionLogSession)
#include "tst_connectionlog_session.moc"
