// ClientSession with a real Broker: bytes in, queued bytes out. Expected bytes were taken
// from nats-server 2.9.10 (the Debian binary) answering the same input on a loopback port.
#include "NatsTestSupport.h"

#include "core/nats/ClientOutlet.h"
#include "core/nats/InfoLine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace natsws::nats;
using natsws::nats::testing::drain;
using natsws::nats::testing::SessionUnderTest;
using natsws::nats::testing::testIdentity;

Q_DECLARE_METATYPE(natsws::nats::CloseReason)

namespace {
const QByteArray kQuiet = R"(CONNECT {"verbose":false})" "\r\n";
const QByteArray kQuietHeaders = R"(CONNECT {"verbose":false,"headers":true})" "\r\n";
const QByteArray kRequester = R"(CONNECT {"verbose":false,"headers":true,"no_responders":true})" "\r\n";
} // namespace

class TestClientSession : public QObject {
    Q_OBJECT
private slots:
    void conversation_data();
    void conversation();
    void conversationSplitAtEveryOffset_data() { conversation_data(); }
    void conversationSplitAtEveryOffset();

    void infoLineMatchesNatsServer();
    void infoFlags_data();
    void infoFlags();
    void infoEscapesLikeGo();

    void messageBetweenClients();
    void headersReachHeaderClientsOnly();
    void echoFalseSkipsOnlyThePublisher();
    void queueGroupDeliversOnceEach();
    void queueGroupSkipsPublisherWithoutEcho();
    void unsubMaxAcrossClients();
    void noRespondersAnswersOnTheRequestersSid();
    void noRespondersNotSentWhenSomeoneListens();

    void pingTimerStaleConnection();
    void pongResetsOutstandingPings();
    void activeClientIsNotPinged();
    void slowConsumerIsClosedByItsOwnThread();
    void ownOutputOverMaxPendingCloses();
    void authenticatorRefuses();
    void authenticatorSeesCredentials();
    void authTimeout_data();
    void authTimeout();

    void countersFollowPayloadBytes();
    void closeUnsubscribesEverything();
    void destructorUnsubscribes();
    void closeIsIdempotentAndQuiet();
    void subscriptionSubjectsInSidOrder();
};

void TestClientSession::conversation_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<CloseReason>("reason");   // None: still open
    QTest::addColumn<bool>("authRequired");
    QTest::addColumn<int>("maxSubs");

    auto row = [](const char *name, const QByteArray &input, const QByteArray &output,
                  CloseReason reason = CloseReason::None, bool auth = false, int maxSubs = 0) {
        QTest::newRow(name) << input << output << reason << auth << maxSubs;
    };
    using R = CloseReason;
    row("ping before connect", "PING\r\n", "PONG\r\n");
    row("connect is verbose by default", "CONNECT {}\r\nPING\r\n", "+OK\r\nPONG\r\n");
    row("quiet connect", kQuiet + "PING\r\n", "PONG\r\n");
    row("verbose acks every op",
        "CONNECT {\"verbose\":true}\r\nSUB foo 1\r\nSUB foo 1\r\nUNSUB 1\r\nUNSUB 9\r\nPUB foo 0\r\n\r\nPING\r\n",
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\nPONG\r\n");
    row("ops before connect use the defaults", "SUB foo 1\r\nPUB foo 1\r\na\r\nPING\r\n",
        "+OK\r\n+OK\r\nMSG foo 1 1\r\na\r\nPONG\r\n");
    row("client ok and info are ignored", kQuiet + "+OK\r\nINFO {}\r\nPING\r\n", "PONG\r\n");
    row("names, tabs and line ends as nats-server", "conNect {\"verbose\":false}\r\nsub foo 1\npub\tfoo  1\r\na\r\nPiNg\n",
        "MSG foo 1 1\r\na\r\nPONG\r\n");

    row("self delivery with reply", kQuiet + "SUB foo 1\r\nPUB foo bar 2\r\nhi\r\nPING\r\n",
        "MSG foo 1 bar 2\r\nhi\r\nPONG\r\n");
    row("echo false", "CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB foo 1\r\nPUB foo bar 2\r\nhi\r\nPING\r\n",
        "PONG\r\n");
    row("hpub to itself", kQuietHeaders + "SUB foo 1\r\nHPUB foo bar 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n",
        "HMSG foo 1 bar 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPONG\r\n");
    row("size text echoed as sent", kQuiet + "SUB foo 1\r\nPUB foo 02\r\nhi\r\n", "MSG foo 1 02\r\nhi\r\n");
    row("unsub max 2", kQuiet + "SUB foo 1\r\nUNSUB 1 2\r\nPUB foo 1\r\na\r\nPUB foo 1\r\nb\r\nPUB foo 1\r\nc\r\nPING\r\n",
        "MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\nPONG\r\n");
    row("unsub max not a number is now", kQuiet + "SUB foo 1\r\nUNSUB 1 x\r\nPUB foo 1\r\na\r\nPING\r\n", "PONG\r\n");
    row("unsub max already reached", kQuiet + "SUB foo 1\r\nPUB foo 1\r\na\r\nUNSUB 1 1\r\nPUB foo 1\r\nb\r\nPING\r\n",
        "MSG foo 1 1\r\na\r\nPONG\r\n");
    row("resubscribe after auto unsub", kQuiet + "SUB foo 1\r\nUNSUB 1 1\r\nPUB foo 1\r\na\r\nSUB foo 1\r\nPUB foo 1\r\nb\r\n",
        "MSG foo 1 1\r\na\r\nMSG foo 1 1\r\nb\r\n");
    row("connect null keeps the defaults", "CONNECT null\r\nPING\r\n", "+OK\r\nPONG\r\n");
    row("connect keys ignore case", "CONNECT {\"Verbose\":false,\"ECHO\":false}\r\nSUB a 1\r\nPUB a 1\r\nx\r\nPING\r\n",
        "PONG\r\n");
    row("client info null is fine", kQuiet + "INFO null\r\nPING\r\n", "PONG\r\n");
    row("hpub with empty header block is a plain MSG", kQuietHeaders + "SUB h 1\r\nHPUB h 0 2\r\nhi\r\nPING\r\n",
        "MSG h 1 2\r\nhi\r\nPONG\r\n");
    row("unsub max 0 is now", kQuiet + "SUB foo 1\r\nUNSUB 1 0\r\nPUB foo 1\r\na\r\nPING\r\n", "PONG\r\n");
    row("sid is per subject", kQuiet + "SUB foo 1\r\nSUB bar 1\r\nPUB bar 1\r\na\r\nPUB foo 1\r\nb\r\nPING\r\n",
        "MSG foo 1 1\r\nb\r\nPONG\r\n");
    row("subjects are case sensitive", kQuiet + "SUB foo.* 1\r\nPUB foo.bar.baz 1\r\na\r\nPUB FOO.bar 1\r\na\r\nPING\r\n",
        "PONG\r\n");
    row("ping line rest ignored", kQuiet + "PINGPONG\r\nPONG\r\nPING\r\n", "PONG\r\nPONG\r\n");
    row("second connect merges", "CONNECT {\"verbose\":false,\"echo\":false}\r\nCONNECT {}\r\nSUB foo 1\r\nPUB foo 1\r\na\r\nPING\r\n",
        "PONG\r\n");

    row("no responders", kRequester + "SUB inbox.* 7\r\nPUB req inbox.1 2\r\nhi\r\nPING\r\n",
        "HMSG inbox.1 7 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n");
    row("no responders ignores queue subs", kRequester + "SUB inbox.* q 7\r\nPUB req inbox.1 2\r\nhi\r\nPING\r\n",
        "PONG\r\n");
    row("no responders needs an inbox sub", kRequester + "PUB req inbox.1 2\r\nhi\r\nPING\r\n", "PONG\r\n");
    row("no responders when own sub is skipped by echo",
        "CONNECT {\"verbose\":false,\"headers\":true,\"no_responders\":true,\"echo\":false}\r\n"
        "SUB req 1\r\nSUB inbox.1 2\r\nPUB req inbox.1 2\r\nhi\r\nPING\r\n",
        "HMSG inbox.1 2 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n");
    row("no responders for hpub", kRequester + "SUB _INBOX.abc.* 3\r\nHPUB svc.echo _INBOX.abc.1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
        "HMSG _INBOX.abc.1 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
    row("no reply no answer", kRequester + "SUB x 1\r\nPUB req 2\r\nhi\r\nPING\r\n", "PONG\r\n");

    // Errors that keep the connection.
    row("invalid subject", kQuiet + "SUB foo..bar 1\r\nPING\r\n", "-ERR 'Invalid Subject'\r\nPONG\r\n");
    row("gt not last", kQuiet + "SUB foo.>.bar 1\r\nPING\r\n", "-ERR 'Invalid Subject'\r\nPONG\r\n");
    row("pedantic is on by default", kQuiet + "PUB foo.* 2\r\nhi\r\nPING\r\n", "-ERR 'Invalid Publish Subject'\r\nPONG\r\n");
    row("pedantic still routes", kQuiet + "SUB > 1\r\nPUB foo..x 1\r\na\r\nPUB foo.* 1\r\nb\r\nPING\r\n",
        "-ERR 'Invalid Publish Subject'\r\n-ERR 'Invalid Publish Subject'\r\nMSG foo.* 1 1\r\nb\r\nPONG\r\n");
    row("pedantic and verbose", "CONNECT {\"verbose\":true,\"pedantic\":true}\r\nPUB foo.* 2\r\nhi\r\nPING\r\n",
        "+OK\r\n-ERR 'Invalid Publish Subject'\r\n+OK\r\nPONG\r\n");
    row("pedantic off", "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPUB foo.* 2\r\nhi\r\nPING\r\n", "PONG\r\n");
    row("max subscriptions", kQuiet + "SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nSUB a 1\r\nPING\r\n",
        "-ERR 'maximum subscriptions exceeded'\r\n-ERR 'maximum subscriptions exceeded'\r\nPONG\r\n", R::None,
        false, 2);
    row("max subscriptions frees on unsub",
        "CONNECT {\"verbose\":true}\r\nSUB a 1\r\nSUB b 2\r\nSUB c 3\r\nUNSUB 2\r\nSUB c 3\r\nPING\r\n",
        "+OK\r\n+OK\r\n+OK\r\n-ERR 'maximum subscriptions exceeded'\r\n+OK\r\n+OK\r\nPONG\r\n", R::None, false, 2);

    row("expired sub frees its slot",
        kQuiet + "SUB a 1\r\nUNSUB 1 1\r\nPUB a 1\r\nx\r\nSUB b 2\r\nSUB c 3\r\nSUB d 4\r\nPING\r\n",
        "MSG a 1 1\r\nx\r\n-ERR 'maximum subscriptions exceeded'\r\nPONG\r\n", R::None, false, 2);

    // Errors that close, with or without an -ERR.
    row("unknown op", kQuiet + "FOO\r\nPING\r\n", "-ERR 'Unknown Protocol Operation'\r\n", R::ProtocolViolation);
    row("msg from a client", kQuiet + "MSG foo 1 2\r\nhi\r\n", "-ERR 'Unknown Protocol Operation'\r\n",
        R::ProtocolViolation);
    row("payload longer than announced", kQuiet + "PUB foo 2\r\nhello\r\nPING\r\n",
        "-ERR 'Unknown Protocol Operation'\r\n", R::ProtocolViolation);
    row("max payload", kQuiet + "PUB foo 2000000\r\nPING\r\n", "-ERR 'Maximum Payload Violation'\r\n",
        R::MaxPayloadExceeded);
    row("max control line", kQuiet + "SUB foo " + QByteArray(5000, 'x') + "\r\nPING\r\n",
        "-ERR 'maximum control line exceeded'\r\n", R::MaxControlLineExceeded);
    row("sub arguments", kQuiet + "SUB foo\r\nPING\r\n", "", R::ProtocolViolation);
    row("pub size", kQuiet + "PUB foo x\r\nPING\r\n", "", R::ProtocolViolation);
    row("hpub without headers", kQuiet + "HPUB foo 2 4\r\nhihi\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect not json", "CONNECT xyz\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect without arguments", "CONNECT\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect wrong type", "CONNECT {\"verbose\":\"no\"}\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect protocol 1.0", "CONNECT {\"protocol\":1.0}\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect import not an object", "CONNECT {\"import\":5}\r\nPING\r\n", "", R::ProtocolViolation);
    row("connect trailing garbage", "CONNECT {} x\r\nPING\r\n", "", R::ProtocolViolation);
    row("client info empty", kQuiet + "INFO\r\nPING\r\n", "", R::ProtocolViolation);
    row("client info array", kQuiet + "INFO []\r\nPING\r\n", "", R::ProtocolViolation);
    row("empty line after payload", kQuiet + "PUB foo 1\r\na\r\n\r\nPING\r\n", "-ERR 'Unknown Protocol Operation'\r\n",
        R::ProtocolViolation);
    row("client info not json", kQuiet + "INFO xx\r\nPING\r\n", "", R::ProtocolViolation);
    row("client error", kQuiet + "-ERR foo\r\nPING\r\n", "", R::ParseError);
    row("protocol 2", "CONNECT {\"verbose\":false,\"protocol\":2}\r\nPING\r\n", "-ERR 'invalid client protocol'\r\n",
        R::BadClientProtocolVersion);
    row("no responders without headers", "CONNECT {\"verbose\":false,\"no_responders\":true}\r\nPING\r\n",
        "-ERR 'no responders requires headers support'\r\n", R::NoRespondersRequiresHeaders);
    row("account designation", "CONNECT {\"account\":\"A\"}\r\nPING\r\n", "-ERR 'Authorization Violation'\r\n",
        R::AuthenticationViolation);
    row("new account designation", "CONNECT {\"new_account\":true}\r\nPING\r\n",
        "-ERR 'Authorization Violation'\r\n", R::AuthenticationViolation);
    row("negative protocol", "CONNECT {\"protocol\":-1}\r\nPING\r\n", "-ERR 'invalid client protocol'\r\n",
        R::BadClientProtocolVersion);

    // auth required (no authenticator set: any CONNECT passes, but it has to come first)
    row("auth: ping first", "PING\r\n", "-ERR 'Authorization Violation'\r\n", R::AuthenticationViolation, true);
    row("auth: sub first", "SUB foo 1\r\n", "-ERR 'Authorization Violation'\r\n", R::AuthenticationViolation, true);
    row("auth: +OK first", "+OK\r\n", "-ERR 'Authorization Violation'\r\n", R::AuthenticationViolation, true);
    row("auth: connect first", "CONNECT {}\r\nPING\r\n", "+OK\r\nPONG\r\n", R::None, true);
}

namespace {
struct ConversationResult {
    QByteArray output;
    CloseReason reason;
    QList<CloseReason> hookReasons;
};

ConversationResult runConversation(const QByteArray &input, QList<qsizetype> cuts, bool authRequired, int maxSubs)
{
    Broker broker;
    ServerIdentity identity = testIdentity();
    identity.authRequired = authRequired;
    SessionLimits limits;
    limits.maxSubscriptions = maxSubs;
    SessionUnderTest client(broker, 1, identity, limits);
    ConversationResult result;
    qsizetype from = 0;
    cuts.append(input.size());
    for (qsizetype cut : cuts) {
        result.output += client.exchange(input.mid(from, cut - from));
        from = cut;
    }
    result.reason = client.session->closeReason();
    result.hookReasons = client.hookReasons;
    return result;
}
} // namespace

void TestClientSession::conversation()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, output);
    QFETCH(CloseReason, reason);
    QFETCH(bool, authRequired);
    QFETCH(int, maxSubs);
    const ConversationResult got = runConversation(input, {}, authRequired, maxSubs);
    QCOMPARE(got.output, output);
    QCOMPARE(got.reason, reason);
    // The close hook fires exactly once, with the reason, when the session closed itself.
    QCOMPARE(got.hookReasons, reason == CloseReason::None ? QList<CloseReason>{} : QList<CloseReason>{reason});
}

void TestClientSession::conversationSplitAtEveryOffset()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, output);
    QFETCH(CloseReason, reason);
    QFETCH(bool, authRequired);
    QFETCH(int, maxSubs);
    const qsizetype step = input.size() > 400 ? 97 : 1;   // the 5 KB line: sample its offsets
    for (qsizetype cut = 1; cut < input.size(); cut += step) {
        const ConversationResult got = runConversation(input, {cut}, authRequired, maxSubs);
        if (got.output != output || got.reason != reason)
            QFAIL(qPrintable(QStringLiteral("split at %1: %2").arg(cut).arg(QString::fromLatin1(got.output))));
    }
}

void TestClientSession::infoLineMatchesNatsServer()
{
    Broker broker;
    SessionUnderTest client(broker, 7);
    QCOMPARE(client.info,
             QByteArray(R"(INFO {"server_id":"NTESTSERVER","server_name":"natsws-test","version":"0.1.0",)"
                        R"("proto":1,"go":"natsws/qt","host":"127.0.0.1","port":4222,"headers":true,)"
                        R"("max_payload":1048576,"client_id":7,"client_ip":"127.0.0.1"} )" "\r\n"));
}

void TestClientSession::infoFlags_data()
{
    QTest::addColumn<bool>("auth");
    QTest::addColumn<bool>("tlsRequired");
    QTest::addColumn<bool>("tlsAvailable");
    QTest::addColumn<QByteArray>("flags");   // what sits between "headers":true, and "max_payload"
    QTest::newRow("none") << false << false << false << QByteArray();
    QTest::newRow("auth") << true << false << false << QByteArray(R"("auth_required":true,)");
    QTest::newRow("tls") << false << true << true << QByteArray(R"("tls_required":true,"tls_available":true,)");
    QTest::newRow("all") << true << true << false << QByteArray(R"("auth_required":true,"tls_required":true,)");
}

void TestClientSession::infoFlags()
{
    QFETCH(bool, auth);
    QFETCH(bool, tlsRequired);
    QFETCH(bool, tlsAvailable);
    QFETCH(QByteArray, flags);
    ServerIdentity identity = testIdentity();
    identity.authRequired = auth;
    identity.tlsRequired = tlsRequired;
    identity.tlsAvailable = tlsAvailable;
    SessionLimits limits;
    limits.maxPayload = 2048;
    const QByteArray line = infoLine(identity, limits, 3, QStringLiteral("::1"));
    QVERIFY(line.contains(R"("headers":true,)" + flags + R"("max_payload":2048,"client_id":3,"client_ip":"::1"})"));
}

void TestClientSession::infoEscapesLikeGo()
{
    ServerIdentity identity = testIdentity();
    identity.serverName = QStringLiteral("a\"b\\c<d>&e\nf\x01g") + QChar(0x2028) + QStringLiteral("\u00e9");
    const QByteArray line = infoLine(identity, SessionLimits(), 1, QString());
    QVERIFY2(line.contains(R"("server_name":"a\"b\\c\u003cd\u003e\u0026e\nf\u0001g\u2028)" "\xc3\xa9" R"(")"),
             line.constData());
    QVERIFY(!line.contains("client_ip"));   // empty: omitted
    const QJsonObject json = QJsonDocument::fromJson(line.mid(5, line.size() - 8)).object();
    QCOMPARE(json.value(QStringLiteral("server_name")).toString(), identity.serverName);
}

void TestClientSession::messageBetweenClients()
{
    Broker broker;
    SessionUnderTest subscriber(broker, 1), publisher(broker, 2);
    subscriber.exchange(kQuiet + "SUB orders.* 42\r\n");
    QCOMPARE(publisher.exchange(kQuiet + "PUB orders.new _INBOX.x 5\r\nhello\r\nPUB other 1\r\nz\r\n"), QByteArray());
    QCOMPARE(drain(*subscriber.session), QByteArray("MSG orders.new 42 _INBOX.x 5\r\nhello\r\n"));
}

void TestClientSession::headersReachHeaderClientsOnly()
{
    Broker broker;
    SessionUnderTest withHeaders(broker, 1), without(broker, 2), publisher(broker, 3);
    withHeaders.exchange(kQuietHeaders + "SUB h 1\r\n");
    without.exchange(kQuiet + "SUB h 2\r\n");
    publisher.exchange(kQuietHeaders + "HPUB h r 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n");
    QCOMPARE(drain(*withHeaders.session), QByteArray("HMSG h 1 r 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n"));
    // nats-server strips the header block for a client that did not ask for headers.
    QCOMPARE(drain(*without.session), QByteArray("MSG h 2 r 2\r\nhi\r\n"));
    QCOMPARE(without.session->counters().bytesOut.load(), qint64(2));
    QCOMPARE(withHeaders.session->counters().bytesOut.load(), qint64(20));
}

void TestClientSession::echoFalseSkipsOnlyThePublisher()
{
    Broker broker;
    SessionUnderTest publisher(broker, 1), other(broker, 2);
    publisher.exchange("CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB e 1\r\n");
    other.exchange(kQuiet + "SUB e 9\r\n");
    QCOMPARE(publisher.exchange("PUB e 1\r\nx\r\n"), QByteArray());
    QCOMPARE(drain(*other.session), QByteArray("MSG e 9 1\r\nx\r\n"));
    other.exchange("PUB e 1\r\ny\r\n");
    QCOMPARE(drain(*publisher.session), QByteArray("MSG e 1 1\r\ny\r\n"));
}

void TestClientSession::queueGroupDeliversOnceEach()
{
    Broker broker;
    std::vector<std::unique_ptr<SessionUnderTest>> workers;
    for (int i = 0; i < 3; ++i) {
        workers.push_back(std::make_unique<SessionUnderTest>(broker, 10 + i));
        workers.back()->exchange(kQuiet + "SUB jobs workers " + QByteArray::number(i) + "\r\n");
    }
    SessionUnderTest watcher(broker, 20), publisher(broker, 21);
    watcher.exchange(kQuiet + "SUB jobs 1\r\n");
    publisher.exchange(kQuiet);
    constexpr int kMessages = 60;
    for (int n = 0; n < kMessages; ++n) {
        const QByteArray body = QByteArray::number(n).rightJustified(2, '0');
        publisher.exchange("PUB jobs 2\r\n" + body + "\r\n");
    }
    QList<int> seen(kMessages, 0);
    int busyWorkers = 0;
    for (auto &worker : workers) {
        const QByteArray out = drain(*worker->session);
        const int count = int(out.count("MSG jobs "));
        busyWorkers += count > 0 ? 1 : 0;
        // Each message is "MSG jobs <sid> 2\r\nNN\r\n": read NN after the head's CRLF.
        for (qsizetype at = out.indexOf("MSG jobs "); at >= 0; at = out.indexOf("MSG jobs ", at + 1)) {
            const qsizetype body = out.indexOf("\r\n", at) + 2;
            seen[out.mid(body, 2).toInt()] += 1;
        }
    }
    QCOMPARE(seen, QList<int>(kMessages, 1));   // every message to exactly one worker
    QVERIFY(busyWorkers >= 2);                  // and not all to the same one
    QCOMPARE(drain(*watcher.session).count("MSG jobs 1 2\r\n"), kMessages);
}

void TestClientSession::queueGroupSkipsPublisherWithoutEcho()
{
    Broker broker;
    SessionUnderTest publisher(broker, 1), member(broker, 2);
    publisher.exchange("CONNECT {\"verbose\":false,\"echo\":false}\r\nSUB q g 1\r\n");
    member.exchange(kQuiet + "SUB q g 2\r\n");
    QByteArray toPublisher;
    for (int i = 0; i < 20; ++i)
        toPublisher += publisher.exchange("PUB q 1\r\nx\r\n");
    QCOMPARE(toPublisher, QByteArray());
    QCOMPARE(drain(*member.session).count("MSG q 2 1\r\nx\r\n"), 20);
}

void TestClientSession::unsubMaxAcrossClients()
{
    Broker broker;
    SessionUnderTest subscriber(broker, 1), publisher(broker, 2);
    subscriber.exchange(kQuiet + "SUB m 5\r\nUNSUB 5 3\r\n");
    QCOMPARE(subscriber.session->subscriptionCount(), 1);
    for (int i = 0; i < 5; ++i)
        publisher.exchange(kQuiet + "PUB m 1\r\n" + QByteArray::number(i) + "\r\n");
    QCOMPARE(drain(*subscriber.session), QByteArray("MSG m 5 1\r\n0\r\nMSG m 5 1\r\n1\r\nMSG m 5 1\r\n2\r\n"));
    QCOMPARE(subscriber.session->subscriptionCount(), 0);
    QCOMPARE(broker.sublist().count(), 0);
}

void TestClientSession::noRespondersAnswersOnTheRequestersSid()
{
    Broker broker;
    SessionUnderTest requester(broker, 1);
    requester.exchange(kRequester + "SUB _INBOX.abc.* 3\r\nSUB _INBOX.abc.* 4\r\n");
    const QByteArray out = requester.exchange("HPUB svc.echo _INBOX.abc.1 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
    QCOMPARE(out.count("HMSG _INBOX.abc.1 "), 1);
    QVERIFY(out == "HMSG _INBOX.abc.1 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\n"
            || out == "HMSG _INBOX.abc.1 4 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
}

void TestClientSession::noRespondersNotSentWhenSomeoneListens()
{
    Broker broker;
    SessionUnderTest requester(broker, 1), service(broker, 2);
    service.exchange(kQuiet + "SUB svc q 1\r\n");
    QCOMPARE(requester.exchange(kRequester + "SUB _INBOX.* 3\r\nPUB svc _INBOX.1 2\r\nhi\r\n"), QByteArray());
    QCOMPARE(drain(*service.session), QByteArray("MSG svc 1 _INBOX.1 2\r\nhi\r\n"));
}

void TestClientSession::pingTimerStaleConnection()
{
    Broker broker;
    SessionUnderTest client(broker);   // ping_max 2
    client.session->pingTimerFired();
    QCOMPARE(drain(*client.session), QByteArray("PING\r\n"));
    client.session->pingTimerFired();
    QCOMPARE(drain(*client.session), QByteArray("PING\r\n"));
    QVERIFY(!client.session->isClosed());
    client.session->pingTimerFired();
    QCOMPARE(drain(*client.session), QByteArray("-ERR 'Stale Connection'\r\n"));
    QCOMPARE(client.session->closeReason(), CloseReason::StaleConnection);
    QCOMPARE(client.hookReasons, QList<CloseReason>{CloseReason::StaleConnection});
    client.session->pingTimerFired();
    QCOMPARE(drain(*client.session), QByteArray());
    QCOMPARE(client.hookReasons.size(), 1);
}

void TestClientSession::pongResetsOutstandingPings()
{
    Broker broker;
    SessionLimits limits;
    limits.maxPingsOut = 1;
    SessionUnderTest client(broker, 1, testIdentity(), limits);
    for (int i = 0; i < 5; ++i) {
        client.session->pingTimerFired();
        QCOMPARE(client.exchange("PONG\r\n"), QByteArray("PING\r\n"));
    }
    client.session->pingTimerFired();
    client.session->pingTimerFired();
    QCOMPARE(drain(*client.session), QByteArray("PING\r\n-ERR 'Stale Connection'\r\n"));
    QVERIFY(client.session->isClosed());
}

void TestClientSession::activeClientIsNotPinged()
{
    Broker broker;
    SessionUnderTest client(broker);   // ping_interval 2 min: every fire below is "recent"
    client.exchange(kQuiet);
    client.session->pingTimerFired();  // the first one measures the round trip
    QCOMPARE(drain(*client.session), QByteArray("PING\r\n"));
    for (int i = 0; i < 4; ++i) {
        client.exchange("PUB x 1\r\na\r\n");
        client.session->pingTimerFired();
        QCOMPARE(drain(*client.session), QByteArray());
    }
    QVERIFY(!client.session->isClosed());
}

void TestClientSession::slowConsumerIsClosedByItsOwnThread()
{
    Broker broker;
    SessionLimits small;
    small.maxPending = 400;   // room for the INFO, not for the message
    SessionUnderTest slow(broker, 1, testIdentity(), small), publisher(broker, 2);
    int wakes = 0;
    slow.session->outbound().setWakeHook([&] { ++wakes; });
    slow.exchange(kQuiet + "SUB s 1\r\n");
    publisher.exchange(kQuiet + "PUB s 500\r\n" + QByteArray(500, 'x') + "\r\n");
    // The publisher's thread only flags it; the slow client's own thread closes it.
    QVERIFY(!slow.session->isClosed());
    QCOMPARE(wakes, 1);
    QVERIFY(slow.session->applyPendingClose());
    QCOMPARE(slow.session->closeReason(), CloseReason::SlowConsumerPendingBytes);
    QCOMPARE(slow.hookReasons, QList<CloseReason>{CloseReason::SlowConsumerPendingBytes});
    QCOMPARE(drain(*slow.session), QByteArray());   // nats-server sends no -ERR here
    QCOMPARE(broker.sublist().count(), 0);
    QCOMPARE(slow.session->counters().msgsOut.load(), qint64(0));
}

void TestClientSession::ownOutputOverMaxPendingCloses()
{
    Broker broker;
    SessionLimits tiny;
    tiny.maxPending = 32;
    SessionUnderTest client(broker, 1, testIdentity(), tiny);   // the INFO alone is larger
    QVERIFY(client.session->isClosed());
    QCOMPARE(client.session->closeReason(), CloseReason::SlowConsumerPendingBytes);
    QCOMPARE(client.info, QByteArray());
}

void TestClientSession::authenticatorRefuses()
{
    Broker broker;
    ServerIdentity identity = testIdentity();
    identity.authRequired = true;
    SessionUnderTest client(broker, 1, identity);
    client.session->setAuthenticator([](ConnectInfo &info) { return info.pass == QStringLiteral("p"); });
    QCOMPARE(client.exchange("CONNECT {\"user\":\"u\",\"pass\":\"x\"}\r\nPING\r\n"),
             QByteArray("-ERR 'Authorization Violation'\r\n"));
    QCOMPARE(client.session->closeReason(), CloseReason::AuthenticationViolation);
    QCOMPARE(client.hookReasons, QList<CloseReason>{CloseReason::AuthenticationViolation});
}

void TestClientSession::authenticatorSeesCredentials()
{
    Broker broker;
    SessionUnderTest client(broker);
    QString user, pass, token;
    int calls = 0;
    client.session->setAuthenticator([&](ConnectInfo &info) {
        ++calls;
        user = info.user;
        pass = info.pass;
        token = info.authToken;
        return true;
    });
    QCOMPARE(client.exchange("CONNECT {\"user\":\"u\",\"pass\":\"p\",\"auth_token\":\"t\"}\r\nPING\r\n"),
             QByteArray("+OK\r\nPONG\r\n"));
    QCOMPARE(calls, 1);
    QCOMPARE(user + pass + token, QStringLiteral("upt"));
    client.exchange("CONNECT {}\r\n");   // every CONNECT is authenticated again
    QCOMPARE(calls, 2);
    QVERIFY(client.session->connectInfo().received);
}

void TestClientSession::authTimeout_data()
{
    QTest::addColumn<bool>("authRequired");
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("auth required, no connect") << true << QByteArray() << QByteArray("-ERR 'Authentication Timeout'\r\n");
    QTest::newRow("auth required, connected") << true << QByteArray("CONNECT {\"verbose\":false}\r\n") << QByteArray();
    QTest::newRow("no auth") << false << QByteArray() << QByteArray();
}

void TestClientSession::authTimeout()
{
    QFETCH(bool, authRequired);
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, output);
    Broker broker;
    ServerIdentity identity = testIdentity();
    identity.authRequired = authRequired;
    SessionUnderTest client(broker, 1, identity);
    client.exchange(before);
    client.session->authTimerFired();
    QCOMPARE(drain(*client.session), output);
    QCOMPARE(client.session->isClosed(), !output.isEmpty());
    if (!output.isEmpty())
        QCOMPARE(client.session->closeReason(), CloseReason::AuthenticationTimeout);
}

void TestClientSession::countersFollowPayloadBytes()
{
    Broker broker;
    SessionUnderTest subscriber(broker, 1), publisher(broker, 2);
    subscriber.exchange(kQuiet + "SUB c.* 1\r\nSUB c.> 2\r\n");
    publisher.exchange(kQuietHeaders + "PUB c.x 5\r\nhello\r\nHPUB c.y 12 15\r\nNATS/1.0\r\n\r\nabc\r\nPUB none 3\r\nabc\r\n");
    const SessionCounters &in = publisher.session->counters();
    QCOMPARE(in.msgsIn.load(), qint64(3));
    QCOMPARE(in.bytesIn.load(), qint64(5 + 15 + 3));
    const SessionCounters &out = subscriber.session->counters();
    QCOMPARE(out.msgsOut.load(), qint64(4));
    QCOMPARE(out.bytesOut.load(), qint64(2 * 5 + 2 * 3));   // headers stripped for this client
}

void TestClientSession::closeUnsubscribesEverything()
{
    Broker broker;
    SessionUnderTest client(broker);
    client.exchange(kQuiet + "SUB a 1\r\nSUB b q 2\r\nSUB c.> 3\r\n");
    QCOMPARE(broker.sublist().count(), 3);
    QVERIFY(client.session->close(CloseReason::ClientClosed));
    QCOMPARE(broker.sublist().count(), 0);
    QCOMPARE(client.session->subscriptionCount(), 0);
    QCOMPARE(client.exchange("PING\r\n"), QByteArray());   // input after close is ignored
}

void TestClientSession::destructorUnsubscribes()
{
    Broker broker;
    {
        SessionUnderTest client(broker);
        client.exchange(kQuiet + "SUB a 1\r\nSUB b 2\r\n");
        QCOMPARE(broker.sublist().count(), 2);
    }
    QCOMPARE(broker.sublist().count(), 0);
}

void TestClientSession::closeIsIdempotentAndQuiet()
{
    Broker broker;
    SessionUnderTest client(broker);
    QVERIFY(client.session->close(CloseReason::ServerShutdown));
    QVERIFY(!client.session->close(CloseReason::ClientClosed));
    QCOMPARE(client.session->closeReason(), CloseReason::ServerShutdown);
    QVERIFY(client.hookReasons.isEmpty());   // the connection asked: no hook back
}

void TestClientSession::subscriptionSubjectsInSidOrder()
{
    Broker broker;
    SessionUnderTest client(broker);
    client.exchange(kQuiet + "SUB z 10\r\nSUB y work 2\r\nSUB x 1\r\n");
    QCOMPARE(client.session->subscriptionSubjects(),
             (QStringList{QStringLiteral("x"), QStringLiteral("y work"), QStringLiteral("z")}));
    QCOMPARE(client.session->subscriptionCount(), 3);
}

QTEST_APPLESS_MAIN(TestClientSession)
#include "tst_clientsession.moc"
