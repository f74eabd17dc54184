// natsws driven by Qt's QWebSocket, an independent WebSocket client implementation.
#include "TestServer.h"

#include "core/ws/Deflate.h"

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
    void silentClientIsDroppedAfterHandshakeTimeout();
    void compressionStatisticsMatchTheClientsSocket();
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

void TestWsIntegration::silentClientIsDroppedAfterHandshakeTimeout()
{
    auto options = loopbackOptions();
    options.websocket.handshakeTimeout = std::chrono::milliseconds(200);
    auto server = startServer(options);
    RawNatsClient raw;
    raw.socket().connectToHost(QStringLiteral("127.0.0.1"), server->wsPort());
    QVERIFY(raw.socket().waitForConnected(3000));
    raw.send("GET / HTTP/1.1\r\nHost: local");   // and then nothing more
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().rejections().size(), qsizetype(1), 3000);
    QCOMPARE(server->registry().rejections().first().reason, QStringLiteral("handshake timeout"));
    QTRY_VERIFY_WITH_TIMEOUT((raw.socket().waitForReadyRead(10), raw.socket().state() != QAbstractSocket::ConnectedState
                              || raw.socket().atEnd()), 3000);
    QVERIFY(raw.socket().readAll().isEmpty());   // dropped without an HTTP answer
}

namespace {
// A minimal permessage-deflate client frame reader: counts what arrives on the socket and
// decodes it to NATS bytes, so the server's counters can be checked against the client's.
struct DeflateClient {
    QTcpSocket socket;
    QByteArray pending, nats, message;
    qint64 socketBytes = 0;
    bool upgraded = false, messageCompressed = false;

    void read()
    {
        const QByteArray bytes = socket.readAll();
        socketBytes += bytes.size();
        pending += bytes;
        if (!upgraded) {
            const qsizetype end = pending.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            upgraded = true;
            pending.remove(0, end + 4);
        }
        while (pending.size() >= 2) {
            const auto b0 = quint8(pending[0]);
            quint64 length = quint8(pending[1]) & 0x7F;
            qsizetype header = 2;
            if (length == 126) {
                if (pending.size() < 4)
                    return;
                length = (quint64(quint8(pending[2])) << 8) | quint8(pending[3]);
                header = 4;
            } else if (length == 127) {
                if (pending.size() < 10)
                    return;
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | quint8(pending[i]);
                header = 10;
            }
            if (pending.size() < header + qsizetype(length))
                return;
            if ((b0 & 0x0F) != 0)
                messageCompressed = (b0 & 0x40) != 0;
            message += pending.mid(header, qsizetype(length));
            pending.remove(0, header + qsizetype(length));
            if (b0 & 0x80) {
                if (messageCompressed) {
                    QByteArray out;
                    QCOMPARE(natsws::ws::Inflater().inflate({message}, 64 << 20, out), natsws::ws::Inflater::Result::Ok);
                    nats += out;
                } else {
                    nats += message;
                }
                message.clear();
            }
        }
    }
};
} // namespace

void TestWsIntegration::compressionStatisticsMatchTheClientsSocket()
{
    auto options = loopbackOptions();
    options.websocket.compression = true;
    auto server = startServer(options);
    DeflateClient client;
    client.socket.connectToHost(QStringLiteral("127.0.0.1"), server->wsPort());
    QVERIFY(client.socket.waitForConnected(3000));
    QObject::connect(&client.socket, &QTcpSocket::readyRead, &client.socket, [&client] { client.read(); });
    client.socket.write("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.nats.startsWith("INFO "), 3000);
    // One masked, uncompressed data frame (allowed on a compressed connection).
    const QByteArray hello = "CONNECT {\"verbose\":false}\r\nSUB text 1\r\nPING\r\n";
    QByteArray frame("\x82", 1);
    frame += char(0x80 | hello.size());
    frame += QByteArray(4, '\0');   // an all-zero key leaves the payload as it is
    frame += hello;
    client.socket.write(frame);
    QTRY_VERIFY_WITH_TIMEOUT(client.nats.contains("PONG\r\n"), 3000);

    // 1 MiB of compressible text, in 16 messages, from a TCP publisher.
    RawNatsClient tcp;
    QVERIFY(tcp.connectTo(server->natsPort()));
    QByteArray text;
    for (int i = 0; text.size() < 64 * 1024; ++i)
        text += "{\"seq\":" + QByteArray::number(i) + ",\"text\":\"natsws compresses repeated JSON well\"}\n";
    text.truncate(64 * 1024);
    QByteArray publish = "CONNECT {\"verbose\":false}\r\n";
    for (int i = 0; i < 16; ++i)
        publish += "PUB text 65536\r\n" + text + "\r\n";
    tcp.send(publish);
    QTRY_COMPARE_WITH_TIMEOUT(client.nats.count("MSG text 1 65536\r\n"), qsizetype(16), 10000);

    const auto open = server->registry().openConnections();
    const auto ws = std::find_if(open.begin(), open.end(), [](const auto &c) {
        return c.kind == natsws::monitor::ConnectionKind::WebSocket;
    });
    QVERIFY(ws != open.end());
    QVERIFY(ws->compression);
    // Every byte the client read, the 101 included, is a byte natsws says it wrote.
    QCOMPARE(ws->traffic.wireBytesOut, client.socketBytes);
    // And the NATS bytes inside the frames are what the client decoded.
    QCOMPARE(ws->traffic.frameBytesOut, qint64(client.nats.size()));
    QVERIFY2(ws->traffic.ratioOut() > 5.0, qPrintable(QString::number(ws->traffic.ratioOut())));
    QCOMPARE(ws->traffic.ratioOut(), double(client.nats.size()) / double(client.socketBytes));
    QVERIFY(ws->traffic.compressedMsgsOut > 0);
}

QTEST_MAIN(TestWsIntegration)
#include "tst_ws_integration.moc"
