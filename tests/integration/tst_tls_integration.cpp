// TLS on both listeners: wss:// driven by QWebSocket, NATS over TLS driven by QSslSocket the
// way NATS clients do it (INFO in clear, then the handshake), client certificates, and what
// happens to clients that do not speak TLS. Certificates come from make-test-certs.sh.
#include "TestServer.h"
#include "tests/data/tls/TestCertificates.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QWebSocket>
#include <QtTest>

using namespace natsws;
using namespace natsws::testing;

namespace {
constexpr int kWaitMs = 5000;

enum class Listener { Nats, WebSocket };

// A NATS client over TLS: TCP, INFO in clear, then the client side of the handshake.
class TlsNatsClient {
public:
    explicit TlsNatsClient(const QSslConfiguration &configuration) { m_socket.setSslConfiguration(configuration); }

    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, kWaitMs))
            return false;
        return waitFor("\r\n");        // INFO arrives before any TLS
    }
    QByteArray infoLine() const { return m_buffer.left(m_buffer.indexOf("\r\n") + 2); }

    // True once the client side is encrypted. With TLS 1.3 the server checks a client
    // certificate after this point, so a refused certificate shows as a close right after.
    bool encrypt()
    {
        m_buffer.clear();
        m_socket.startClientEncryption();
        return QTest::qWaitFor([&] { return m_socket.isEncrypted() || isClosed(); }, kWaitMs)
               && m_socket.isEncrypted();
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    bool waitFor(const QByteArray &marker, int timeoutMs = kWaitMs)
    {
        return QTest::qWaitFor([&] {
            m_buffer += m_socket.readAll();
            return m_buffer.contains(marker);
        }, timeoutMs);
    }
    bool waitForClose()
    {
        return QTest::qWaitFor([&] {
            m_buffer += m_socket.readAll();
            return isClosed();
        }, kWaitMs);
    }
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    QByteArray &buffer() { return m_buffer; }
    QSslSocket &socket() { return m_socket; }

private:
    QSslSocket m_socket;
    QByteArray m_buffer;
};

// Raw bytes to a port and everything that comes back until the server closes.
QByteArray exchangeRaw(quint16 port, const QByteArray &bytes, bool *closed)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, kWaitMs))
        return "<no connection>";
    socket.write(bytes);
    QByteArray received;
    *closed = QTest::qWaitFor([&] {
        received += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, kWaitMs);
    return received + socket.readAll();
}

QUrl wssUrl(server::Server &s)
{
    return QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(s.wsPort()));
}

// After a refused TLS handshake: the NATS port sent its INFO and nothing more, and recorded a
// closed client; the WebSocket port sent nothing and recorded a refused handshake.
void verifyHandshakeFailure(server::Server &server, Listener listener, const QByteArray &answer,
                            const QString &wsDetail)
{
    if (listener == Listener::Nats) {
        QVERIFY2(answer.startsWith("INFO {") && answer.endsWith("\r\n") && answer.count("\r\n") == 1,
                 answer.constData());
        QTRY_COMPARE_WITH_TIMEOUT(server.registry().closedConnections().size(), qsizetype(1), kWaitMs);
        const monitor::ClosedConnection closed = server.registry().closedConnections().first();
        QCOMPARE(closed.reason, QStringLiteral("TLS Handshake Failure"));
        QVERIFY(!closed.closeFrameSent);
        return;
    }
    QVERIFY2(answer.isEmpty(), answer.constData());
    QTRY_COMPARE_WITH_TIMEOUT(server.registry().rejections().size(), qsizetype(1), kWaitMs);
    QCOMPARE(server.registry().rejections().first().reason, QStringLiteral("TLS Handshake Failure: ") + wsDetail);
    QVERIFY(server.registry().closedConnections().isEmpty());   // no WebSocket, no NATS client
}
} // namespace

Q_DECLARE_METATYPE(Listener)

class TestTlsIntegration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wssUpgradeCarriesInfoWithTls();
    void natsInfoInClearThenTls_data();
    void natsInfoInClearThenTls();
    void bigMessagesCrossBothTlsListeners();
    void clientCertificates_data();
    void clientCertificates();
    void plainHttpOnWssPortGets400();
    void notTlsBytesAreAHandshakeFailure_data();
    void notTlsBytesAreAHandshakeFailure();
    void silentClientHitsTheTlsTimeout_data();
    void silentClientHitsTheTlsTimeout();
    void handshakeTimeoutDuringTlsIsRecordedOnce();
    void serverClosesAfterTlsStillDeliverTheirLastWords();
    void unreadableCertificateStopsTheServer_data();
    void unreadableCertificateStopsTheServer();
    void mismatchedKeyInAConfigFileNamesItsLine();

private:
    server::TlsOptions tls(bool verify = false) const;
    server::Options options(bool natsTls, bool wsTls, bool verify = false) const;
    TestCertificates m_certs;
};

void TestTlsIntegration::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.make(&error), qPrintable(error));
}

server::TlsOptions TestTlsIntegration::tls(bool verify) const
{
    server::TlsOptions t;
    t.configured = true;
    t.certFile = m_certs.path(QStringLiteral("server.pem"));
    t.keyFile = m_certs.path(QStringLiteral("server.key"));
    t.caFile = m_certs.path(QStringLiteral("ca.pem"));
    t.verify = verify;
    return t;
}

server::Options TestTlsIntegration::options(bool natsTls, bool wsTls, bool verify) const
{
    server::Options o = loopbackOptions();
    if (natsTls)
        o.tls = tls(verify);
    if (wsTls)
        o.websocket.tls = tls(verify);
    return o;
}

void TestTlsIntegration::wssUpgradeCarriesInfoWithTls()
{
    auto server = startServer(options(false, true));
    QCOMPARE(server->wsUrl(), QStringLiteral("wss://127.0.0.1:%1").arg(server->wsPort()));
    QWebSocket socket;
    socket.setSslConfiguration(m_certs.clientConfiguration());
    QByteArray stream;
    connect(&socket, &QWebSocket::binaryMessageReceived, &socket, [&](const QByteArray &m) { stream += m; });
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(wssUrl(*server));
    QVERIFY(connected.wait(kWaitMs));   // the 101 came back over TLS

    QTRY_VERIFY_WITH_TIMEOUT(stream.startsWith("INFO {") && stream.endsWith("\r\n"), kWaitMs);
    QVERIFY2(stream.contains("\"tls_required\":true"), stream.constData());
    QVERIFY2(stream.contains("\"tls_available\":true"), stream.constData());
    socket.sendBinaryMessage("CONNECT {\"verbose\":false}\r\nPING\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream.contains("PONG\r\n"), kWaitMs);

    const auto open = server->registry().openConnections();
    QCOMPARE(open.size(), qsizetype(1));
    QVERIFY(open.first().tls);
    QCOMPARE(open.first().kind, monitor::ConnectionKind::WebSocket);
}

void TestTlsIntegration::natsInfoInClearThenTls_data()
{
    QTest::addColumn<QString>("minVersion");
    QTest::addColumn<QSsl::SslProtocol>("clientProtocol");
    QTest::addColumn<bool>("verify");
    QTest::addColumn<bool>("expectConnected");

    QTest::newRow("defaults, client TLS 1.2 or later") << QString() << QSsl::TlsV1_2OrLater << false << true;
    QTest::newRow("default minimum admits a TLS 1.2 only client") << QString() << QSsl::TlsV1_2 << false << true;
    QTest::newRow("min_version 1.3, TLS 1.3 client") << QStringLiteral("1.3") << QSsl::TlsV1_3 << false << true;
    QTest::newRow("min_version 1.3 refuses a TLS 1.2 only client") << QStringLiteral("1.3") << QSsl::TlsV1_2
                                                                   << false << false;
    QTest::newRow("verify: INFO says tls_verify") << QString() << QSsl::TlsV1_2OrLater << true << true;
}

void TestTlsIntegration::natsInfoInClearThenTls()
{
    QFETCH(QString, minVersion);
    QFETCH(QSsl::SslProtocol, clientProtocol);
    QFETCH(bool, verify);
    QFETCH(bool, expectConnected);

    server::Options o = options(true, false, verify);
    o.tls.minVersion = minVersion;
    auto server = startServer(o);
    QSslConfiguration client = m_certs.clientConfiguration(verify ? QStringLiteral("client") : QString());
    client.setProtocol(clientProtocol);
    TlsNatsClient nats(client);
    QVERIFY(nats.connectTo(server->natsPort()));
    const QByteArray info = nats.infoLine();
    QVERIFY2(info.startsWith("INFO {") && info.contains("\"tls_required\":true"), info.constData());
    QVERIFY2(!info.contains("tls_available"), info.constData());   // only with allow_non_tls
    QCOMPARE(info.contains("\"tls_verify\":true"), verify);

    nats.encrypt();
    nats.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
    if (expectConnected) {
        QVERIFY(nats.waitFor("PONG\r\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!server->registry().openConnections().isEmpty()
                                     && server->registry().openConnections().first().tls, kWaitMs);
        return;
    }
    QVERIFY(nats.waitForClose());
    QVERIFY(!nats.buffer().contains("PONG"));
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), kWaitMs);
    QCOMPARE(server->registry().closedConnections().first().reason, QStringLiteral("TLS Handshake Failure"));
}

void TestTlsIntegration::bigMessagesCrossBothTlsListeners()
{
    // Large enough to pass through the socket high-water mark and the TLS record buffers.
    auto server = startServer(options(true, true));
    QWebSocket ws;
    ws.setSslConfiguration(m_certs.clientConfiguration());
    QByteArray stream;
    connect(&ws, &QWebSocket::binaryMessageReceived, &ws, [&](const QByteArray &m) { stream += m; });
    QSignalSpy connected(&ws, &QWebSocket::connected);
    ws.open(wssUrl(*server));
    QVERIFY(connected.wait(kWaitMs));
    ws.sendBinaryMessage("CONNECT {\"verbose\":false}\r\nSUB big 1\r\nPING\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream.contains("PONG\r\n"), kWaitMs);
    stream.clear();

    TlsNatsClient nats(m_certs.clientConfiguration());
    QVERIFY(nats.connectTo(server->natsPort()));
    QVERIFY(nats.encrypt());
    QByteArray payload(1000 * 1000, Qt::Uninitialized);
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char((i * 131 + i / 977) & 0xff);
    const int copies = 3;
    QByteArray pubs = "CONNECT {\"verbose\":false}\r\n";
    for (int i = 0; i < copies; ++i)
        pubs += "PUB big " + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
    nats.send(pubs + "PING\r\n");
    QVERIFY(nats.waitFor("PONG\r\n"));

    const QByteArray oneMessage = "MSG big 1 " + QByteArray::number(payload.size()) + "\r\n" + payload + "\r\n";
    QTRY_VERIFY_WITH_TIMEOUT(stream.size() >= oneMessage.size() * copies, 15000);
    QCOMPARE(stream, oneMessage.repeated(copies));
}

void TestTlsIntegration::clientCertificates_data()
{
    QTest::addColumn<Listener>("listener");
    QTest::addColumn<QString>("identity");   // client certificate presented, "" = none
    QTest::addColumn<bool>("expectConnected");

    for (const auto &[name, listener] : {std::pair{"nats", Listener::Nats}, std::pair{"wss", Listener::WebSocket}}) {
        QTest::addRow("%s: certificate from the CA", name) << listener << QStringLiteral("client") << true;
        QTest::addRow("%s: no certificate", name) << listener << QString() << false;
        QTest::addRow("%s: certificate from another CA", name) << listener << QStringLiteral("stranger") << false;
    }
}

void TestTlsIntegration::clientCertificates()
{
    QFETCH(Listener, listener);
    QFETCH(QString, identity);
    QFETCH(bool, expectConnected);

    const bool nats = listener == Listener::Nats;
    auto server = startServer(options(nats, !nats, true));
    const QSslConfiguration client = m_certs.clientConfiguration(identity);
    if (nats) {
        TlsNatsClient c(client);
        QVERIFY(c.connectTo(server->natsPort()));
        c.encrypt();
        c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
        if (expectConnected) {
            QVERIFY(c.waitFor("PONG\r\n"));
            return;
        }
        QVERIFY(c.waitForClose());
        QVERIFY2(c.buffer().isEmpty(), c.buffer().constData());   // nothing after INFO
        QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), kWaitMs);
        const monitor::ClosedConnection closed = server->registry().closedConnections().first();
        QCOMPARE(closed.reason, QStringLiteral("TLS Handshake Failure"));
        QVERIFY(!closed.closeFrameSent);
        return;
    }

    QWebSocket ws;
    ws.setSslConfiguration(client);
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    ws.open(wssUrl(*server));
    if (expectConnected) {
        QVERIFY(connected.wait(kWaitMs));
        return;
    }
    QVERIFY(disconnected.wait(kWaitMs));
    QCOMPARE(connected.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().rejections().size(), qsizetype(1), kWaitMs);
    const monitor::HandshakeRejection rejection = server->registry().rejections().first();
    QVERIFY2(rejection.reason.startsWith(QLatin1String("TLS Handshake Failure: ")), qPrintable(rejection.reason));
    QCOMPARE(rejection.httpStatus, 0);
    QVERIFY(server->registry().closedConnections().isEmpty());
}

void TestTlsIntegration::plainHttpOnWssPortGets400()
{
    auto server = startServer(options(false, true));
    bool closed = false;
    const QByteArray answer = exchangeRaw(server->wsPort(),
                                          "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                          "Sec-WebSocket-Version: 13\r\n\r\n",
                                          &closed);
    QCOMPARE(answer, QByteArray("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"));
    QVERIFY(closed);
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().rejections().size(), qsizetype(1), kWaitMs);
    const monitor::HandshakeRejection rejection = server->registry().rejections().first();
    QCOMPARE(rejection.httpStatus, 400);
    QCOMPARE(rejection.reason, QStringLiteral("client sent an HTTP request to an HTTPS server"));
}

void TestTlsIntegration::notTlsBytesAreAHandshakeFailure_data()
{
    QTest::addColumn<Listener>("listener");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("wss: plain NATS") << Listener::WebSocket << QByteArray("CONNECT {}\r\nPING\r\n");
    QTest::newRow("wss: DELETE is not one of Go's HTTP prefixes") << Listener::WebSocket
                                                                << QByteArray("DELETE / HTTP/1.1\r\n\r\n");
    QTest::newRow("wss: binary garbage") << Listener::WebSocket << QByteArray("\x00\x01\x02\x03\x04\x05", 6);
    QTest::newRow("nats: plain CONNECT after INFO") << Listener::Nats << QByteArray("CONNECT {}\r\nPING\r\n");
    QTest::newRow("nats: HTTP gets no 400 here") << Listener::Nats << QByteArray("GET / HTTP/1.1\r\n\r\n");
}

void TestTlsIntegration::notTlsBytesAreAHandshakeFailure()
{
    QFETCH(Listener, listener);
    QFETCH(QByteArray, bytes);
    const bool nats = listener == Listener::Nats;
    auto server = startServer(options(nats, !nats));
    bool closed = false;
    const QByteArray answer = exchangeRaw(nats ? server->natsPort() : server->wsPort(), bytes, &closed);
    QVERIFY(closed);
    // nats-server too: INFO in clear on the NATS port, then the close without a byte more.
    verifyHandshakeFailure(*server, listener, answer,
                           QStringLiteral("tls: first record does not look like a TLS handshake"));
}

void TestTlsIntegration::silentClientHitsTheTlsTimeout_data()
{
    QTest::addColumn<Listener>("listener");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("nats: nothing after INFO") << Listener::Nats << QByteArray();
    QTest::newRow("wss: nothing") << Listener::WebSocket << QByteArray();
    QTest::newRow("wss: three bytes of a record header") << Listener::WebSocket << QByteArray("\x16\x03\x01", 3);
}

void TestTlsIntegration::silentClientHitsTheTlsTimeout()
{
    QFETCH(Listener, listener);
    QFETCH(QByteArray, bytes);
    const bool nats = listener == Listener::Nats;
    server::Options o = options(nats, !nats);
    o.tls.timeout = o.websocket.tls.timeout = std::chrono::milliseconds(300);
    auto server = startServer(o);
    QElapsedTimer elapsed;
    elapsed.start();
    bool closed = false;
    const QByteArray answer = exchangeRaw(nats ? server->natsPort() : server->wsPort(), bytes, &closed);
    QVERIFY(closed);
    QVERIFY2(elapsed.elapsed() >= 250, qPrintable(QString::number(elapsed.elapsed())));
    verifyHandshakeFailure(*server, listener, answer, QStringLiteral("TLS handshake timeout"));
}

void TestTlsIntegration::handshakeTimeoutDuringTlsIsRecordedOnce()
{
    // Regression: the TLS layer used to report its own failure too once the connection was
    // already closing for another reason, recording the client twice.
    server::Options o = options(false, true);
    o.websocket.handshakeTimeout = std::chrono::milliseconds(200);
    o.websocket.tls.timeout = std::chrono::milliseconds(5000);
    auto server = startServer(o);
    bool closed = false;
    const QByteArray answer = exchangeRaw(server->wsPort(), QByteArray("\x16\x03\x01", 3), &closed);
    QVERIFY(closed);
    QVERIFY(answer.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().rejections().size(), qsizetype(1), kWaitMs);
    QTest::qWait(1500);   // past the drain and the close
    const auto rejections = server->registry().rejections();
    QCOMPARE(rejections.size(), qsizetype(1));
    QCOMPARE(rejections.first().reason, QStringLiteral("handshake timeout"));
}

void TestTlsIntegration::serverClosesAfterTlsStillDeliverTheirLastWords()
{
    // The -ERR and the Close frame are encrypted and flushed before the half-close.
    server::Options o = options(true, true);
    o.maxPayload = 1024;
    auto server = startServer(o);

    TlsNatsClient nats(m_certs.clientConfiguration());
    QVERIFY(nats.connectTo(server->natsPort()));
    QVERIFY(nats.encrypt());
    nats.send("CONNECT {\"verbose\":false}\r\nBOGUS\r\n");
    QVERIFY(nats.waitForClose());
    QVERIFY2(nats.buffer().contains("-ERR 'Unknown Protocol Operation'\r\n"), nats.buffer().constData());

    QWebSocket ws;
    ws.setSslConfiguration(m_certs.clientConfiguration());
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    ws.open(wssUrl(*server));
    QVERIFY(connected.wait(kWaitMs));
    ws.sendBinaryMessage("CONNECT {\"verbose\":false}\r\nPUB x 2000\r\n" + QByteArray(2000, 'x') + "\r\n");
    QVERIFY(disconnected.wait(kWaitMs));
    QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void TestTlsIntegration::unreadableCertificateStopsTheServer_data()
{
    QTest::addColumn<bool>("websocketBlock");
    QTest::addColumn<QString>("certFile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("tls: missing cert_file") << false << QStringLiteral("missing.pem")
                                            << QStringLiteral("tls.cert_file: cannot read \"%1\"");
    QTest::newRow("websocket.tls: key as certificate") << true << QStringLiteral("server.key")
                                                       << QStringLiteral("websocket.tls.cert_file: no PEM certificate in \"%1\"");
}

void TestTlsIntegration::unreadableCertificateStopsTheServer()
{
    QFETCH(bool, websocketBlock);
    QFETCH(QString, certFile);
    QFETCH(QString, expected);
    server::Options o = options(!websocketBlock, websocketBlock);
    const QString path = m_certs.path(certFile);
    (websocketBlock ? o.websocket.tls : o.tls).certFile = path;
    server::Server server(o);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.startsWith(expected.arg(path)), qPrintable(error));
    QVERIFY(!server.isRunning());
    QCOMPARE(server.natsPort(), quint16(0));
}

void TestTlsIntegration::mismatchedKeyInAConfigFileNamesItsLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("tls.conf"));
    QFile config(file);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("port: -1\nwebsocket {\n  port: -1\n  tls {\n    cert_file: \"%1\"\n"
                                "    key_file: \"%2\"\n  }\n}\n")
                     .arg(m_certs.path(QStringLiteral("server.pem")), m_certs.path(QStringLiteral("client.key")))
                     .toUtf8());
    config.close();
    const server::LoadResult loaded = server::loadConfigFile(file, loopbackOptions());
    QVERIFY(loaded.options.has_value());
    server::Server server(*loaded.options);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.startsWith(file + QStringLiteral(":6:")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("websocket.tls.key_file: \"%1\" does not match cert_file")
                                .arg(m_certs.path(QStringLiteral("client.key")))),
             qPrintable(error));
}

QTEST_MAIN(TestTlsIntegration)
#include "tst_tls_integration.moc"
