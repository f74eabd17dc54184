// natsws driven by Qt's QWebSocket, an independent WebSocket client implementation.
#include "TestServer.h"

#include <QSignalSpy>
#include <QWebSocket>
#include <QtTest>

using namespace natsws;
using namespace natsws::testing;

namespace {
// Collects every message a QWebSocket receives (binary or text) as one byte stream.
class WsProbe : public QObject {
public:
    explicit WsProbe(QWebSocket &socket)
    {
        connect(&socket, &QWebSocket::binaryMessageReceived, this,
                [this](const QByteArray &m) { stream += m; ++messages; });
        connect(&socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &m) { stream += m.toUtf8(); ++messages; });
    }
    QByteArray stream;
    int messages = 0;
};

QUrl wsUrl(server::Server &s, const QString &path = QStringLiteral("/"))
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(s.wsPort()).arg(path));
}

bool openSocket(QWebSocket &socket, const QUrl &url)
{
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(url);
    return connected.wait(3000);
}
} // namespace

class TestWsIntegration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void infoArrivesAfterUpgrade();
    void pubSubWithTcpClient_data();
    void pubSubWithTcpClient();
    void webSocketPingGetsPong();
    void protocolErrorClosesWith1002();
    void maxPayloadClosesWith1009();
    void serverShutdownClosesWith1001();
    void clientCloseIsEchoedAndRecorded();
    void badHandshakeGets400AndIsRecorded();
};

void TestWsIntegration::infoArrivesAfterUpgrade()
{
    auto server = startServer();
    QWebSocket socket;
    WsProbe probe(socket);
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QTRY_VERIFY_WITH_TIMEOUT(probe.stream.startsWith("INFO {"), 3000);
    QVERIFY(probe.stream.contains("\"port\":" + QByteArray::number(server->wsPort())));
    QVERIFY(probe.stream.endsWith("\r\n"));
}

void TestWsIntegration::pubSubWithTcpClient_data()
{
    QTest::addColumn<bool>("textFrames");
    QTest::newRow("binary messages") << false;
    QTest::newRow("text messages") << true;
}

void TestWsIntegration::pubSubWithTcpClient()
{
    QFETCH(bool, textFrames);
    auto server = startServer();
    QWebSocket socket;
    WsProbe probe(socket);
    QVERIFY(openSocket(socket, wsUrl(*server)));
    const QByteArray hello = "CONNECT {\"verbose\":false,\"protocol\":1}\r\nSUB greet.* 7\r\nPING\r\n";
    if (textFrames)
        socket.sendTextMessage(QString::fromLatin1(hello));
    else
        socket.sendBinaryMessage(hello);
    QTRY_VERIFY_WITH_TIMEOUT(probe.stream.contains("PONG\r\n"), 3000);

    RawNatsClient tcp;
    QVERIFY(tcp.connectTo(server->natsPort()));
    tcp.send("CONNECT {\"verbose\":false}\r\nSUB back 1\r\nPUB greet.ws 5\r\nhello\r\nPING\r\n");
    QVERIFY(tcp.waitFor("PONG\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(probe.stream.contains("MSG greet.ws 7 5\r\nhello\r\n"), 3000);

    // And the other way: the browser side publishes, the TCP side receives.
    const QByteArray pub = "PUB back 3\r\nabc\r\n";
    if (textFrames)
        socket.sendTextMessage(QString::fromLatin1(pub));
    else
        socket.sendBinaryMessage(pub);
    QVERIFY(tcp.waitFor("MSG back 1 3\r\nabc\r\n"));
}

void TestWsIntegration::webSocketPingGetsPong()
{
    auto server = startServer();
    QWebSocket socket;
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QSignalSpy pong(&socket, &QWebSocket::pong);
    socket.ping("are you there");
    QVERIFY(pong.wait(3000));
    QCOMPARE(pong.first().at(1).toByteArray(), QByteArray("are you there"));
}

void TestWsIntegration::protocolErrorClosesWith1002()
{
    auto server = startServer();
    QWebSocket socket;
    WsProbe probe(socket);
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    socket.sendBinaryMessage("CONNECT {\"verbose\":false}\r\nBOGUS\r\n");
    QVERIFY(!disconnected.isEmpty() || disconnected.wait(3000));
    QVERIFY(probe.stream.contains("-ERR 'Unknown Protocol Operation'\r\n"));
    QCOMPARE(int(socket.closeCode()), 1002);
}

void TestWsIntegration::maxPayloadClosesWith1009()
{
    auto options = loopbackOptions();
    options.maxPayload = 16;
    auto server = startServer(options);
    QWebSocket socket;
    WsProbe probe(socket);
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    socket.sendBinaryMessage("CONNECT {\"verbose\":false}\r\nPUB foo 17\r\n");
    QVERIFY(!disconnected.isEmpty() || disconnected.wait(3000));
    QVERIFY(probe.stream.contains("-ERR 'Maximum Payload Violation'\r\n"));
    QCOMPARE(int(socket.closeCode()), 1009);
    QCOMPARE(socket.closeReason(), QStringLiteral("Maximum Message Payload Exceeded"));
}

void TestWsIntegration::serverShutdownClosesWith1001()
{
    auto server = startServer();
    QWebSocket socket;
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    server->stop();
    QVERIFY(!disconnected.isEmpty() || disconnected.wait(3000));
    QCOMPARE(int(socket.closeCode()), 1001);
    QCOMPARE(socket.closeReason(), QStringLiteral("Server Shutdown"));
}

void TestWsIntegration::clientCloseIsEchoedAndRecorded()
{
    auto server = startServer();
    QWebSocket socket;
    QVERIFY(openSocket(socket, wsUrl(*server)));
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().openConnections().size(), qsizetype(1), 3000);
    QSignalSpy disconnected(&socket, &QWebSocket::disconnected);
    socket.close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("tab closed"));
    QVERIFY(!disconnected.isEmpty() || disconnected.wait(3000));
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), 3000);
    const auto closed = server->registry().closedConnections().first();
    QCOMPARE(closed.reason, QStringLiteral("Client Closed"));
    QCOMPARE(closed.wsStatusReceived, 1001);
    QCOMPARE(closed.wsReasonReceived, QStringLiteral("tab closed"));
    QCOMPARE(closed.wsStatusSent, 1001);    // echoed
    QVERIFY(server->registry().openConnections().isEmpty());
}

void TestWsIntegration::badHandshakeGets400AndIsRecorded()
{
    auto server = startServer();
    RawNatsClient raw;   // a plain socket: speaks HTTP here
    raw.socket().connectToHost(QStringLiteral("127.0.0.1"), server->wsPort());
    QVERIFY(raw.socket().waitForConnected(3000));
    raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n");
    QVERIFY(raw.waitFor("\r\n\r\n"));
    QVERIFY(raw.buffer().startsWith("HTTP/1.1 400 Bad Request\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().rejections().size(), qsizetype(1), 3000);
    const auto rejection = server->registry().rejections().first();
    QCOMPARE(rejection.httpStatus, 400);
    QCOMPARE(rejection.reason, QStringLiteral("key missing"));
    QVERIFY(server->registry().openConnections().isEmpty());
}

QTEST_MAIN(TestWsIntegration)
#include "tst_ws_integration.moc"
