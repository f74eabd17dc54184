// HTTP monitoring (/healthz, /varz, /connz): the pure builders by table, then the in-process
// server on ephemeral ports read over raw HTTP, with nats-server 2.9.10's field names and texts.
#include "TestServer.h"
#include "core/server/Logger.h"
#include "core/server/MonitorHttpServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QWebSocket>
#include <QtTest>

using namespace natsws;
using namespace natsws::testing;
using namespace natsws::server::monitorhttp;

namespace {
constexpr qint64 kSecond = 1000000000;
// 2026-12-03T16:18:40Z, the "now" of the synthetic /connz tables.
const qint64 kNow = qint64(1796314720) * kSecond;

const QRegularExpression kRfc3339Nano(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$)"));
const QRegularExpression kUptime(QStringLiteral(R"(^(\d+y)?(\d+d)?(\d+h)?(\d+m)?\d+s$)"));

struct HttpReply {
    int status = 0;
    QByteArray statusLine, head, body;
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray trimmed = line.trimmed();
            if (trimmed.toLower().startsWith(name.toLower() + ':'))
                return trimmed.mid(name.size() + 1).trimmed();
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Reads until the server closes or the deadline passes. The monitor runs on this (the test's)
// thread, so the wait must keep the event loop turning: no blocking waitFor*() here.
QByteArray readUntilClosed(QTcpSocket &socket, int timeoutMs)
{
    QByteArray bytes;
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        QTest::qWait(2);
        bytes += socket.readAll();
    }
    return bytes + socket.readAll();
}

// Sends raw bytes and reads the answer (the monitor answers one request per connection).
HttpReply exchange(quint16 port, const QByteArray &request, int timeoutMs = 3000)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    const QByteArray bytes = readUntilClosed(socket, timeoutMs);
    HttpReply reply;
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    reply.head = headEnd < 0 ? bytes : bytes.left(headEnd);
    reply.body = headEnd < 0 ? QByteArray() : bytes.mid(headEnd + 4);
    reply.statusLine = reply.head.left(reply.head.indexOf("\r\n"));
    reply.status = reply.statusLine.split(' ').value(1).toInt();
    return reply;
}

HttpReply get(quint16 port, const QByteArray &target)
{
    return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

server::Options monitoredOptions()
{
    server::Options o = loopbackOptions();
    o.httpPort = -1;
    return o;
}

// RFC 3339 texts with trimmed fractions do not sort as strings ("…40Z" > "…40.1Z"): parse them.
QDateTime timeOf(const QJsonObject &object, const char *key)
{
    return QDateTime::fromString(object.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    for (const QJsonValue &item : value.toArray())
        strings.append(item.toString());
    return strings;
}

QList<qint64> cidsOf(const QJsonObject &connz)
{
    QList<qint64> cids;
    for (const QJsonValue &item : connz.value(QStringLiteral("connections")).toArray())
        cids.append(item.toObject().value(QStringLiteral("cid")).toInteger());
    return cids;
}

QDateTime at(qint64 secondsBeforeNow)
{
    return QDateTime::fromMSecsSinceEpoch((kNow / kSecond - secondsBeforeNow) * 1000, Qt::UTC);
}

monitor::ConnectionSnapshot snapshot(quint64 id, qint64 msgsIn, qint64 msgsOut, qint64 bytesIn, qint64 bytesOut,
                                     int subs, qint64 pending, int startedAgo, int lastAgo)
{
    monitor::ConnectionSnapshot c;
    c.id = id;
    c.remoteIp = QStringLiteral("127.0.0.1");
    c.remotePort = 50000 + int(id);
    c.traffic.msgsIn = msgsIn;
    c.traffic.msgsOut = msgsOut;
    c.traffic.bytesIn = bytesIn;
    c.traffic.bytesOut = bytesOut;
    c.subscriptionCount = subs;
    c.pendingBytes = pending;
    c.started = at(startedAgo);
    c.lastActivity = at(lastAgo);
    return c;
}

// Three open connections whose every sort key orders them differently from cid order.
ConnzInput threeOpen()
{
    ConnzInput input;
    input.serverId = QStringLiteral("NTEST");
    input.nowNanos = kNow;
    input.open = {snapshot(1, 5, 1, 50, 10, 1, 0, 15, 1), snapshot(2, 1, 9, 10, 90, 3, 100, 10, 8),
                  snapshot(3, 3, 3, 99, 1, 0, 7, 20, 5)};
    return input;
}

// Two closed connections: the older one (cid 4) stopped last, with the later reason.
ConnzInput twoClosed()
{
    ConnzInput input;
    input.serverId = QStringLiteral("NTEST");
    input.nowNanos = kNow;
    monitor::ClosedConnection older, newer;
    older.connection = snapshot(4, 0, 0, 0, 0, 0, 0, 30, 20);
    older.closedAt = at(2);
    older.reason = QStringLiteral("Stale Connection");
    newer.connection = snapshot(5, 0, 0, 0, 0, 0, 0, 9, 8);
    newer.closedAt = at(6);
    newer.reason = QStringLiteral("Client Closed");
    input.closed = {older, newer};
    return input;
}

ConnzRequest requestFor(const QByteArray &query)
{
    QString error;
    const auto request = parseConnzRequest(parseQuery(query), &error);
    if (!request)
        qFatal("unexpected connz error: %s", qPrintable(error));
    return *request;
}

// A TCP client that connected, subscribed twice and published one 5-byte message to itself.
bool connectSubscribeAndPublish(RawNatsClient &client, quint16 port, const QByteArray &connectJson)
{
    if (!client.connectTo(port))
        return false;
    client.send("CONNECT " + connectJson + "\r\nSUB foo 1\r\nSUB bar.> q 2\r\nPUB foo 5\r\nhello\r\nPING\r\n");
    return client.waitFor("PONG\r\n");
}
} // namespace

class TestMonitorHttp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // pure builders
    void uptimeText_data();
    void uptimeText();
    void rfc3339Nano_data();
    void rfc3339Nano();
    void parseQuery_data();
    void parseQuery();
    void connzRequest_data();
    void connzRequest();
    void connzRequestErrors_data();
    void connzRequestErrors();
    void connzSort_data();
    void connzSort();
    void connzPaging_data();
    void connzPaging();
    void closedRowsCarryStopAndReason();
    void varzWebsocketOmitsEmptyFields();

    // the server over HTTP
    void monitoringIsOffByDefault();
    void startIsLogged();
    void healthz();
    void varzAfterClientActivity();
    void connzListsTheClient();
    void connzShowsWebSocketType();
    void closedStateShowsReason();
    void noSecretInAnyAnswer();
    void connzBadQueryIs400();
    void rawRequests_data();
    void rawRequests();
    void headHasNoBody();
    void silentClientIsDropped();
};

// --- pure builders -------------------------------------------------------------------------------

void TestMonitorHttp::uptimeText_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("below a second") << qint64(999999999) << QStringLiteral("0s");
    QTest::newRow("seconds") << 59 * kSecond << QStringLiteral("59s");
    QTest::newRow("fraction dropped") << 62 * kSecond + kSecond / 2 << QStringLiteral("1m2s");
    QTest::newRow("hour keeps zero minutes") << 3605 * kSecond << QStringLiteral("1h0m5s");
    QTest::newRow("days") << (93784) * kSecond << QStringLiteral("1d2h3m4s");
    QTest::newRow("years") << qint64(400) * 86400 * kSecond << QStringLiteral("1y35d0h0m0s");
    QTest::newRow("small negative") << qint64(-500000000) << QStringLiteral("0s");
}

void TestMonitorHttp::uptimeText()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, text);
    QCOMPARE(server::monitorhttp::uptimeText(nanos), text);
}

void TestMonitorHttp::rfc3339Nano_data()
{
    QTest::addColumn<qint64>("nanos");
    QTest::addColumn<QString>("text");
    QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00Z");
    QTest::newRow("whole second") << kNow << QStringLiteral("2026-12-03T16:18:40Z");
    // nats-server printed "2026-12-03T16:18:39.61986978Z": Go drops trailing zeros.
    QTest::newRow("trailing zero dropped") << kNow - kSecond + 619869780 << QStringLiteral("2026-12-03T16:18:39.61986978Z");
    QTest::newRow("nanosecond") << kNow + 1 << QStringLiteral("2026-12-03T16:18:40.000000001Z");
    QTest::newRow("millisecond") << kNow + 5000000 << QStringLiteral("2026-12-03T16:18:40.005Z");
    QTest::newRow("before epoch") << qint64(-1) << QStringLiteral("1969-12-31T23:59:59.999999999Z");
}

void TestMonitorHttp::rfc3339Nano()
{
    QFETCH(qint64, nanos);
    QFETCH(QString, text);
    QCOMPARE(server::monitorhttp::rfc3339Nano(nanos), text);
}

void TestMonitorHttp::parseQuery_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QStringList>("pairs");   // key=value, in order
    QTest::newRow("empty") << QByteArray() << QStringList();
    QTest::newRow("two pairs") << QByteArray("a=1&b=2") << QStringList{QStringLiteral("a=1"), QStringLiteral("b=2")};
    QTest::newRow("escapes and plus") << QByteArray("a=%41+b%2b") << QStringList{QStringLiteral("a=A b+")};
    QTest::newRow("key without value") << QByteArray("subs") << QStringList{QStringLiteral("subs=")};
    QTest::newRow("empty pieces skipped") << QByteArray("&&a=1&") << QStringList{QStringLiteral("a=1")};
    QTest::newRow("bad escape skipped") << QByteArray("a=%zz&b=1&c=%4") << QStringList{QStringLiteral("b=1")};
    QTest::newRow("semicolon skipped") << QByteArray("x;y=1&b=2") << QStringList{QStringLiteral("b=2")};
    QTest::newRow("utf-8 decoded") << QByteArray("n=%C3%A9") << QStringList{QStringLiteral("n=\u00e9")};
    QTest::newRow("repeated key kept") << QByteArray("a=1&a=2") << QStringList{QStringLiteral("a=1"), QStringLiteral("a=2")};
}

void TestMonitorHttp::parseQuery()
{
    QFETCH(QByteArray, raw);
    QFETCH(QStringList, pairs);
    QStringList got;
    for (const auto &[key, value] : server::monitorhttp::parseQuery(raw))
        got.append(key + QLatin1Char('=') + value);
    QCOMPARE(got, pairs);
    if (raw == "a=1&a=2")
        QCOMPARE(firstValue(server::monitorhttp::parseQuery(raw), u"a"), QStringLiteral("1"));
}

void TestMonitorHttp::connzRequest_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("sort");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("auth");
    QTest::addColumn<bool>("subs");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<quint64>("cid");
    const int open = int(ConnState::Open), closed = int(ConnState::Closed), all = int(ConnState::All);
    const int cid = int(ConnSort::Cid);
    QTest::newRow("defaults") << QByteArray() << cid << open << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("subs=1") << QByteArray("subs=1") << cid << open << false << true << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("subs=detail") << QByteArray("subs=DETAIL") << cid << open << false << true << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("auth=true") << QByteArray("auth=true") << cid << open << true << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("empty values are zero") << QByteArray("auth=&limit=&offset=") << cid << open << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("negative offset") << QByteArray("offset=-3&limit=%2B5") << cid << open << false << false << qint64(0) << qint64(5) << quint64(0);
    QTest::newRow("zero limit") << QByteArray("limit=0") << cid << open << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("cid means limit 1") << QByteArray("cid=7&limit=50") << cid << open << false << false << qint64(0) << qint64(1) << quint64(7);
    QTest::newRow("state=CLOSED") << QByteArray("state=CLOSED") << cid << closed << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("state=any") << QByteArray("state=any") << cid << all << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("state=open") << QByteArray("state=open") << cid << open << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("sort=msgs_to") << QByteArray("sort=msgs_to") << int(ConnSort::MsgsTo) << open << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("sort=stop closed") << QByteArray("sort=stop&state=closed") << int(ConnSort::Stop) << closed << false << false << qint64(0) << qint64(1024) << quint64(0);
    QTest::newRow("sort=reason closed") << QByteArray("state=closed&sort=reason") << int(ConnSort::Reason) << closed << false << false << qint64(0) << qint64(1024) << quint64(0);
}

void TestMonitorHttp::connzRequest()
{
    QFETCH(QByteArray, query);
    QFETCH(int, sort);
    QFETCH(int, state);
    QFETCH(bool, auth);
    QFETCH(bool, subs);
    QFETCH(qint64, offset);
    QFETCH(qint64, limit);
    QFETCH(quint64, cid);
    QString error;
    const auto request = parseConnzRequest(server::monitorhttp::parseQuery(query), &error);
    QVERIFY2(request.has_value(), qPrintable(error));
    QCOMPARE(int(request->sort), sort);
    QCOMPARE(int(request->state), state);
    QCOMPARE(request->auth, auth);
    QCOMPARE(request->subs, subs);
    QCOMPARE(request->offset, offset);
    QCOMPARE(request->limit, limit);
    QCOMPARE(request->cid, cid);
}

void TestMonitorHttp::connzRequestErrors_data()
{
    // Texts as nats-server 2.9.10 answers them (checked with curl against /usr/bin/nats-server).
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown sort") << QByteArray("sort=bogus") << QStringLiteral("invalid sorting option: bogus");
    QTest::newRow("sort is case-sensitive") << QByteArray("sort=CID") << QStringLiteral("invalid sorting option: CID");
    QTest::newRow("rtt is not in 2.9") << QByteArray("sort=rtt") << QStringLiteral("invalid sorting option: rtt");
    QTest::newRow("stop on open") << QByteArray("sort=stop") << QStringLiteral("sort by stop only valid on closed connections");
    QTest::newRow("reason on all") << QByteArray("sort=reason&state=all") << QStringLiteral("sort by reason only valid on closed connections");
    QTest::newRow("unknown state") << QByteArray("state=bogus") << QStringLiteral("Error decoding state for bogus");
    QTest::newRow("limit not a number") << QByteArray("limit=abc")
        << QStringLiteral(R"(Error decoding int for 'limit': strconv.Atoi: parsing "abc": invalid syntax)");
    QTest::newRow("limit with underscore") << QByteArray("limit=1_0")
        << QStringLiteral(R"(Error decoding int for 'limit': strconv.Atoi: parsing "1_0": invalid syntax)");
    QTest::newRow("limit non-ascii") << QByteArray("limit=%C3%A9")
        << QStringLiteral("Error decoding int for 'limit': strconv.Atoi: parsing \"\u00e9\": invalid syntax");
    QTest::newRow("offset out of range") << QByteArray("offset=99999999999999999999")
        << QStringLiteral(R"(Error decoding int for 'offset': strconv.Atoi: parsing "99999999999999999999": value out of range)");
    QTest::newRow("negative cid") << QByteArray("cid=-1")
        << QStringLiteral(R"(Error decoding uint64 for 'cid': strconv.ParseUint: parsing "-1": invalid syntax)");
    QTest::newRow("signed cid") << QByteArray("cid=%2B1")
        << QStringLiteral(R"(Error decoding uint64 for 'cid': strconv.ParseUint: parsing "+1": invalid syntax)");
    QTest::newRow("subs not a bool") << QByteArray("subs=x")
        << QStringLiteral(R"(Error decoding boolean for 'subs': strconv.ParseBool: parsing "x": invalid syntax)");
    QTest::newRow("auth=yes") << QByteArray("auth=yes")
        << QStringLiteral(R"(Error decoding boolean for 'auth': strconv.ParseBool: parsing "yes": invalid syntax)");
    // nats-server decodes auth before state, so the first bad parameter in its order wins.
    QTest::newRow("auth before state") << QByteArray("state=bogus&auth=x")
        << QStringLiteral(R"(Error decoding boolean for 'auth': strconv.ParseBool: parsing "x": invalid syntax)");
}

void TestMonitorHttp::connzRequestErrors()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, error);
    QString got;
    QVERIFY(!parseConnzRequest(server::monitorhttp::parseQuery(query), &got).has_value());
    QCOMPARE(got, error);
}

void TestMonitorHttp::connzSort_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QList<qint64>>("cids");
    QTest::newRow("cid") << QByteArray("sort=cid") << QList<qint64>{1, 2, 3};
    QTest::newRow("start") << QByteArray("sort=start") << QList<qint64>{1, 2, 3};
    QTest::newRow("msgs_from") << QByteArray("sort=msgs_from") << QList<qint64>{1, 3, 2};
    QTest::newRow("msgs_to") << QByteArray("sort=msgs_to") << QList<qint64>{2, 3, 1};
    QTest::newRow("bytes_from") << QByteArray("sort=bytes_from") << QList<qint64>{3, 1, 2};
    QTest::newRow("bytes_to") << QByteArray("sort=bytes_to") << QList<qint64>{2, 1, 3};
    QTest::newRow("subs") << QByteArray("sort=subs") << QList<qint64>{2, 1, 3};
    QTest::newRow("pending") << QByteArray("sort=pending") << QList<qint64>{2, 3, 1};
    QTest::newRow("last: latest first") << QByteArray("sort=last") << QList<qint64>{1, 3, 2};
    QTest::newRow("idle: most idle first") << QByteArray("sort=idle") << QList<qint64>{2, 3, 1};
    QTest::newRow("uptime: youngest first") << QByteArray("sort=uptime") << QList<qint64>{2, 1, 3};
}

void TestMonitorHttp::connzSort()
{
    QFETCH(QByteArray, query);
    QFETCH(QList<qint64>, cids);
    QCOMPARE(cidsOf(connzJson(threeOpen(), requestFor(query))), cids);
}

void TestMonitorHttp::connzPaging_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QList<qint64>>("cids");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("limit");
    QTest::newRow("all") << QByteArray() << QList<qint64>{1, 2, 3} << 3 << 1024;
    QTest::newRow("middle page") << QByteArray("offset=1&limit=1") << QList<qint64>{2} << 3 << 1;
    QTest::newRow("last page short") << QByteArray("offset=2&limit=5") << QList<qint64>{3} << 3 << 5;
    QTest::newRow("offset past the end") << QByteArray("offset=5") << QList<qint64>{} << 3 << 1024;
    QTest::newRow("page after sort") << QByteArray("sort=msgs_to&limit=2") << QList<qint64>{2, 3} << 3 << 2;
    QTest::newRow("one cid") << QByteArray("cid=2") << QList<qint64>{2} << 3 << 1;
    QTest::newRow("unknown cid") << QByteArray("cid=9") << QList<qint64>{} << 3 << 1;
    QTest::newRow("closed only") << QByteArray("state=closed") << QList<qint64>{} << 0 << 1024;
}

void TestMonitorHttp::connzPaging()
{
    QFETCH(QByteArray, query);
    QFETCH(QList<qint64>, cids);
    QFETCH(int, total);
    QFETCH(int, limit);
    const QJsonObject connz = connzJson(threeOpen(), requestFor(query));
    QCOMPARE(cidsOf(connz), cids);
    QCOMPARE(connz.value(QStringLiteral("num_connections")).toInt(), int(cids.size()));
    QCOMPARE(connz.value(QStringLiteral("total")).toInt(), total);
    QCOMPARE(connz.value(QStringLiteral("limit")).toInt(), limit);
    QCOMPARE(connz.value(QStringLiteral("server_id")).toString(), QStringLiteral("NTEST"));
    QCOMPARE(connz.value(QStringLiteral("now")).toString(), QStringLiteral("2026-12-03T16:18:40Z"));
}

void TestMonitorHttp::closedRowsCarryStopAndReason()
{
    ConnzInput input = twoClosed();
    input.open = threeOpen().open;
    QCOMPARE(cidsOf(connzJson(input, requestFor("state=closed&sort=stop"))), (QList<qint64>{4, 5}));
    QCOMPARE(cidsOf(connzJson(input, requestFor("state=closed&sort=reason"))), (QList<qint64>{5, 4}));
    QCOMPARE(cidsOf(connzJson(input, requestFor("state=all"))), (QList<qint64>{1, 2, 3, 4, 5}));
    QCOMPARE(connzJson(input, requestFor("state=all")).value(QStringLiteral("total")).toInt(), 5);

    const QJsonObject closed = connzJson(input, requestFor("state=closed&cid=4"))
                                   .value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(closed.value(QStringLiteral("stop")).toString(), QStringLiteral("2026-12-03T16:18:38Z"));
    QCOMPARE(closed.value(QStringLiteral("reason")).toString(), QStringLiteral("Stale Connection"));
    // Uptime and idle of a closed connection end at its stop, not at "now".
    QCOMPARE(closed.value(QStringLiteral("uptime")).toString(), QStringLiteral("28s"));
    QCOMPARE(closed.value(QStringLiteral("idle")).toString(), QStringLiteral("18s"));
    QCOMPARE(closed.value(QStringLiteral("kind")).toString(), QStringLiteral("Client"));
    QCOMPARE(closed.value(QStringLiteral("type")).toString(), QStringLiteral("nats"));

    const QJsonObject open = connzJson(input, requestFor("cid=1")).value(QStringLiteral("connections"))
                                 .toArray().first().toObject();
    QVERIFY(!open.contains(QStringLiteral("stop")));
    QVERIFY(!open.contains(QStringLiteral("reason")));
    QCOMPARE(open.value(QStringLiteral("uptime")).toString(), QStringLiteral("15s"));
    QCOMPARE(open.value(QStringLiteral("idle")).toString(), QStringLiteral("1s"));
}

void TestMonitorHttp::varzWebsocketOmitsEmptyFields()
{
    VarzInput input;
    input.options.websocket.port = -1;
    input.options.websocket.noTls = false;
    input.options.websocket.compression = false;
    input.wsPort = 8443;
    QCOMPARE(varzJson(input).value(QStringLiteral("websocket")).toObject(),
             (QJsonObject{{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), 8443}}));
    input.options.websocket.port = 0;   // WebSocket off: nats-server shows {}
    QCOMPARE(varzJson(input).value(QStringLiteral("websocket")).toObject(), QJsonObject());
}

// --- the server over HTTP ------------------------------------------------------------------------

void TestMonitorHttp::monitoringIsOffByDefault()
{
    auto server = startServer();
    QCOMPARE(server->httpPort(), quint16(0));
}

void TestMonitorHttp::startIsLogged()
{
    QStringList lines;
    const int sink = server::Logger::instance().addSink([&lines](server::LogLevel, const QString &line) {
        lines.append(line);
    });
    auto server = startServer(monitoredOptions());
    server::Logger::instance().removeSink(sink);
    QVERIFY(server->httpPort() != 0);
    const QString expected = QStringLiteral("[INF] Starting http monitor on 127.0.0.1:%1").arg(server->httpPort());
    QVERIFY2(std::any_of(lines.begin(), lines.end(), [&](const QString &l) { return l.endsWith(expected); }),
             qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestMonitorHttp::healthz()
{
    auto server = startServer(monitoredOptions());
    const HttpReply reply = get(server->httpPort(), "/healthz");
    QCOMPARE(reply.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(reply.body, QByteArray("{\"status\":\"ok\"}"));
    QCOMPARE(reply.header("Content-Length"), QByteArray("15"));
}

void TestMonitorHttp::varzAfterClientActivity()
{
    server::Options options = monitoredOptions();
    options.serverName = QStringLiteral("natsws-test");
    options.websocket.compression = true;
    options.websocket.sameOrigin = true;
    options.websocket.allowedOrigins = {QStringLiteral("http://a.example")};
    options.websocket.handshakeTimeout = std::chrono::seconds(3);
    auto server = startServer(options);
    RawNatsClient client;
    QVERIFY(connectSubscribeAndPublish(client, server->natsPort(), "{\"verbose\":false}"));
    QVERIFY(client.waitFor("MSG foo 1 5\r\nhello\r\n"));

    QJsonObject varz;
    QTRY_VERIFY_WITH_TIMEOUT((varz = get(server->httpPort(), "/varz").json(),
                              varz.value(QStringLiteral("out_msgs")).toInteger() == 1), 3000);
    QCOMPARE(varz.value(QStringLiteral("server_id")).toString(), server->serverId());
    QCOMPARE(varz.value(QStringLiteral("server_name")).toString(), QStringLiteral("natsws-test"));
    QCOMPARE(varz.value(QStringLiteral("version")).toString(), QStringLiteral(NATSWS_VERSION));
    QCOMPARE(varz.value(QStringLiteral("proto")).toInt(), 1);
    QCOMPARE(varz.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(varz.value(QStringLiteral("port")).toInt(), int(server->natsPort()));
    QCOMPARE(varz.value(QStringLiteral("http_port")).toInt(), int(server->httpPort()));
    QCOMPARE(varz.value(QStringLiteral("max_connections")).toInt(), 65536);
    QCOMPARE(varz.value(QStringLiteral("ping_interval")).toInteger(), qint64(120) * kSecond);   // Go: nanoseconds
    QCOMPARE(varz.value(QStringLiteral("ping_max")).toInt(), 2);
    QCOMPARE(varz.value(QStringLiteral("max_payload")).toInt(), 1048576);
    QCOMPARE(varz.value(QStringLiteral("max_pending")).toInteger(), qint64(67108864));
    QCOMPARE(varz.value(QStringLiteral("max_control_line")).toInt(), 4096);
    QCOMPARE(varz.value(QStringLiteral("write_deadline")).toInteger(), 10 * kSecond);
    QVERIFY(kRfc3339Nano.match(varz.value(QStringLiteral("start")).toString()).hasMatch());
    QVERIFY(kRfc3339Nano.match(varz.value(QStringLiteral("now")).toString()).hasMatch());
    QVERIFY(timeOf(varz, "start") <= timeOf(varz, "now"));
    QVERIFY(kUptime.match(varz.value(QStringLiteral("uptime")).toString()).hasMatch());
    QVERIFY(varz.value(QStringLiteral("mem")).toInteger() > 1024 * 1024);
    QVERIFY(varz.value(QStringLiteral("cores")).toInt() >= 1);
    QCOMPARE(varz.value(QStringLiteral("connections")).toInt(), 1);
    QCOMPARE(varz.value(QStringLiteral("total_connections")).toInt(), 1);
    QCOMPARE(varz.value(QStringLiteral("in_msgs")).toInt(), 1);
    QCOMPARE(varz.value(QStringLiteral("out_msgs")).toInt(), 1);
    QCOMPARE(varz.value(QStringLiteral("in_bytes")).toInt(), 5);
    QCOMPARE(varz.value(QStringLiteral("out_bytes")).toInt(), 5);
    QCOMPARE(varz.value(QStringLiteral("slow_consumers")).toInt(), 0);
    QCOMPARE(varz.value(QStringLiteral("subscriptions")).toInt(), 2);
    QVERIFY(!varz.contains(QStringLiteral("auth_required")));
    QVERIFY(varz.value(QStringLiteral("http_req_stats")).toObject().value(QStringLiteral("/varz")).toInt() >= 1);

    const QJsonObject ws = varz.value(QStringLiteral("websocket")).toObject();
    QCOMPARE(ws.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(ws.value(QStringLiteral("port")).toInt(), int(server->wsPort()));
    QCOMPARE(ws.value(QStringLiteral("no_tls")).toBool(), true);
    QCOMPARE(ws.value(QStringLiteral("compression")).toBool(), true);
    QCOMPARE(ws.value(QStringLiteral("same_origin")).toBool(), true);
    QCOMPARE(stringsOf(ws.value(QStringLiteral("allowed_origins"))), QStringList{QStringLiteral("http://a.example")});
    QCOMPARE(ws.value(QStringLiteral("handshake_timeout")).toInteger(), 3 * kSecond);
}

void TestMonitorHttp::connzListsTheClient()
{
    auto server = startServer(monitoredOptions());
    RawNatsClient client;
    QVERIFY(connectSubscribeAndPublish(client, server->natsPort(),
                                       R"({"verbose":false,"name":"cli1","lang":"bash","version":"9.9"})"));
    QVERIFY(client.waitFor("MSG foo 1 5\r\nhello\r\n"));

    QJsonObject connz;
    QTRY_VERIFY_WITH_TIMEOUT((connz = get(server->httpPort(), "/connz?subs=1").json(),
                              connz.value(QStringLiteral("connections")).toArray().first().toObject()
                                      .value(QStringLiteral("out_msgs")).toInt() == 1), 3000);
    QCOMPARE(connz.value(QStringLiteral("server_id")).toString(), server->serverId());
    QCOMPARE(connz.value(QStringLiteral("num_connections")).toInt(), 1);
    QCOMPARE(connz.value(QStringLiteral("total")).toInt(), 1);
    QCOMPARE(connz.value(QStringLiteral("offset")).toInt(), 0);
    QCOMPARE(connz.value(QStringLiteral("limit")).toInt(), 1024);
    QVERIFY(kRfc3339Nano.match(connz.value(QStringLiteral("now")).toString()).hasMatch());

    const QJsonObject c = connz.value(QStringLiteral("connections")).toArray().first().toObject();
    QVERIFY(c.value(QStringLiteral("cid")).toInt() > 0);
    QCOMPARE(c.value(QStringLiteral("kind")).toString(), QStringLiteral("Client"));
    QCOMPARE(c.value(QStringLiteral("type")).toString(), QStringLiteral("nats"));
    QCOMPARE(c.value(QStringLiteral("ip")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(c.value(QStringLiteral("port")).toInt(), int(client.socket().localPort()));
    QVERIFY(kRfc3339Nano.match(c.value(QStringLiteral("start")).toString()).hasMatch());
    QVERIFY(kRfc3339Nano.match(c.value(QStringLiteral("last_activity")).toString()).hasMatch());
    QVERIFY(kUptime.match(c.value(QStringLiteral("uptime")).toString()).hasMatch());
    QVERIFY(kUptime.match(c.value(QStringLiteral("idle")).toString()).hasMatch());
    QCOMPARE(c.value(QStringLiteral("pending_bytes")).toInt(), 0);
    QCOMPARE(c.value(QStringLiteral("in_msgs")).toInt(), 1);
    QCOMPARE(c.value(QStringLiteral("in_bytes")).toInt(), 5);
    QCOMPARE(c.value(QStringLiteral("out_bytes")).toInt(), 5);
    QCOMPARE(c.value(QStringLiteral("subscriptions")).toInt(), 2);
    QCOMPARE(c.value(QStringLiteral("name")).toString(), QStringLiteral("cli1"));
    QCOMPARE(c.value(QStringLiteral("lang")).toString(), QStringLiteral("bash"));
    QCOMPARE(c.value(QStringLiteral("version")).toString(), QStringLiteral("9.9"));
    QStringList subjects = stringsOf(c.value(QStringLiteral("subscriptions_list")));
    subjects.sort();
    QCOMPARE(subjects, (QStringList{QStringLiteral("bar.>"), QStringLiteral("foo")}));
    QVERIFY(!c.contains(QStringLiteral("stop")));
    QVERIFY(!c.contains(QStringLiteral("authorized_user")));

    // Without subs=1 nats-server leaves the list out.
    const QJsonObject plain = get(server->httpPort(), "/connz").json()
                                  .value(QStringLiteral("connections")).toArray().first().toObject();
    QVERIFY(!plain.contains(QStringLiteral("subscriptions_list")));
    QCOMPARE(plain.value(QStringLiteral("subscriptions")).toInt(), 2);
}

void TestMonitorHttp::connzShowsWebSocketType()
{
    auto server = startServer(monitoredOptions());
    QWebSocket socket;
    QSignalSpy connected(&socket, &QWebSocket::connected);
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server->wsPort())));
    QVERIFY(connected.wait(3000));
    socket.sendBinaryMessage("CONNECT {\"verbose\":false,\"name\":\"browser\"}\r\nSUB ws.in 1\r\n");
    QJsonObject c;
    QTRY_VERIFY_WITH_TIMEOUT((c = get(server->httpPort(), "/connz").json().value(QStringLiteral("connections"))
                                      .toArray().first().toObject(),
                              c.value(QStringLiteral("subscriptions")).toInt() == 1), 3000);
    QCOMPARE(c.value(QStringLiteral("kind")).toString(), QStringLiteral("Client"));
    QCOMPARE(c.value(QStringLiteral("type")).toString(), QStringLiteral("websocket"));
    QCOMPARE(c.value(QStringLiteral("name")).toString(), QStringLiteral("browser"));
}

void TestMonitorHttp::closedStateShowsReason()
{
    auto server = startServer(monitoredOptions());
    {
        RawNatsClient client;
        QVERIFY(connectSubscribeAndPublish(client, server->natsPort(), R"({"verbose":false,"name":"gone"})"));
        client.socket().disconnectFromHost();
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), 3000);

    const QJsonObject open = get(server->httpPort(), "/connz").json();
    QCOMPARE(open.value(QStringLiteral("num_connections")).toInt(), 0);
    QCOMPARE(open.value(QStringLiteral("connections")).toArray().size(), qsizetype(0));

    const QJsonObject closedz = get(server->httpPort(), "/connz?state=closed&subs=1").json();
    QCOMPARE(closedz.value(QStringLiteral("total")).toInt(), 1);
    const QJsonObject c = closedz.value(QStringLiteral("connections")).toArray().first().toObject();
    QCOMPARE(c.value(QStringLiteral("name")).toString(), QStringLiteral("gone"));
    QCOMPARE(c.value(QStringLiteral("reason")).toString(), QStringLiteral("Client Closed"));
    QVERIFY(kRfc3339Nano.match(c.value(QStringLiteral("stop")).toString()).hasMatch());
    QVERIFY(timeOf(c, "stop") >= timeOf(c, "start"));
    QCOMPARE(c.value(QStringLiteral("in_msgs")).toInt(), 1);

    const QJsonObject all = get(server->httpPort(), "/connz?state=all").json();
    QCOMPARE(all.value(QStringLiteral("total")).toInt(), 1);
    QCOMPARE(get(server->httpPort(), "/varz").json().value(QStringLiteral("total_connections")).toInt(), 1);
}

void TestMonitorHttp::noSecretInAnyAnswer()
{
    server::Options options = monitoredOptions();
    options.authorization.configured = true;
    server::UserEntry alice;
    alice.user = QStringLiteral("alice");
    alice.password = QStringLiteral("s3cret-pw");
    options.authorization.users = {alice};
    options.authorization.usersDefined = true;
    auto server = startServer(options);
    RawNatsClient client;
    QVERIFY(connectSubscribeAndPublish(client, server->natsPort(),
                                       R"({"verbose":false,"user":"alice","pass":"s3cret-pw","name":"cli"})"));
    {
        // A second client whose password must not survive in the closed history either
        // (refused or not, it is gone after this block).
        RawNatsClient other;
        QVERIFY(other.connectTo(server->natsPort()));
        other.buffer().clear();
        other.send(R"(CONNECT {"verbose":false,"user":"bob","pass":"guess-pw"})" "\r\nPING\r\n");
        QVERIFY(other.waitFor("\r\n"));   // PONG, or -ERR once the user list is enforced
        other.socket().disconnectFromHost();
    }
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), 3000);

    const QJsonObject withAuth = get(server->httpPort(), "/connz?auth=1").json();
    QCOMPARE(withAuth.value(QStringLiteral("connections")).toArray().first().toObject()
                 .value(QStringLiteral("authorized_user")).toString(), QStringLiteral("alice"));
    QCOMPARE(get(server->httpPort(), "/varz").json().value(QStringLiteral("auth_required")).toBool(), true);
    for (const QByteArray target : {"/connz", "/connz?auth=1&subs=1&state=all", "/connz?auth=true&state=closed",
                                    "/varz", "/healthz"}) {
        const HttpReply reply = get(server->httpPort(), target);
        QCOMPARE(reply.status, 200);
        QVERIFY2(!reply.body.contains("s3cret-pw") && !reply.body.contains("guess-pw"), target.constData());
    }
}

void TestMonitorHttp::connzBadQueryIs400()
{
    auto server = startServer(monitoredOptions());
    const HttpReply reply = get(server->httpPort(), "/connz?sort=bogus");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(reply.body, QByteArray("invalid sorting option: bogus"));
}

void TestMonitorHttp::rawRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("bodyStart");
    QTest::newRow("unknown path") << QByteArray("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
                                  << QByteArray("HTTP/1.1 404 Not Found") << QByteArray("404 page not found\n");
    QTest::newRow("trailing slash is another path") << QByteArray("GET /varz/ HTTP/1.1\r\nHost: x\r\n\r\n")
                                                    << QByteArray("HTTP/1.1 404 Not Found") << QByteArray("404 page");
    QTest::newRow("root") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("HTTP/1.1 404 Not Found")
                          << QByteArray("404 page");
    QTest::newRow("malformed request line") << QByteArray("GARBAGE\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request")
                                            << QByteArray("400 Bad Request");
    QTest::newRow("missing Host") << QByteArray("GET /varz HTTP/1.1\r\n\r\n")
                                  << QByteArray("HTTP/1.1 400 Bad Request: missing required Host header")
                                  << QByteArray("400 Bad Request: missing required Host header");
    QTest::newRow("bad header line") << QByteArray("GET /varz HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n")
                                     << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("400 Bad Request");
    QTest::newRow("HTTP/2.0") << QByteArray("GET /varz HTTP/2.0\r\nHost: x\r\n\r\n")
                              << QByteArray("HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version")
                              << QByteArray("505");
    QTest::newRow("head too large") << QByteArray("GET /varz HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a') + "\r\n\r\n")
                                    << QByteArray("HTTP/1.1 431 Request Header Fields Too Large") << QByteArray("431");
    QTest::newRow("POST refused") << QByteArray("POST /varz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                                  << QByteArray("HTTP/1.1 405 Method Not Allowed") << QByteArray("405");
    QTest::newRow("HTTP/1.0 answered in 1.0") << QByteArray("GET /healthz HTTP/1.0\r\n\r\n")
                                              << QByteArray("HTTP/1.0 200 OK") << QByteArray("{\"status\":\"ok\"}");
    QTest::newRow("absolute target") << QByteArray("GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                                     << QByteArray("HTTP/1.1 200 OK") << QByteArray("{\"status\":\"ok\"}");
    QTest::newRow("query on healthz ignored") << QByteArray("GET /healthz?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
                                              << QByteArray("HTTP/1.1 200 OK") << QByteArray("{\"status\":\"ok\"}");
    QTest::newRow("request split across writes is still one request")
        << QByteArray("GET /heal") << QByteArray() << QByteArray();   // completed in the test body
}

void TestMonitorHttp::rawRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, bodyStart);
    auto server = startServer(monitoredOptions());
    if (statusLine.isEmpty()) {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), server->httpPort());
        QVERIFY(socket.waitForConnected(3000));
        socket.write(request);
        QTest::qWait(50);
        QCOMPARE(socket.bytesAvailable(), qint64(0));   // nothing answered for half a request line
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        socket.write("thz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray bytes = readUntilClosed(socket, 3000);
        QVERIFY(bytes.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(bytes.endsWith("{\"status\":\"ok\"}"));
        return;
    }
    const HttpReply reply = exchange(server->httpPort(), request);
    QCOMPARE(reply.statusLine, statusLine);
    QVERIFY2(reply.body.startsWith(bodyStart), reply.body.left(200).constData());
    if (reply.status == 405)
        QCOMPARE(reply.header("Allow"), QByteArray("GET, HEAD"));
}

void TestMonitorHttp::headHasNoBody()
{
    auto server = startServer(monitoredOptions());
    const HttpReply reply = exchange(server->httpPort(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(reply.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(reply.header("Content-Length"), QByteArray("15"));
    QCOMPARE(reply.body, QByteArray());
}

void TestMonitorHttp::silentClientIsDropped()
{
    // A monitor of its own, with a short lifetime, on the same server.
    auto server = startServer();
    server::MonitorHttpServer monitor(*server);
    monitor.setConnectionLifetime(300);
    QVERIFY(monitor.listen(QHostAddress::LocalHost, 0));
    QTcpSocket silent;
    silent.connectToHost(QStringLiteral("127.0.0.1"), monitor.serverPort());
    QVERIFY(silent.waitForConnected(3000));
    silent.write("GET /varz HTTP/1.1\r\n");   // never finishes its head
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(silent.state() == QAbstractSocket::UnconnectedState, 3000);
    QVERIFY(timer.elapsed() >= 250);
    QCOMPARE(silent.readAll(), QByteArray());
    // The monitor still answers afterwards.
    QCOMPARE(get(monitor.serverPort(), "/healthz").status, 200);
}

QTEST_MAIN(TestMonitorHttp)
#include "tst_monitor_http.moc"
