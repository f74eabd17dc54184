// Authenticator (nats-server's client authentication without nkeys/JWT), bcrypt and
// constant-time password checks, the WebSocket overrides, allowed_connection_types, the
// credential cookies, and the permissions the config loader hands to the authenticator.
#include "core/nats/ConnectJson.h"
#include "core/server/Authenticator.h"
#include "core/server/CredentialCookies.h"
#include "core/server/Options.h"
#include "core/ws/Handshake.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace natsws;
using namespace natsws::server;
using namespace Qt::StringLiterals;

namespace {

// "s3cret" hashed by libxcrypt (cost 4), and two vectors made by Go's bcrypt (`nats server
// passwd`, from nats-server's own tests), so both implementations are proven to agree.
const QString kHash2b = u"$2b$04$GuOinGgIo/Gg0ocNJwg/hOjpQBVpXcx8pY5Tl1wwO9x91uPokTXsS"_s;
const QString kHash2a = u"$2a$04$j8YD18g/Ql3aFhUMPuP8XejM7fePQsWDURbU1mMRhMFHlhjJeCuPS"_s;
const QString kGoPassword = u"IW@$6v(y1(t@fhPDvf!5^%"_s;
const QString kGoPasswordHash = u"$2a$04$Q.CgCP2Sl9pkcTXEZHazaeMwPaAkSHk7AI51HkyMt5iJQQyUA4qxq"_s;
const QString kGoToken = u"0uhJOSr3GW7xvHvtd^K6pa"_s;
const QString kGoTokenHash = u"$2a$04$u5ZClXpcjHgpfc61Ee0VKuwI1K3vTC4zq7SjphjnlHMeb1Llkb5Y6"_s;

// Loads a config text the way natsws-server does; the test fails on any load or
// validation error.
std::optional<Options> loadOptions(const QByteArray &text, QString *problem)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("auth.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size()) {
        *problem = QStringLiteral("cannot write %1").arg(path);
        return std::nullopt;
    }
    file.close();
    LoadResult loaded = loadConfigFile(path);
    QList<ConfigIssue> issues = loaded.errors;
    if (loaded.options)
        issues += validateOptions(*loaded.options);
    if (!issues.isEmpty()) {
        *problem = issues.first().toString();
        return std::nullopt;
    }
    return loaded.options;
}

// CONNECT's JSON as the session reads it; an empty text stands for "no CONNECT yet".
nats::ConnectInfo connectFrom(const QByteArray &json)
{
    nats::ConnectInfo info;
    if (json.isEmpty())
        return info;
    if (!nats::mergeConnectJson(json, info).ok)
        qWarning("bad CONNECT JSON in a test row: %s", json.constData());
    info.received = true;
    return info;
}

ClientTransport transportOf(const QString &name)
{
    return name == QLatin1String("ws") ? ClientTransport::WebSocket : ClientTransport::Standard;
}

QByteArray upgradeRequest(const QByteArray &extraHeaders)
{
    return "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
           + extraHeaders + "\r\n";
}

} // namespace

class TestAuthenticator : public QObject {
    Q_OBJECT
private slots:
    void decisions_data();
    void decisions();
    void requiredAndTimeout_data();
    void requiredAndTimeout();
    void bcryptHashes_data();
    void bcryptHashes();
    void passwords_data();
    void passwords();
    void cookies_data();
    void cookies();
    void permissionsFromConfig_data();
    void permissionsFromConfig();
    void responseLimitsFromConfig_data();
    void responseLimitsFromConfig();
    void invalidConfig_data();
    void invalidConfig();
};

void TestAuthenticator::decisions_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QByteArray>("connect");   // empty: the first operation was not CONNECT
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("user");

    const QByteArray single = "authorization { user: alice, password: s3cret }\n";
    const QByteArray token = "authorization { token: \"t0k3n\" }\n";
    const QByteArray users = "authorization { users: [\n"
                             "  {user: alice, password: s3cret}\n"
                             "  {user: bob, password: \"" + kHash2b.toUtf8() + "\"}\n"
                             "  {user: guest, password: \"\"}\n"
                             "  {user: tcponly, password: p, allowed_connection_types: [\"STANDARD\"]}\n"
                             "  {user: wsonly, password: p, allowed_connection_types: [websocket]}\n"
                             "  {user: mqttonly, password: p, allowed_connection_types: [\"MQTT\"]}\n"
                             "  {user: anytype, password: p, allowed_connection_types: []}\n"
                             "] }\n";
    const QByteArray wsBlock = "websocket { port: 8080, no_tls: true, ";

    QTest::newRow("no auth configured: admitted, user shown as sent")
        << QByteArray() << u"tcp"_s << QByteArray("{\"user\":\"x\",\"pass\":\"y\"}") << true << QString() << u"x"_s;
    QTest::newRow("timeout alone requires nothing")
        << QByteArray("authorization { timeout: 3 }") << u"tcp"_s << QByteArray("{}") << true << QString() << QString();
    QTest::newRow("password alone requires nothing")
        << QByteArray("authorization { password: lonely }") << u"tcp"_s << QByteArray("{}") << true << QString() << QString();

    QTest::newRow("single user: right") << single << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}")
                                        << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("single user: wrong password") << single << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"nope\"}")
                                                 << false << u"user/password"_s << QString();
    QTest::newRow("single user: wrong user") << single << u"tcp"_s << QByteArray("{\"user\":\"mallory\",\"pass\":\"s3cret\"}")
                                             << false << u"user/password"_s << QString();
    QTest::newRow("single user: password prefix") << single << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cre\"}")
                                                  << false << u"user/password"_s << QString();
    QTest::newRow("single user: nothing sent") << single << u"tcp"_s << QByteArray("{}") << false << u"user/password"_s << QString();
    QTest::newRow("single user: over websocket") << single << u"ws"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}")
                                                 << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("single bcrypt user")
        << QByteArray("authorization { user: alice, password: \"" + kGoPasswordHash.toUtf8() + "\" }")
        << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"IW@$6v(y1(t@fhPDvf!5^%\"}") << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("single bcrypt user: the hash itself is no password")
        << QByteArray("authorization { user: alice, password: \"" + kGoPasswordHash.toUtf8() + "\" }")
        << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"" + kGoPasswordHash.toUtf8() + "\"}") << false << u"user/password"_s << QString();

    QTest::newRow("token: right") << token << u"tcp"_s << QByteArray("{\"auth_token\":\"t0k3n\"}") << true << u"token"_s << QString();
    QTest::newRow("token: wrong") << token << u"tcp"_s << QByteArray("{\"auth_token\":\"t0k3\"}") << false << u"token"_s << QString();
    QTest::newRow("token: sent as password") << token << u"tcp"_s << QByteArray("{\"user\":\"a\",\"pass\":\"t0k3n\"}")
                                             << false << u"token"_s << QString();
    QTest::newRow("bcrypt token") << QByteArray("authorization { token: \"" + kGoTokenHash.toUtf8() + "\" }")
                                  << u"tcp"_s << QByteArray("{\"auth_token\":\"0uhJOSr3GW7xvHvtd^K6pa\"}") << true << u"token"_s << QString();

    QTest::newRow("users: right") << users << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}")
                                  << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("users: wrong password names the user") << users << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"x\"}")
                                                           << false << QString() << u"alice"_s;
    QTest::newRow("users: unknown user") << users << u"tcp"_s << QByteArray("{\"user\":\"eve\",\"pass\":\"s3cret\"}")
                                         << false << QString() << u"eve"_s;
    QTest::newRow("users: no user, no no_auth_user") << users << u"tcp"_s << QByteArray("{}") << false << QString() << QString();
    QTest::newRow("users: bcrypt right") << users << u"tcp"_s << QByteArray("{\"user\":\"bob\",\"pass\":\"s3cret\"}")
                                         << true << u"user/password"_s << u"bob"_s;
    QTest::newRow("users: bcrypt wrong") << users << u"tcp"_s << QByteArray("{\"user\":\"bob\",\"pass\":\"s3cret!\"}")
                                         << false << QString() << u"bob"_s;
    QTest::newRow("users: empty password matches empty") << users << u"tcp"_s << QByteArray("{\"user\":\"guest\"}")
                                                         << true << u"user/password"_s << u"guest"_s;
    QTest::newRow("users: empty list refuses everyone") << QByteArray("authorization { users: [] }") << u"tcp"_s
                                                        << QByteArray("{\"user\":\"a\",\"pass\":\"b\"}") << false << QString() << QString();

    QTest::newRow("types: STANDARD over tcp") << users << u"tcp"_s << QByteArray("{\"user\":\"tcponly\",\"pass\":\"p\"}")
                                              << true << u"user/password"_s << u"tcponly"_s;
    QTest::newRow("types: STANDARD over ws") << users << u"ws"_s << QByteArray("{\"user\":\"tcponly\",\"pass\":\"p\"}")
                                             << false << QString() << u"tcponly"_s;
    QTest::newRow("types: websocket (any case) over ws") << users << u"ws"_s << QByteArray("{\"user\":\"wsonly\",\"pass\":\"p\"}")
                                                         << true << u"user/password"_s << u"wsonly"_s;
    QTest::newRow("types: websocket over tcp") << users << u"tcp"_s << QByteArray("{\"user\":\"wsonly\",\"pass\":\"p\"}")
                                               << false << QString() << u"wsonly"_s;
    QTest::newRow("types: only MQTT admits neither") << users << u"ws"_s << QByteArray("{\"user\":\"mqttonly\",\"pass\":\"p\"}")
                                                     << false << QString() << u"mqttonly"_s;
    QTest::newRow("types: empty list admits all") << users << u"ws"_s << QByteArray("{\"user\":\"anytype\",\"pass\":\"p\"}")
                                                  << true << u"user/password"_s << u"anytype"_s;

    const QByteArray noAuth = users + "no_auth_user: guest\n";
    QTest::newRow("no_auth_user: empty CONNECT") << noAuth << u"tcp"_s << QByteArray("{}") << true << u"no_auth_user"_s << u"guest"_s;
    QTest::newRow("no_auth_user: first op not CONNECT") << noAuth << u"tcp"_s << QByteArray() << true << u"no_auth_user"_s << u"guest"_s;
    QTest::newRow("no_auth_user: a wrong password is no fallback")
        << noAuth << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"x\"}") << false << QString() << u"alice"_s;
    QTest::newRow("no_auth_user: a password alone is no fallback")
        << noAuth << u"tcp"_s << QByteArray("{\"pass\":\"x\"}") << false << QString() << QString();
    QTest::newRow("no_auth_user: a token alone is no fallback")
        << noAuth << u"tcp"_s << QByteArray("{\"auth_token\":\"x\"}") << false << QString() << QString();
    QTest::newRow("no_auth_user: explicit user still works")
        << noAuth << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}") << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("no_auth_user: applies to websocket without override") << noAuth << u"ws"_s << QByteArray("{}")
                                                                        << true << u"no_auth_user"_s << u"guest"_s;
    QTest::newRow("no_auth_user: its connection types apply")
        << users + "no_auth_user: tcponly\n" << u"ws"_s << QByteArray("{}") << false << QString() << u"tcponly"_s;
    // nats-server compares the no_auth_user's password with itself: a bcrypt one never matches.
    QTest::newRow("no_auth_user with a bcrypt password is refused (as nats-server)")
        << users + "no_auth_user: bob\n" << u"tcp"_s << QByteArray("{}") << false << QString() << u"bob"_s;
    QTest::newRow("no no_auth_user: first op not CONNECT refused") << users << u"tcp"_s << QByteArray() << false << QString() << QString();

    const QByteArray wsUser = wsBlock + "authorization { user: wsu, password: wsp } }\n";
    QTest::newRow("ws override user: ws client with ws credentials")
        << single + wsUser << u"ws"_s << QByteArray("{\"user\":\"wsu\",\"pass\":\"wsp\"}") << true << u"user/password"_s << u"wsu"_s;
    QTest::newRow("ws override user: ws client with top-level credentials")
        << single + wsUser << u"ws"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}") << false << u"user/password"_s << QString();
    QTest::newRow("ws override user: tcp client with top-level credentials")
        << single + wsUser << u"tcp"_s << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}") << true << u"user/password"_s << u"alice"_s;
    QTest::newRow("ws override user: tcp client with ws credentials")
        << single + wsUser << u"tcp"_s << QByteArray("{\"user\":\"wsu\",\"pass\":\"wsp\"}") << false << u"user/password"_s << QString();
    QTest::newRow("ws override, no top-level auth: tcp open")
        << wsUser << u"tcp"_s << QByteArray("{}") << true << QString() << QString();
    QTest::newRow("ws override, no top-level auth: ws needs credentials")
        << wsUser << u"ws"_s << QByteArray("{}") << false << u"user/password"_s << QString();
    const QByteArray wsToken = wsBlock + "authorization { token: wstok } }\n";
    QTest::newRow("ws override token: right") << token + wsToken << u"ws"_s << QByteArray("{\"auth_token\":\"wstok\"}")
                                              << true << u"token"_s << QString();
    QTest::newRow("ws override token: the top-level token is not it")
        << token + wsToken << u"ws"_s << QByteArray("{\"auth_token\":\"t0k3n\"}") << false << u"token"_s << QString();
    QTest::newRow("ws password alone is no override")
        << single + wsBlock + "authorization { password: x } }\n" << u"ws"_s
        << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}") << true << u"user/password"_s << u"alice"_s;
    const QByteArray wsNoAuth = users + wsBlock + "no_auth_user: guest }\n";
    QTest::newRow("ws no_auth_user: ws client without credentials")
        << wsNoAuth << u"ws"_s << QByteArray("{}") << true << u"no_auth_user"_s << u"guest"_s;
    QTest::newRow("ws no_auth_user: ws first op not CONNECT")
        << wsNoAuth << u"ws"_s << QByteArray() << true << u"no_auth_user"_s << u"guest"_s;
    QTest::newRow("ws no_auth_user: not for tcp clients") << wsNoAuth << u"tcp"_s << QByteArray("{}") << false << QString() << QString();
    QTest::newRow("ws no_auth_user: users still log in over ws")
        << wsNoAuth << u"ws"_s << QByteArray("{\"user\":\"bob\",\"pass\":\"s3cret\"}") << true << u"user/password"_s << u"bob"_s;
    QTest::newRow("ws no_auth_user replaces the top-level one")
        << users + "no_auth_user: alice\n" + wsBlock + "no_auth_user: guest }\n" << u"ws"_s << QByteArray("{}")
        << true << u"no_auth_user"_s << u"guest"_s;
}

void TestAuthenticator::decisions()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, transport);
    QFETCH(QByteArray, connect);
    QFETCH(bool, accepted);
    QFETCH(QString, method);
    QFETCH(QString, user);
    QString problem;
    const std::optional<Options> options = loadOptions(config, &problem);
    QVERIFY2(options, qPrintable(problem));
    const Authenticator authenticator(*options);
    const nats::AuthResult result = authenticator.authenticate(connectFrom(connect), transportOf(transport));
    QCOMPARE(result.accepted, accepted);
    QCOMPARE(nats::authMethodText(result), method);
    QCOMPARE(result.user, user);
    QVERIFY(!result.viaCookie);   // cookies are the connection's business
}

void TestAuthenticator::requiredAndTimeout_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<bool>("tcpRequired");
    QTest::addColumn<bool>("wsRequired");
    QTest::addColumn<int>("tcpTimeoutMs");
    QTest::addColumn<int>("wsTimeoutMs");
    QTest::addColumn<bool>("override");

    const QByteArray ws = "websocket { port: 8080, no_tls: true, ";
    QTest::newRow("nothing") << QByteArray() << false << false << 2000 << 2000 << false;
    QTest::newRow("top-level user") << QByteArray("authorization { user: a, password: b, timeout: 3 }")
                                    << true << true << 3000 << 3000 << false;
    QTest::newRow("top-level token") << QByteArray("authorization { token: t }") << true << true << 2000 << 2000 << false;
    QTest::newRow("users list, even empty") << QByteArray("authorization { users: [] }") << true << true << 2000 << 2000 << false;
    QTest::newRow("timeout alone") << QByteArray("authorization { timeout: 5 }") << false << false << 5000 << 5000 << false;
    QTest::newRow("ws user: required for ws only") << ws + "authorization { user: u, password: p } }"
                                                   << false << true << 2000 << 2000 << true;
    QTest::newRow("ws token") << ws + "authorization { token: t } }" << false << true << 2000 << 2000 << true;
    QTest::newRow("ws no_auth_user") << QByteArray("authorization { users: [{user: g}] }\n") + ws + "no_auth_user: g }"
                                     << true << true << 2000 << 2000 << true;
    QTest::newRow("ws password alone: no override") << ws + "authorization { password: p } }"
                                                    << false << false << 2000 << 2000 << false;
    QTest::newRow("ws timeout replaces the global one")
        << QByteArray("authorization { token: t, timeout: 3 }\n") + ws + "authorization { timeout: 0.5 } }"
        << true << true << 3000 << 500 << false;
    QTest::newRow("ws timeout 0 keeps the global one")
        << QByteArray("authorization { token: t, timeout: 3 }\n") + ws + "authorization { timeout: 0 } }"
        << true << true << 3000 << 3000 << false;
    QTest::newRow("TLS on the NATS port: its timeout + 1 s")
        << QByteArray("tls { cert_file: /dev/null, key_file: /dev/null, timeout: 4 }\nauthorization { token: t }")
        << true << true << 5000 << 5000 << false;
    QTest::newRow("TLS: a given timeout stays") << QByteArray("tls { cert_file: /dev/null, key_file: /dev/null }\n"
                                                            "authorization { token: t, timeout: 1 }")
                                                 << true << true << 1000 << 1000 << false;
    QTest::newRow("TLS on the websocket port alone changes nothing")
        << ws + "tls { cert_file: /dev/null, key_file: /dev/null, timeout: 7 }, authorization { token: t } }"
        << false << true << 2000 << 2000 << true;
    QTest::newRow("timeout 0 means the default") << QByteArray("authorization { token: t, timeout: 0 }")
                                                 << true << true << 2000 << 2000 << false;
    QTest::newRow("ws override follows a global timeout written after it")
        << ws + "authorization { user: u, password: p } }\nauthorization { timeout: 4 }"
        << false << true << 4000 << 4000 << true;
}

void TestAuthenticator::requiredAndTimeout()
{
    QFETCH(QByteArray, config);
    QFETCH(bool, tcpRequired);
    QFETCH(bool, wsRequired);
    QFETCH(int, tcpTimeoutMs);
    QFETCH(int, wsTimeoutMs);
    QFETCH(bool, override);
    QString problem;
    const std::optional<Options> options = loadOptions(config, &problem);
    QVERIFY2(options, qPrintable(problem));
    const Authenticator authenticator(*options);
    QCOMPARE(authenticator.authRequired(ClientTransport::Standard), tcpRequired);
    QCOMPARE(authenticator.authRequired(ClientTransport::WebSocket), wsRequired);
    QCOMPARE(authenticator.authTimeout(ClientTransport::Standard).count(), qint64(tcpTimeoutMs));
    QCOMPARE(authenticator.authTimeout(ClientTransport::WebSocket).count(), qint64(wsTimeoutMs));
    QCOMPARE(authenticator.webSocketOverride(), override);
}

void TestAuthenticator::bcryptHashes_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("bcrypt");
    QTest::newRow("$2a$") << kHash2a << true;
    QTest::newRow("$2b$") << kHash2b << true;
    QTest::newRow("$2y$") << u"$2y$10$abc"_s << true;
    QTest::newRow("$2x$") << u"$2x$10$abc"_s << true;
    QTest::newRow("$2c$ is not") << u"$2c$10$abc"_s << false;
    QTest::newRow("one cost digit") << u"$2a$4$abc"_s << false;
    QTest::newRow("no $ after cost") << u"$2a$04abc"_s << false;
    QTest::newRow("sha512-crypt is plain text here") << u"$6$salt$hash"_s << false;
    QTest::newRow("plain") << u"s3cret"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("not at the start") << u"x$2a$04$abc"_s << false;
}

void TestAuthenticator::bcryptHashes()
{
    QFETCH(QString, password);
    QFETCH(bool, bcrypt);
    QCOMPARE(isBcryptHash(password), bcrypt);
}

void TestAuthenticator::passwords_data()
{
    QTest::addColumn<QString>("configured");
    QTest::addColumn<QString>("given");
    QTest::addColumn<bool>("matches");
    QTest::newRow("plain equal") << u"s3cret"_s << u"s3cret"_s << true;
    QTest::newRow("plain differs") << u"s3cret"_s << u"s3creT"_s << false;
    QTest::newRow("plain prefix") << u"s3cret"_s << u"s3c"_s << false;
    QTest::newRow("plain longer") << u"s3cret"_s << u"s3cret!"_s << false;
    QTest::newRow("plain empty both") << QString() << QString() << true;
    QTest::newRow("plain empty given") << u"s3cret"_s << QString() << false;
    QTest::newRow("plain utf-8") << u"pässwörd"_s << u"pässwörd"_s << true;
    QTest::newRow("libxcrypt $2b$ right") << kHash2b << u"s3cret"_s << true;
    QTest::newRow("libxcrypt $2b$ wrong") << kHash2b << u"s3cret "_s << false;
    QTest::newRow("libxcrypt $2a$ right") << kHash2a << u"s3cret"_s << true;
    QTest::newRow("bcrypt empty given") << kHash2a << QString() << false;
    QTest::newRow("Go bcrypt password right") << kGoPasswordHash << kGoPassword << true;
    QTest::newRow("Go bcrypt password wrong") << kGoPasswordHash << kGoToken << false;
    QTest::newRow("Go bcrypt token right") << kGoTokenHash << kGoToken << true;
    QTest::newRow("hash given as password") << kGoTokenHash << kGoTokenHash << false;
    QTest::newRow("NUL cuts nothing short") << kHash2b << u"s3cret\u0000tail"_s << false;
    QTest::newRow("malformed bcrypt hash") << u"$2a$04$short"_s << u"s3cret"_s << false;
}

void TestAuthenticator::passwords()
{
    QFETCH(QString, configured);
    QFETCH(QString, given);
    QFETCH(bool, matches);
    QCOMPARE(passwordMatches(configured, given), matches);
}

void TestAuthenticator::cookies_data()
{
    QTest::addColumn<QByteArray>("wsConfig");      // inside websocket { }
    QTest::addColumn<QByteArray>("cookieHeaders");
    QTest::addColumn<QByteArray>("connect");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("method");

    const QByteArray names = "user_cookie: nu, pass_cookie: np, token_cookie: nt, ";
    const QByteArray wsUser = names + "authorization { user: alice, password: s3cret }";
    const QByteArray wsToken = names + "authorization { token: t0k }";
    QTest::newRow("user and password from cookies")
        << wsUser << QByteArray("Cookie: nu=alice; np=s3cret\r\n") << QByteArray("{}") << true << u"user/password (cookie)"_s;
    QTest::newRow("password from a cookie, user in CONNECT")
        << wsUser << QByteArray("Cookie: np=s3cret\r\n") << QByteArray("{\"user\":\"alice\"}") << true << u"user/password (cookie)"_s;
    QTest::newRow("CONNECT wins over cookies")
        << wsUser << QByteArray("Cookie: nu=alice; np=wrong\r\n") << QByteArray("{\"user\":\"alice\",\"pass\":\"s3cret\"}")
        << true << u"user/password"_s;
    QTest::newRow("a wrong CONNECT password is not rescued by the cookie")
        << wsUser << QByteArray("Cookie: nu=alice; np=s3cret\r\n") << QByteArray("{\"user\":\"alice\",\"pass\":\"bad\"}")
        << false << u"user/password"_s;
    QTest::newRow("last cookie of a name wins")
        << wsUser << QByteArray("Cookie: nu=alice; np=first\r\nCookie: np=s3cret\r\n") << QByteArray("{}") << true
        << u"user/password (cookie)"_s;
    QTest::newRow("wrong cookie password") << wsUser << QByteArray("Cookie: nu=alice; np=nope\r\n") << QByteArray("{}")
                                           << false << u"user/password"_s;
    QTest::newRow("other cookie names are ignored")
        << wsUser << QByteArray("Cookie: user=alice; pass=s3cret\r\n") << QByteArray("{}") << false << u"user/password"_s;
    QTest::newRow("names are case-sensitive")
        << wsUser << QByteArray("Cookie: NU=alice; NP=s3cret\r\n") << QByteArray("{}") << false << u"user/password"_s;
    QTest::newRow("token from a cookie") << wsToken << QByteArray("Cookie: nt=t0k\r\n") << QByteArray("{}") << true << u"token (cookie)"_s;
    QTest::newRow("token in CONNECT wins")
        << wsToken << QByteArray("Cookie: nt=bad\r\n") << QByteArray("{\"auth_token\":\"t0k\"}") << true << u"token"_s;
    QTest::newRow("no cookie names configured")
        << QByteArray("authorization { user: alice, password: s3cret }") << QByteArray("Cookie: nu=alice; np=s3cret\r\n")
        << QByteArray("{}") << false << u"user/password"_s;
    QTest::newRow("quoted cookie value") << wsUser << QByteArray("Cookie: nu=alice; np=\"s3cret\"\r\n") << QByteArray("{}")
                                         << true << u"user/password (cookie)"_s;
}

void TestAuthenticator::cookies()
{
    QFETCH(QByteArray, wsConfig);
    QFETCH(QByteArray, cookieHeaders);
    QFETCH(QByteArray, connect);
    QFETCH(bool, accepted);
    QFETCH(QString, method);
    QString problem;
    const std::optional<Options> options = loadOptions("websocket { port: 8080, no_tls: true, " + wsConfig + " }", &problem);
    QVERIFY2(options, qPrintable(problem));

    // The handshake keeps the configured cookies (last wins); the connection fills CONNECT.
    ws::HandshakePolicy policy;
    policy.userCookie = options->websocket.userCookie.toUtf8();
    policy.passCookie = options->websocket.passCookie.toUtf8();
    policy.tokenCookie = options->websocket.tokenCookie.toUtf8();
    ws::HttpRequestReader reader;
    QCOMPARE(reader.feed(upgradeRequest(cookieHeaders)), ws::HttpRequestReader::Status::Complete);
    const ws::HandshakeResult handshake = ws::evaluateHandshake(reader.request(), policy);
    QVERIFY(handshake.accepted);

    nats::ConnectInfo info = connectFrom(connect);
    const CookieFill filled = fillFromCookies(info, handshake.cookies, policy);
    nats::AuthResult result = Authenticator(*options).authenticate(info, ClientTransport::WebSocket);
    result.viaCookie = result.accepted && filled.supplied(result.method);
    QCOMPARE(result.accepted, accepted);
    QCOMPARE(nats::authMethodText(result), method);
}

void TestAuthenticator::permissionsFromConfig_data()
{
    QTest::addColumn<QByteArray>("permissions");   // the user's permissions: value, or empty
    QTest::addColumn<QByteArray>("defaults");      // the block's default_permissions, or empty
    QTest::addColumn<QStringList>("checks");       // "pub <subject>" / "sub <subject> [queue]"
    QTest::addColumn<QString>("expected");         // one y/n per check

    const QStringList checks{u"pub a.1"_s, u"pub b"_s, u"pub _INBOX.x"_s, u"sub a.1"_s, u"sub c"_s, u"sub c q"_s};
    QTest::newRow("no permissions: everything") << QByteArray() << QByteArray() << checks << u"yyyyyy"_s;
    QTest::newRow("empty map: everything") << QByteArray("{}") << QByteArray() << checks << u"yyyyyy"_s;
    QTest::newRow("old style lists") << QByteArray("{publish: \"a.*\", subscribe: [\"c\"]}") << QByteArray() << checks
                                     << u"ynnnyy"_s;
    QTest::newRow("allow and deny maps") << QByteArray("{publish: {allow: \">\", deny: \"b\"}, subscribe: {deny: \"c q\"}}")
                                         << QByteArray() << checks << u"ynyyyn"_s;
    QTest::newRow("allow_responses closes publishing")
        << QByteArray("{allow_responses: true}") << QByteArray() << checks << u"nnnyyy"_s;
    QTest::newRow("allow_responses keeps a given allow list")
        << QByteArray("{publish: \"b\", allow_responses: true}") << QByteArray() << checks << u"nynyyy"_s;
    QTest::newRow("allow_responses false changes nothing")
        << QByteArray("{allow_responses: false}") << QByteArray() << checks << u"yyyyyy"_s;
    QTest::newRow("default_permissions apply to users without their own")
        << QByteArray() << QByteArray("{publish: \"b\"}") << checks << u"nynyyy"_s;
    QTest::newRow("own permissions replace the defaults")
        << QByteArray("{subscribe: \"a.>\"}") << QByteArray("{publish: \"b\"}") << checks << u"yyyynn"_s;
}

void TestAuthenticator::permissionsFromConfig()
{
    QFETCH(QByteArray, permissions);
    QFETCH(QByteArray, defaults);
    QFETCH(QStringList, checks);
    QFETCH(QString, expected);
    QByteArray config = "authorization {\n";
    if (!defaults.isEmpty())
        config += "default_permissions: " + defaults + "\n";
    config += "users: [ {user: u, password: p" + (permissions.isEmpty() ? QByteArray() : ", permissions: " + permissions) + "} ]\n}";
    QString problem;
    const std::optional<Options> options = loadOptions(config, &problem);
    QVERIFY2(options, qPrintable(problem));
    const nats::AuthResult result = Authenticator(*options).authenticate(connectFrom("{\"user\":\"u\",\"pass\":\"p\"}"),
                                                                         ClientTransport::Standard);
    QVERIFY(result.accepted);
    QString got;
    for (const QString &check : checks) {
        const QByteArrayList parts = check.toUtf8().split(' ');
        bool allowed = true;
        if (result.permissions) {
            allowed = parts.at(0) == "pub" ? result.permissions->publishAllowed(parts.at(1))
                                           : result.permissions->subscribeAllowed(parts.at(1), parts.value(2));
        }
        got += allowed ? QLatin1Char('y') : QLatin1Char('n');
    }
    QCOMPARE(got, expected);
}

void TestAuthenticator::responseLimitsFromConfig_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("maxMessages");
    QTest::addColumn<int>("expiresMs");
    QTest::newRow("true: nats-server defaults") << QByteArray("true") << 1 << 120000;
    QTest::newRow("empty map: defaults") << QByteArray("{}") << 1 << 120000;
    QTest::newRow("max and expires") << QByteArray("{max: 5, expires: \"1m\"}") << 5 << 60000;
    QTest::newRow("aliases") << QByteArray("{max_responses: 3, ttl: \"250ms\"}") << 3 << 250;
    QTest::newRow("zero keeps defaults") << QByteArray("{max: 0, expires: \"0s\"}") << 1 << 120000;
    QTest::newRow("negative lifts the limits") << QByteArray("{max: -1, expires: \"-1s\"}") << -1 << -1000;
}

void TestAuthenticator::responseLimitsFromConfig()
{
    QFETCH(QByteArray, value);
    QFETCH(int, maxMessages);
    QFETCH(int, expiresMs);
    QString problem;
    const std::optional<Options> options = loadOptions(
        "authorization { users: [ {user: u, permissions: {allow_responses: " + value + "}} ] }", &problem);
    QVERIFY2(options, qPrintable(problem));
    const auto permissions = permissionsOf(options->authorization.users.first());
    QVERIFY(permissions);
    QVERIFY(permissions->responses());
    QCOMPARE(permissions->responses()->maxMessages, maxMessages);
    QCOMPARE(qint64(permissions->responses()->expires.count()), qint64(expiresMs));
}

void TestAuthenticator::invalidConfig_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("error");   // the end of the first error
    QTest::newRow("jwt_cookie needs trusted operators")
        << QByteArray("websocket { port: 8080, no_tls: true, jwt_cookie: nats_jwt }")
        << u"trusted operators or trusted keys configuration is required for JWT authentication via cookie \"nats_jwt\""_s;
    QTest::newRow("expires must be a duration string")
        << QByteArray("authorization { users: [ {user: u, permissions: {allow_responses: {expires: 5}}} ] }")
        << u"error parsing expires, not a duration string"_s;
    QTest::newRow("bad expires duration")
        << QByteArray("authorization { users: [ {user: u, permissions: {allow_responses: {expires: \"5x\"}}} ] }")
        << u"error parsing expires: time: unknown unit \"x\" in duration \"5x\""_s;
    QTest::newRow("max must be an integer")
        << QByteArray("authorization { users: [ {user: u, permissions: {allow_responses: {max: \"two\"}}} ] }")
        << u"expected an integer, got string \"two\""_s;
    QTest::newRow("ws user with users") << QByteArray("authorization { users: [{user: a}] }\n"
                                                      "websocket { port: 8080, no_tls: true, authorization { user: b } }")
                                        << u"websocket authentication username not compatible with presence of users/nkeys"_s;
    QTest::newRow("ws no_auth_user must be a user")
        << QByteArray("authorization { users: [{user: a}] }\nwebsocket { port: 8080, no_tls: true, no_auth_user: b }")
        << u"no_auth_user: \"b\" not present as user or nkey in authorization block or account configuration"_s;
}

void TestAuthenticator::invalidConfig()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, error);
    QString problem;
    QVERIFY(!loadOptions(config, &problem));
    QVERIFY2(problem.endsWith(error), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "tst_authenticator.moc"
