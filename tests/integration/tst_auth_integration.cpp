// Authentication end to end in-process: raw TCP and QWebSocket clients log in with
// passwords (plain and bcrypt), tokens, WebSocket cookies and the no_auth_user, against
// nats-server's override rules; the monitor shows who and how, records refusals with the
// remote address, and no secret reaches the log, the snapshots, the connection log or an
// export.
#include "TestServer.h"

#include "core/monitor/ConnectionLog.h"
#include "core/monitor/Export.h"
#include "core/server/Logger.h"

#include <QFile>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

using namespace natsws;
using namespace natsws::testing;
using namespace Qt::StringLiterals;

namespace {

const QString kAlicePassword = u"Al1ce-pass-XYZ"_s;
const QString kBobPassword = u"B0b-secret-QRS"_s;
const QString kBobHash = u"$2b$04$sGbh49k7fIOBY3LnE8NCiunul5nXqC0n8bZzert2/tDM4svzgK.MG"_s;
const QString kWrongGuess = u"Wr0ng-guess-DEF"_s;
const QString kAdminPassword = u"Adm1n-pass-JKL"_s;
const QString kWsToken = u"Ws-T0ken-GHI"_s;

// Collects what a QWebSocket receives, and how it was closed.
class WsClient : public QObject {
public:
    WsClient()
    {
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) { stream += m; });
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) { stream += m.toUtf8(); });
    }
    bool open(quint16 port, const QByteArray &cookie = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        if (!cookie.isEmpty())
            request.setRawHeader("Cookie", cookie);
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(request);
        return connected.wait(3000);
    }
    bool waitFor(const QByteArray &marker, int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!stream.contains(marker) && !deadline.hasExpired())
            QTest::qWait(10);
        return stream.contains(marker);
    }
    void send(const QByteArray &bytes) { socket.sendBinaryMessage(bytes); }

    QWebSocket socket;
    QByteArray stream;
};

server::UserEntry user(const QString &name, const QString &password)
{
    server::UserEntry entry;
    entry.user = name;
    entry.password = password;
    return entry;
}

// Users alice (plain, may publish chat.> only), bob (bcrypt) and guest (the WebSocket
// no_auth_user); cookies nu/np carry a user and password.
server::Options usersOptions()
{
    server::Options o = loopbackOptions();
    o.authorization.configured = true;
    o.authorization.usersDefined = true;
    server::UserEntry alice = user(u"alice"_s, kAlicePassword);
    alice.publishAllow = {u"chat.>"_s};
    alice.permissionsGiven = true;
    o.authorization.users = {alice, user(u"bob"_s, kBobHash), user(u"guest"_s, QString())};
    o.websocket.noAuthUser = u"guest"_s;
    o.websocket.userCookie = u"nu"_s;
    o.websocket.passCookie = u"np"_s;
    return o;
}

// A top-level admin user; WebSocket clients use the websocket block's token instead (also
// from the nt cookie) and have 300 ms to authenticate.
server::Options overrideOptions()
{
    server::Options o = loopbackOptions();
    o.authorization.configured = true;
    o.authorization.user = u"admin"_s;
    o.authorization.password = kAdminPassword;
    o.websocket.authorization.configured = true;
    o.websocket.authorization.token = kWsToken;
    o.websocket.authorization.timeout = server::Millis{300};
    o.websocket.authorization.timeoutGiven = true;
    o.websocket.tokenCookie = u"nt"_s;
    return o;
}

QByteArray connectLine(const QString &user, const QString &pass)
{
    return QByteArrayLiteral("CONNECT {\"verbose\":false,\"user\":\"") + user.toUtf8() + "\",\"pass\":\"" + pass.toUtf8()
           + "\"}\r\nPING\r\n";
}

// Logs everything (debug and trace too) into a file for the duration of a test.
class CapturedLog {
public:
    CapturedLog() { server::Logger::instance().configure(true, true, true, m_dir.filePath(u"server.log"_s)); }
    ~CapturedLog() { server::Logger::instance().configure(false, false, true, QString()); }
    QByteArray text() const
    {
        QFile file(m_dir.filePath(u"server.log"_s));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private:
    QTemporaryDir m_dir;
};

// Every place a secret could leak to, as one text per place.
QList<std::pair<QString, QByteArray>> everyOutput(monitor::ConnectionRegistry &registry, const CapturedLog &log,
                                                  const QString &connectionLogPath)
{
    QList<std::pair<QString, QByteArray>> outputs;
    outputs.append({u"server log"_s, log.text()});
    QFile connectionLog(connectionLogPath);
    outputs.append({u"connection log"_s, connectionLog.open(QIODevice::ReadOnly) ? connectionLog.readAll() : QByteArray()});
    const monitor::ExportData data = monitor::exportDataFrom(registry);
    for (const auto kind : {monitor::RecordKind::OpenConnection, monitor::RecordKind::ClosedConnection,
                            monitor::RecordKind::Rejection}) {
        for (const auto format : {monitor::ExportFormat::Csv, monitor::ExportFormat::JsonLines}) {
            outputs.append({monitor::exportFileName(kind, format),
                            monitor::exportTable(monitor::exportRecords(data, kind), kind, format)});
        }
    }
    QByteArray snapshots;
    for (const monitor::ConnectionSnapshot &s : registry.openConnections()) {
        for (const auto &[name, value] : s.requestHeaders)
            snapshots += name.toUtf8() + ": " + value.toUtf8() + '\n';
        snapshots += s.user.toUtf8() + ' ' + s.authMethod.toUtf8() + ' ' + s.clientName.toUtf8() + '\n';
    }
    outputs.append({u"snapshots"_s, snapshots});
    return outputs;
}

void verifyNoSecret(const QList<std::pair<QString, QByteArray>> &outputs, const QStringList &secrets)
{
    for (const auto &[where, text] : outputs) {
        for (const QString &secret : secrets)
            QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(u"%1 contains %2"_s.arg(where, secret)));
    }
}

const monitor::ConnectionSnapshot *openByUser(const QList<monitor::ConnectionSnapshot> &open, const QString &user,
                                              monitor::ConnectionKind kind)
{
    for (const monitor::ConnectionSnapshot &s : open) {
        if (s.user == user && s.kind == kind)
            return &s;
    }
    return nullptr;
}

} // namespace

class TestAuthIntegration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usersCookiesAndNoAuthUser();
    void webSocketOverrideTokenAndTimeout();
};

void TestAuthIntegration::usersCookiesAndNoAuthUser()
{
    CapturedLog log;
    auto server = startServer(usersOptions());
    QTemporaryDir dir;
    const QString connectionLogPath = dir.filePath(u"connections.jsonl"_s);
    monitor::ConnectionLogWriter connectionLog(server->registry(), connectionLogPath);
    QVERIFY(connectionLog.isOpen());

    RawNatsClient alice;
    QVERIFY(alice.connectTo(server->natsPort()));
    QVERIFY(alice.buffer().contains("\"auth_required\":true"));
    alice.send(connectLine(u"alice"_s, kAlicePassword));
    QVERIFY(alice.waitFor("PONG\r\n"));
    alice.buffer().clear();
    alice.send("PUB secret.x 1\r\nx\r\nPUB chat.room 2\r\nhi\r\nPING\r\n");
    QVERIFY(alice.waitFor("PONG\r\n"));
    QCOMPARE(alice.buffer(), QByteArray("-ERR 'Permissions Violation for Publish to \"secret.x\"'\r\nPONG\r\n"));

    RawNatsClient bob;   // bcrypt, checked by libxcrypt
    QVERIFY(bob.connectTo(server->natsPort()));
    bob.send(connectLine(u"bob"_s, kBobPassword));
    QVERIFY(bob.waitFor("PONG\r\n"));

    RawNatsClient intruder;
    QVERIFY(intruder.connectTo(server->natsPort()));
    intruder.send(connectLine(u"alice"_s, kWrongGuess));
    QVERIFY(intruder.waitFor("-ERR 'Authorization Violation'\r\n"));

    RawNatsClient anonymousTcp;   // the websocket no_auth_user is for WebSocket clients only
    QVERIFY(anonymousTcp.connectTo(server->natsPort()));
    anonymousTcp.send("PING\r\n");
    QVERIFY(anonymousTcp.waitFor("-ERR 'Authorization Violation'\r\n"));

    WsClient cookieClient;
    QVERIFY(cookieClient.open(server->wsPort(), "nu=alice; np=" + kAlicePassword.toUtf8()));
    QVERIFY(cookieClient.waitFor("\"auth_required\":true"));
    cookieClient.send("CONNECT {\"verbose\":false,\"name\":\"by-cookie\"}\r\nPING\r\n");
    QVERIFY(cookieClient.waitFor("PONG\r\n"));

    WsClient guest;
    QVERIFY(guest.open(server->wsPort()));
    guest.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
    QVERIFY(guest.waitFor("PONG\r\n"));

    // Who and how, never a credential.
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), 2, 3000);
    const QList<monitor::ConnectionSnapshot> open = server->registry().openConnections();
    const auto *tcpAlice = openByUser(open, u"alice"_s, monitor::ConnectionKind::Tcp);
    const auto *wsAlice = openByUser(open, u"alice"_s, monitor::ConnectionKind::WebSocket);
    const auto *tcpBob = openByUser(open, u"bob"_s, monitor::ConnectionKind::Tcp);
    const auto *wsGuest = openByUser(open, u"guest"_s, monitor::ConnectionKind::WebSocket);
    QVERIFY(tcpAlice && wsAlice && tcpBob && wsGuest);
    QCOMPARE(tcpAlice->authMethod, u"user/password"_s);
    QCOMPARE(wsAlice->authMethod, u"user/password (cookie)"_s);
    QCOMPARE(wsAlice->clientName, u"by-cookie"_s);
    QCOMPARE(tcpBob->authMethod, u"user/password"_s);
    QCOMPARE(wsGuest->authMethod, u"no_auth_user"_s);
    bool cookieMasked = false;
    for (const auto &[name, value] : wsAlice->requestHeaders)
        cookieMasked = cookieMasked || (name.compare(u"cookie"_s, Qt::CaseInsensitive) == 0 && !value.contains(u"alice"_s));
    QVERIFY(cookieMasked);

    // Refusals are recorded as Authentication Failure with the remote address.
    for (const monitor::ClosedConnection &closed : server->registry().closedConnections()) {
        QCOMPARE(closed.reason, u"Authentication Failure"_s);
        QCOMPARE(closed.connection.remoteIp, u"127.0.0.1"_s);
        QVERIFY(closed.connection.remotePort > 0);
    }
    const QByteArray logText = log.text();
    QVERIFY(logText.contains("authentication error - User \"alice\""));
    QVERIFY(logText.contains("Publish Violation - User \"alice\", Subject \"secret.x\""));

    const auto outputs = everyOutput(server->registry(), log, connectionLogPath);
    verifyNoSecret(outputs, {kAlicePassword, kBobPassword, kBobHash, kWrongGuess});
    QVERIFY(outputs.at(1).second.contains("\"alice\""));   // the connection log is really there
}

void TestAuthIntegration::webSocketOverrideTokenAndTimeout()
{
    CapturedLog log;
    auto server = startServer(overrideOptions());
    QTemporaryDir dir;
    const QString connectionLogPath = dir.filePath(u"connections.jsonl"_s);
    monitor::ConnectionLogWriter connectionLog(server->registry(), connectionLogPath);

    RawNatsClient admin;
    QVERIFY(admin.connectTo(server->natsPort()));
    admin.send(connectLine(u"admin"_s, kAdminPassword));
    QVERIFY(admin.waitFor("PONG\r\n"));

    RawNatsClient tokenOverTcp;   // the WebSocket token is not a TCP credential
    QVERIFY(tokenOverTcp.connectTo(server->natsPort()));
    tokenOverTcp.send("CONNECT {\"verbose\":false,\"auth_token\":\"" + kWsToken.toUtf8() + "\"}\r\nPING\r\n");
    QVERIFY(tokenOverTcp.waitFor("-ERR 'Authorization Violation'\r\n"));

    WsClient byCookie;
    QVERIFY(byCookie.open(server->wsPort(), "nt=" + kWsToken.toUtf8()));
    byCookie.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
    QVERIFY(byCookie.waitFor("PONG\r\n"));

    WsClient adminOverWs;   // with the override, top-level credentials do not work over WS
    QVERIFY(adminOverWs.open(server->wsPort()));
    adminOverWs.send(connectLine(u"admin"_s, kAdminPassword));
    QVERIFY(adminOverWs.waitFor("-ERR 'Authorization Violation'\r\n"));

    WsClient silent;   // the websocket authorization timeout (300 ms) applies
    QSignalSpy closed(&silent.socket, &QWebSocket::disconnected);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(silent.open(server->wsPort()));
    QVERIFY(silent.waitFor("-ERR 'Authentication Timeout'\r\n", 3000));
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(closed.wait(3000) || closed.size() == 1);
    QCOMPARE(silent.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), 3, 3000);
    QStringList reasons;
    for (const monitor::ClosedConnection &c : server->registry().closedConnections())
        reasons.append(c.reason);
    reasons.sort();
    QCOMPARE(reasons, (QStringList{u"Authentication Failure"_s, u"Authentication Failure"_s, u"Authentication Timeout"_s}));
    const QList<monitor::ConnectionSnapshot> open = server->registry().openConnections();
    const auto tokenClient = std::find_if(open.cbegin(), open.cend(), [](const monitor::ConnectionSnapshot &s) {
        return s.kind == monitor::ConnectionKind::WebSocket;
    });
    QVERIFY(tokenClient != open.cend());
    QCOMPARE(tokenClient->authMethod, u"token (cookie)"_s);
    const auto *adminSnapshot = openByUser(open, u"admin"_s, monitor::ConnectionKind::Tcp);
    QVERIFY(adminSnapshot);
    QCOMPARE(adminSnapshot->authMethod, u"user/password"_s);

    verifyNoSecret(everyOutput(server->registry(), log, connectionLogPath), {kAdminPassword, kWsToken});
}

QTEST_MAIN(TestAuthIntegration)
#include "tst_auth_integration.moc"
