// Publish/subscribe permissions with nats-server's semantics: pattern lists, allow/deny,
// queue-qualified entries, the delivery filter, allow_responses, Go's %q quoting of the
// -ERR texts, and what a session does with all of it (exact bytes on the wire).
#include "NatsTestSupport.h"
#include "core/nats/GoQuote.h"
#include "core/nats/Permissions.h"
#include "core/nats/SubjectPatterns.h"

#include <QTest>

using namespace natsws::nats;
using namespace natsws::nats::testing;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<const Permissions> rulesOf(const PermissionRules &rules)
{
    return std::make_shared<const Permissions>(rules);
}

// An authenticator that admits everyone with the given permissions.
Authenticator admitWith(std::shared_ptr<const Permissions> permissions, const QString &user = QStringLiteral("u"))
{
    return [permissions, user](ConnectInfo &) {
        AuthResult result(true);
        result.method = AuthMethod::UserPassword;
        result.user = user;
        result.permissions = permissions;
        return result;
    };
}

} // namespace

class TestPermissions : public QObject {
    Q_OBJECT
private slots:
    void patternMatch_data();
    void patternMatch();
    void subsetMatch_data();
    void subsetMatch();
    void queueMatch_data();
    void queueMatch();
    void publish_data();
    void publish();
    void subscribe_data();
    void subscribe();
    void deliveryFilter_data();
    void deliveryFilter();
    void responseLimits_data();
    void responseLimits();
    void responseTrackerBounded();
    void goQuoting_data();
    void goQuoting();
    void violationTexts_data();
    void violationTexts();

    void sessionPublishViolation();
    void sessionSubscribeViolation_data();
    void sessionSubscribeViolation();
    void sessionSystemQueueRefused();
    void sessionDeliveryFilteredBeforeUnsubMax();
    void sessionAllowResponses();
    void sessionFirstOpWithoutConnect_data();
    void sessionFirstOpWithoutConnect();
    void sessionRefusedAuthKeepsTriedUser();
};

void TestPermissions::patternMatch_data()
{
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("plain");
    QTest::addColumn<QByteArrayList>("queues");

    QTest::newRow("literal") << QStringList{u"foo.bar"_s} << QByteArray("foo.bar") << true << QByteArrayList{};
    QTest::newRow("literal miss") << QStringList{u"foo.bar"_s} << QByteArray("foo.baz") << false << QByteArrayList{};
    QTest::newRow("longer subject") << QStringList{u"foo"_s} << QByteArray("foo.bar") << false << QByteArrayList{};
    QTest::newRow("star") << QStringList{u"foo.*"_s} << QByteArray("foo.bar") << true << QByteArrayList{};
    QTest::newRow("star needs a token") << QStringList{u"foo.*"_s} << QByteArray("foo") << false << QByteArrayList{};
    QTest::newRow("star one token only") << QStringList{u"foo.*"_s} << QByteArray("foo.a.b") << false << QByteArrayList{};
    QTest::newRow("tail") << QStringList{u"foo.>"_s} << QByteArray("foo.a.b") << true << QByteArrayList{};
    QTest::newRow("tail needs a token") << QStringList{u"foo.>"_s} << QByteArray("foo") << false << QByteArrayList{};
    QTest::newRow("lone tail") << QStringList{u">"_s} << QByteArray("anything.at.all") << true << QByteArrayList{};
    QTest::newRow("middle star") << QStringList{u"a.*.c"_s} << QByteArray("a.b.c") << true << QByteArrayList{};
    // The subject's own wildcards are literal tokens: they only meet pattern wildcards.
    QTest::newRow("wildcard subject vs literal pattern") << QStringList{u"foo.bar"_s} << QByteArray("foo.*") << false << QByteArrayList{};
    QTest::newRow("wildcard subject vs star pattern") << QStringList{u"foo.*"_s} << QByteArray("foo.*") << true << QByteArrayList{};
    QTest::newRow("tail subject vs star pattern (nats-server)") << QStringList{u"foo.*"_s} << QByteArray("foo.>") << true << QByteArrayList{};
    QTest::newRow("tail subject vs tail pattern") << QStringList{u"foo.>"_s} << QByteArray("foo.>") << true << QByteArrayList{};
    QTest::newRow("tail subject vs literal") << QStringList{u"foo.bar"_s} << QByteArray("foo.>") << false << QByteArrayList{};
    QTest::newRow("queue entry") << QStringList{u"foo workers"_s} << QByteArray("foo") << false << QByteArrayList{"workers"};
    QTest::newRow("plain and queue entries")
        << QStringList{u"foo.*"_s, u"foo.bar v1"_s, u"foo.> v2"_s} << QByteArray("foo.bar") << true << QByteArrayList{"v1", "v2"};
    QTest::newRow("extra whitespace") << QStringList{u"  foo \t q "_s} << QByteArray("foo") << false << QByteArrayList{"q"};
    QTest::newRow("invalid entries skipped") << QStringList{u"a..b"_s, u"x y z"_s, u""_s, u"ok"_s} << QByteArray("ok") << true << QByteArrayList{};
    QTest::newRow("empty list") << QStringList{} << QByteArray("foo") << false << QByteArrayList{};
}

void TestPermissions::patternMatch()
{
    QFETCH(QStringList, entries);
    QFETCH(QByteArray, subject);
    QFETCH(bool, plain);
    QFETCH(QByteArrayList, queues);
    const SubjectPatterns::Match m = SubjectPatterns(entries).match(subject);
    QCOMPARE(m.plain, plain);
    QCOMPARE(m.queues, queues);
}

void TestPermissions::subsetMatch_data()
{
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<bool>("subset");
    QTest::newRow("equal literal") << QByteArray("a.b") << QByteArray("a.b") << true;
    QTest::newRow("literal in star") << QByteArray("a.b") << QByteArray("a.*") << true;
    QTest::newRow("literal in tail") << QByteArray("a.b.c") << QByteArray("a.>") << true;
    QTest::newRow("star in star") << QByteArray("a.*") << QByteArray("a.*") << true;
    QTest::newRow("star not in literal") << QByteArray("a.*") << QByteArray("a.b") << false;
    QTest::newRow("tail not in star") << QByteArray("a.>") << QByteArray("a.*") << false;
    QTest::newRow("tail in tail") << QByteArray("a.>") << QByteArray("a.>") << true;
    QTest::newRow("shorter") << QByteArray("a") << QByteArray("a.*") << false;
    QTest::newRow("longer") << QByteArray("a.b.c") << QByteArray("a.*") << false;
    QTest::newRow("different literal") << QByteArray("a.x") << QByteArray("a.b") << false;
}

void TestPermissions::subsetMatch()
{
    QFETCH(QByteArray, subject);
    QFETCH(QByteArray, pattern);
    QFETCH(bool, subset);
    QCOMPARE(isSubsetMatch(subject, pattern), subset);
}

void TestPermissions::queueMatch_data()
{
    QTest::addColumn<QByteArray>("queue");
    QTest::addColumn<QByteArrayList>("names");
    QTest::addColumn<bool>("matches");
    QTest::newRow("equal") << QByteArray("v1") << QByteArrayList{"v1"} << true;
    QTest::newRow("different") << QByteArray("v2") << QByteArrayList{"v1"} << false;
    QTest::newRow("wildcard name") << QByteArray("v.1") << QByteArrayList{"v.*"} << true;
    QTest::newRow("literal star name") << QByteArray("*") << QByteArrayList{"*"} << true;
    QTest::newRow("one of several") << QByteArray("b") << QByteArrayList{"a", "b"} << true;
    QTest::newRow("no names: any") << QByteArray("x") << QByteArrayList{} << true;
}

void TestPermissions::queueMatch()
{
    QFETCH(QByteArray, queue);
    QFETCH(QByteArrayList, names);
    QFETCH(bool, matches);
    QCOMPARE(queueMatches(queue, names), matches);
}

void TestPermissions::publish_data()
{
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QStringList>("deny");
    QTest::addColumn<bool>("responses");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("no lists") << QStringList{} << QStringList{} << false << QByteArray("x") << true;
    QTest::newRow("allowed") << QStringList{u"orders.>"_s} << QStringList{} << false << QByteArray("orders.new") << true;
    QTest::newRow("not in allow") << QStringList{u"orders.>"_s} << QStringList{} << false << QByteArray("billing") << false;
    QTest::newRow("denied") << QStringList{} << QStringList{u"secret.*"_s} << false << QByteArray("secret.x") << false;
    QTest::newRow("deny wins over allow") << QStringList{u">"_s} << QStringList{u"secret.*"_s} << false << QByteArray("secret.x") << false;
    QTest::newRow("deny elsewhere") << QStringList{u">"_s} << QStringList{u"secret.*"_s} << false << QByteArray("public.x") << true;
    QTest::newRow("allow_responses closes an empty allow list")
        << QStringList{} << QStringList{} << true << QByteArray("anything") << false;
    QTest::newRow("allow_responses with an allow list") << QStringList{u"a"_s} << QStringList{} << true << QByteArray("a") << true;
}

void TestPermissions::publish()
{
    QFETCH(QStringList, allow);
    QFETCH(QStringList, deny);
    QFETCH(bool, responses);
    QFETCH(QByteArray, subject);
    QFETCH(bool, allowed);
    PermissionRules rules;
    rules.publishAllow = allow;
    rules.publishDeny = deny;
    if (responses)
        rules.responses = ResponsePermission{};
    QCOMPARE(Permissions(rules).publishAllowed(subject), allowed);
}

void TestPermissions::subscribe_data()
{
    QTest::addColumn<QStringList>("allow");
    QTest::addColumn<QStringList>("deny");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QByteArray>("queue");
    QTest::addColumn<bool>("allowed");

    const QStringList none;
    QTest::newRow("no lists") << none << none << QByteArray("x") << QByteArray() << true;
    QTest::newRow("allowed") << QStringList{u"foo.*"_s} << none << QByteArray("foo.a") << QByteArray() << true;
    QTest::newRow("not allowed") << QStringList{u"foo.*"_s} << none << QByteArray("bar") << QByteArray() << false;
    QTest::newRow("wildcard SUB needs a wildcard allow") << QStringList{u"foo.a"_s} << none << QByteArray("foo.*") << QByteArray() << false;
    QTest::newRow("SUB foo.> passes allow foo.* (nats-server)") << QStringList{u"foo.*"_s} << none << QByteArray("foo.>") << QByteArray() << true;
    QTest::newRow("denied") << none << QStringList{u"foo.bar"_s} << QByteArray("foo.bar") << QByteArray() << false;
    QTest::newRow("deny wins") << QStringList{u">"_s} << QStringList{u"foo.*"_s} << QByteArray("foo.x") << QByteArray() << false;
    // A wildcard SUB overlapping a deny entry is allowed; the deliveries are filtered.
    QTest::newRow("wildcard over a deny entry") << none << QStringList{u"foo.bar"_s} << QByteArray("foo.*") << QByteArray() << true;
    QTest::newRow("deny on the wildcard itself") << none << QStringList{u"foo.*"_s} << QByteArray("foo.*") << QByteArray() << false;
    QTest::newRow("plain allow admits any queue") << QStringList{u"foo"_s} << none << QByteArray("foo") << QByteArray("q") << true;
    QTest::newRow("queue allow admits that queue") << QStringList{u"foo v1"_s} << none << QByteArray("foo") << QByteArray("v1") << true;
    QTest::newRow("queue allow refuses other queues") << QStringList{u"foo v1"_s} << none << QByteArray("foo") << QByteArray("v2") << false;
    QTest::newRow("queue allow refuses plain SUB") << QStringList{u"foo v1"_s} << none << QByteArray("foo") << QByteArray() << false;
    QTest::newRow("plain and queue allow: other queue refused")
        << QStringList{u"foo"_s, u"foo v1"_s} << none << QByteArray("foo") << QByteArray("v2") << false;
    QTest::newRow("plain and queue allow: plain SUB") << QStringList{u"foo"_s, u"foo v1"_s} << none << QByteArray("foo") << QByteArray() << true;
    QTest::newRow("wildcard queue allow") << QStringList{u"foo v.*"_s} << none << QByteArray("foo") << QByteArray("v.1") << true;
    QTest::newRow("queue deny") << none << QStringList{u"foo v1"_s} << QByteArray("foo") << QByteArray("v1") << false;
    QTest::newRow("queue deny leaves other queues") << none << QStringList{u"foo v1"_s} << QByteArray("foo") << QByteArray("v2") << true;
    QTest::newRow("queue deny leaves plain SUB") << none << QStringList{u"foo v1"_s} << QByteArray("foo") << QByteArray() << true;
}

void TestPermissions::subscribe()
{
    QFETCH(QStringList, allow);
    QFETCH(QStringList, deny);
    QFETCH(QByteArray, subject);
    QFETCH(QByteArray, queue);
    QFETCH(bool, allowed);
    PermissionRules rules;
    rules.subscribeAllow = allow;
    rules.subscribeDeny = deny;
    QCOMPARE(Permissions(rules).subscribeAllowed(subject, queue), allowed);
}

void TestPermissions::deliveryFilter_data()
{
    QTest::addColumn<QStringList>("deny");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QByteArray>("queue");
    QTest::addColumn<bool>("denied");
    QTest::newRow("denied subject") << QStringList{u"foo.bar"_s} << QByteArray("foo.bar") << QByteArray() << true;
    QTest::newRow("other subject") << QStringList{u"foo.bar"_s} << QByteArray("foo.baz") << QByteArray() << false;
    QTest::newRow("wildcard deny") << QStringList{u"foo.*.x"_s} << QByteArray("foo.a.x") << QByteArray() << true;
    QTest::newRow("queue deny, that queue") << QStringList{u"foo q"_s} << QByteArray("foo") << QByteArray("q") << true;
    QTest::newRow("queue deny, plain sub") << QStringList{u"foo q"_s} << QByteArray("foo") << QByteArray() << false;
    QTest::newRow("queue deny, other queue") << QStringList{u"foo q"_s} << QByteArray("foo") << QByteArray("r") << false;
}

void TestPermissions::deliveryFilter()
{
    QFETCH(QStringList, deny);
    QFETCH(QByteArray, subject);
    QFETCH(QByteArray, queue);
    QFETCH(bool, denied);
    PermissionRules rules;
    rules.subscribeDeny = deny;
    const SessionPermissions session(rulesOf(rules));
    QCOMPARE(session.deliveryDenied(subject, queue), denied);
    PermissionRules open;
    QVERIFY(!SessionPermissions(rulesOf(open)).deliveryDenied(subject, queue));
}

void TestPermissions::responseLimits_data()
{
    QTest::addColumn<int>("maxMessages");
    QTest::addColumn<int>("expiresMs");
    QTest::addColumn<QList<int>>("responseTimesMs");   // when each response is tried
    QTest::addColumn<QString>("expected");              // y/n per response
    QTest::newRow("defaults: one response") << 1 << 120000 << QList<int>{10, 20} << QStringLiteral("yn");
    QTest::newRow("three allowed") << 3 << 120000 << QList<int>{1, 2, 3, 4} << QStringLiteral("yyyn");
    QTest::newRow("expired") << 5 << 100 << QList<int>{50, 150} << QStringLiteral("yn");
    QTest::newRow("no max, no expiry") << -1 << -1 << QList<int>{1, 1000000, 2000000} << QStringLiteral("yyy");
    QTest::newRow("expiry only") << -1 << 100 << QList<int>{10, 20, 99, 101} << QStringLiteral("yyyn");
}

void TestPermissions::responseLimits()
{
    QFETCH(int, maxMessages);
    QFETCH(int, expiresMs);
    QFETCH(QList<int>, responseTimesMs);
    QFETCH(QString, expected);
    PermissionRules rules;
    rules.responses = ResponsePermission{maxMessages, std::chrono::milliseconds(expiresMs)};
    SessionPermissions session(rulesOf(rules));
    const auto start = SessionPermissions::Clock::now();
    QVERIFY(!session.mayPublish("_INBOX.r1", start));   // nothing received yet
    session.noteDelivered("_INBOX.r1", start);
    QString got;
    for (int at : responseTimesMs)
        got += session.mayPublish("_INBOX.r1", start + std::chrono::milliseconds(at)) ? QLatin1Char('y') : QLatin1Char('n');
    QCOMPARE(got, expected);
    QVERIFY(!session.mayPublish("_INBOX.other", start));
}

void TestPermissions::responseTrackerBounded()
{
    ResponseTracker tracker(ResponsePermission{-1, std::chrono::milliseconds(-1)});
    const auto now = ResponseTracker::Clock::now();
    for (int i = 0; i < ResponseTracker::kMaxTracked + 10; ++i)
        tracker.noteRequest(QByteArray("_INBOX.") + QByteArray::number(i), now);
    QCOMPARE(tracker.trackedCount(), ResponseTracker::kMaxTracked);
    QVERIFY(tracker.takeResponse("_INBOX.0", now));
    QVERIFY(!tracker.takeResponse(QByteArray("_INBOX.") + QByteArray::number(ResponseTracker::kMaxTracked + 5), now));

    // Answered and expired replies are pruned, so the table does not keep them.
    ResponseTracker defaults(ResponsePermission{});
    defaults.noteRequest("_INBOX.a", now);
    QVERIFY(defaults.takeResponse("_INBOX.a", now));
    defaults.noteRequest("_INBOX.b", now + 2s);   // more than the prune interval later
    QCOMPARE(defaults.trackedCount(), 1);
}

void TestPermissions::goQuoting_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("quoted");
    QTest::newRow("plain") << QByteArray("foo.bar") << QByteArray("\"foo.bar\"");
    QTest::newRow("empty") << QByteArray() << QByteArray("\"\"");
    QTest::newRow("quote and backslash") << QByteArray("f\"o\\o") << QByteArray("\"f\\\"o\\\\o\"");
    QTest::newRow("named controls") << QByteArray("\a\b\f\n\r\t\v") << QByteArray("\"\\a\\b\\f\\n\\r\\t\\v\"");
    QTest::newRow("other controls") << QByteArray("\x01\x1f\x7f") << QByteArray("\"\\x01\\x1f\\x7f\"");
    QTest::newRow("printable utf-8 kept") << QByteArray("caf\xc3\xa9") << QByteArray("\"caf\xc3\xa9\"");
    QTest::newRow("invalid utf-8 byte") << QByteArray("a\xff" "b") << QByteArray("\"a\\xffb\"");
    QTest::newRow("truncated sequence") << QByteArray("\xc3") << QByteArray("\"\\xc3\"");
    QTest::newRow("overlong encoding") << QByteArray("\xc0\xaf") << QByteArray("\"\\xc0\\xaf\"");
    QTest::newRow("no-break space") << QByteArray("a\xc2\xa0" "b") << QByteArray("\"a\\u00a0b\"");
    QTest::newRow("C1 control") << QByteArray("\xc2\x85") << QByteArray("\"\\u0085\"");
    QTest::newRow("emoji kept") << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\"\xf0\x9f\x98\x80\"");
    QTest::newRow("private use plane") << QByteArray("\xf3\xb0\x80\x80") << QByteArray("\"\\U000f0000\"");
}

void TestPermissions::goQuoting()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, quoted);
    QCOMPARE(goQuote(text), quoted);
}

void TestPermissions::violationTexts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("publish") << publishViolationText("p.secret") << QByteArray("Permissions Violation for Publish to \"p.secret\"");
    QTest::newRow("subscribe") << subscribeViolationText("foo.bar", {})
                               << QByteArray("Permissions Violation for Subscription to \"foo.bar\"");
    QTest::newRow("queue subscribe") << subscribeViolationText("q.x", "other")
                                     << QByteArray("Permissions Violation for Subscription to \"q.x\" using queue \"other\"");
    QTest::newRow("quoting") << subscribeViolationText("f\"o\\o", {})
                             << QByteArray("Permissions Violation for Subscription to \"f\\\"o\\\\o\"");
}

void TestPermissions::violationTexts()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(text, expected);
}

void TestPermissions::sessionPublishViolation()
{
    Broker broker;
    PermissionRules rules;
    rules.publishAllow = {u"p.>"_s};
    rules.publishDeny = {u"p.secret"_s};
    SessionUnderTest client(broker);
    QStringList logged;
    client.session->setAuthenticator(admitWith(rulesOf(rules), u"a"_s));
    client.session->setLogHook([&](const QString &line) { logged.append(line); });
    SessionUnderTest listener(broker, 2);
    listener.exchange("CONNECT {\"verbose\":false}\r\nSUB > 1\r\n");

    QCOMPARE(client.exchange("CONNECT {\"verbose\":true}\r\nPUB p.a 1\r\nx\r\nPUB p.secret 1\r\nx\r\nPUB other 2\r\nxy\r\nPING\r\n"),
             QByteArray("+OK\r\n+OK\r\n"
                        "-ERR 'Permissions Violation for Publish to \"p.secret\"'\r\n"
                        "-ERR 'Permissions Violation for Publish to \"other\"'\r\n"
                        "PONG\r\n"));
    QVERIFY(!client.session->isClosed());   // a violation never closes the connection
    QCOMPARE(drain(*listener.session), QByteArray("MSG p.a 1 1\r\nx\r\n"));   // only the allowed one went out
    QCOMPARE(client.session->counters().msgsIn.load(), qint64(3));            // counted like nats-server
    QCOMPARE(logged, (QStringList{u"Publish Violation - User \"a\", Subject \"p.secret\""_s,
                                  u"Publish Violation - User \"a\", Subject \"other\""_s}));
}

void TestPermissions::sessionSubscribeViolation_data()
{
    QTest::addColumn<QByteArray>("sub");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("log");
    QTest::newRow("allowed") << QByteArray("SUB foo.x 1\r\n") << QByteArray("+OK\r\n") << QString();
    QTest::newRow("denied") << QByteArray("SUB foo.bar 1\r\n")
                            << QByteArray("-ERR 'Permissions Violation for Subscription to \"foo.bar\"'\r\n")
                            << u"Subscription Violation - User \"a\", Subject \"foo.bar\", SID 1"_s;
    QTest::newRow("not allowed") << QByteArray("SUB other 7\r\n")
                                 << QByteArray("-ERR 'Permissions Violation for Subscription to \"other\"'\r\n")
                                 << u"Subscription Violation - User \"a\", Subject \"other\", SID 7"_s;
    QTest::newRow("queue refused") << QByteArray("SUB q.x other 2\r\n")
                                   << QByteArray("-ERR 'Permissions Violation for Subscription to \"q.x\" using queue \"other\"'\r\n")
                                   << u"Subscription Violation - User \"a\", Subject \"q.x\", Queue: \"other\", SID 2"_s;
    QTest::newRow("queue allowed") << QByteArray("SUB q.x grp 2\r\n") << QByteArray("+OK\r\n") << QString();
}

void TestPermissions::sessionSubscribeViolation()
{
    QFETCH(QByteArray, sub);
    QFETCH(QByteArray, reply);
    QFETCH(QString, log);
    Broker broker;
    PermissionRules rules;
    rules.subscribeAllow = {u"foo.*"_s, u"q.x grp"_s};
    rules.subscribeDeny = {u"foo.bar"_s};
    SessionUnderTest client(broker);
    QStringList logged;
    client.session->setAuthenticator(admitWith(rulesOf(rules), u"a"_s));
    client.session->setLogHook([&](const QString &line) { logged.append(line); });
    QCOMPARE(client.exchange("CONNECT {}\r\n"), QByteArray("+OK\r\n"));
    QCOMPARE(client.exchange(sub + "PING\r\n"), reply + "PONG\r\n");
    const bool allowed = log.isEmpty();
    QCOMPARE(client.session->subscriptionCount(), allowed ? 1 : 0);   // a denied SUB leaves nothing
    QCOMPARE(broker.sublist().count(), allowed ? 1 : 0);
    QCOMPARE(logged, allowed ? QStringList{} : QStringList{log});
    QVERIFY(!client.session->isClosed());
}

void TestPermissions::sessionSystemQueueRefused()
{
    Broker broker;
    SessionUnderTest client(broker);   // no permissions at all
    QCOMPARE(client.exchange("CONNECT {\"verbose\":false}\r\nSUB foo _sys_ 1\r\nSUB foo _sys 2\r\nPING\r\n"),
             QByteArray("-ERR 'Permissions Violation for Subscription to \"foo\" using queue \"_sys_\"'\r\nPONG\r\n"));
    QCOMPARE(client.session->subscriptionCount(), 1);
}

void TestPermissions::sessionDeliveryFilteredBeforeUnsubMax()
{
    Broker broker;
    PermissionRules rules;
    rules.subscribeDeny = {u"foo.bar"_s};
    SessionUnderTest subscriber(broker);
    subscriber.session->setAuthenticator(admitWith(rulesOf(rules)));
    QCOMPARE(subscriber.exchange("CONNECT {\"verbose\":false}\r\nSUB foo.* 1\r\nUNSUB 1 2\r\nPING\r\n"), QByteArray("PONG\r\n"));
    SessionUnderTest publisher(broker, 2);
    publisher.exchange("CONNECT {\"verbose\":false}\r\nPUB foo.bar 1\r\na\r\nPUB foo.baz 1\r\nb\r\n"
                       "PUB foo.bar 1\r\nc\r\nPUB foo.qux 1\r\nd\r\nPUB foo.zzz 1\r\ne\r\n");
    // Denied messages neither arrive nor count toward UNSUB's max of 2.
    QCOMPARE(drain(*subscriber.session), QByteArray("MSG foo.baz 1 1\r\nb\r\nMSG foo.qux 1 1\r\nd\r\n"));
    QCOMPARE(subscriber.session->subscriptionCount(), 0);
}

void TestPermissions::sessionAllowResponses()
{
    Broker broker;
    PermissionRules rules;
    rules.subscribeAllow = {u"svc"_s};
    rules.responses = ResponsePermission{};   // one response within two minutes
    SessionUnderTest service(broker);
    service.session->setAuthenticator(admitWith(rulesOf(rules), u"svc"_s));
    QCOMPARE(service.exchange("CONNECT {\"verbose\":false}\r\nSUB svc 1\r\nPING\r\n"), QByteArray("PONG\r\n"));

    SessionUnderTest requester(broker, 2);
    requester.exchange("CONNECT {\"verbose\":false}\r\nSUB _INBOX.r1 9\r\nPUB svc _INBOX.r1 3\r\nreq\r\n");
    QCOMPARE(drain(*service.session), QByteArray("MSG svc 1 _INBOX.r1 3\r\nreq\r\n"));

    const QByteArray refused = "-ERR 'Permissions Violation for Publish to \"_INBOX.r1\"'\r\n";
    QCOMPARE(service.exchange("PUB _INBOX.r1 3\r\nans\r\nPUB _INBOX.r1 5\r\nagain\r\nPUB _INBOX.r2 1\r\nx\r\nPING\r\n"),
             refused + "-ERR 'Permissions Violation for Publish to \"_INBOX.r2\"'\r\nPONG\r\n");
    QCOMPARE(drain(*requester.session), QByteArray("MSG _INBOX.r1 9 3\r\nans\r\n"));
    QVERIFY(!service.session->isClosed());
}

void TestPermissions::sessionFirstOpWithoutConnect_data()
{
    QTest::addColumn<bool>("admit");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("no_auth_user admits SUB first") << true << QByteArray("+OK\r\nPONG\r\n");
    QTest::newRow("otherwise Authorization Violation") << false << QByteArray("-ERR 'Authorization Violation'\r\n");
}

void TestPermissions::sessionFirstOpWithoutConnect()
{
    QFETCH(bool, admit);
    QFETCH(QByteArray, output);
    Broker broker;
    ServerIdentity identity = testIdentity();
    identity.authRequired = true;
    SessionUnderTest client(broker, 1, identity);
    QList<bool> sawConnect;
    client.session->setAuthenticator([&](ConnectInfo &info) {
        sawConnect.append(info.received);
        AuthResult result(admit);
        result.method = AuthMethod::NoAuthUser;
        result.user = QStringLiteral("guest");
        return result;
    });
    // With no CONNECT, verbose stays nats-server's default (on): SUB is acknowledged.
    QCOMPARE(client.exchange("SUB foo 1\r\nPING\r\n"), output);
    QCOMPARE(sawConnect, QList<bool>{false});
    QCOMPARE(client.session->isClosed(), !admit);
    if (admit) {
        client.session->authTimerFired();   // authenticated: the timer has nothing to do
        QVERIFY(!client.session->isClosed());
        QCOMPARE(client.session->authResult().user, QStringLiteral("guest"));
    } else {
        QCOMPARE(client.session->closeReason(), CloseReason::AuthenticationViolation);
    }
}

void TestPermissions::sessionRefusedAuthKeepsTriedUser()
{
    Broker broker;
    ServerIdentity identity = testIdentity();
    identity.authRequired = true;
    SessionUnderTest client(broker, 1, identity);
    client.session->setAuthenticator([](ConnectInfo &info) {
        AuthResult refused(false);
        refused.user = info.user;
        return refused;
    });
    QCOMPARE(client.exchange("CONNECT {\"user\":\"eve\",\"pass\":\"guess\",\"jwt\":\"j\"}\r\n"),
             QByteArray("-ERR 'Authorization Violation'\r\n"));
    QCOMPARE(client.session->authResult().user, QStringLiteral("eve"));
    QVERIFY(!client.session->authResult().accepted);
    QCOMPARE(client.session->authUserLabel(), QStringLiteral("User \"eve\""));
    QVERIFY(client.session->connectInfo().jwt.isEmpty());   // discarded without operators
}

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
