// HttpRequestReader (Go net/http's reading rules, any split) and evaluateHandshake
// (nats-server's checks in order, statuses, logged reasons and exact response bytes).
#include "core/ws/Handshake.h"

#include <QTest>
#include <QTimeZone>

using namespace natsws::ws;
using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(HandshakePolicy)

namespace {

constexpr QByteArrayView kSampleKey = "dGhlIHNhbXBsZSBub25jZQ==";   // RFC 6455 §1.3
constexpr QByteArrayView kSampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

// A valid upgrade request (nats-server's testWSCreateValidReq) plus extra header lines.
QByteArray upgradeRequest(const QByteArray &extraHeaders = {}, const QByteArray &requestLine = "GET / HTTP/1.1")
{
    return requestLine + "\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: " + kSampleKey.toByteArray() + "\r\nSec-WebSocket-Version: 13\r\n"
           + extraHeaders + "\r\n";
}

// The same request with one header line removed or replaced (matched by its name).
QByteArray upgradeRequestWith(const QByteArray &name, const QByteArray &line)
{
    QByteArrayList lines = upgradeRequest().split('\n');
    for (QByteArray &l : lines) {
        if (l.startsWith(name + ':'))
            l = line.isEmpty() ? QByteArray() : line + '\r';
    }
    lines.removeAll(QByteArray());
    return lines.join('\n') + '\n';
}

struct Parsed {
    HttpRequestReader::Status status = HttpRequestReader::Status::NeedMore;
    HttpRequest request;
    int errorStatus = 0;
    QByteArray errorReason, errorResponse, leftover;
};

Parsed readInPieces(const QByteArray &raw, const QList<qsizetype> &cuts, int maxHeaderBytes = 64 * 1024)
{
    HttpRequestReader reader(maxHeaderBytes);
    Parsed p;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        p.status = reader.feed(QByteArrayView(raw).sliced(from, cut - from));
        from = cut;
    }
    p.status = reader.feed(QByteArrayView(raw).sliced(from));
    p.request = reader.request();
    p.errorStatus = reader.errorStatus();
    p.errorReason = reader.errorReason();
    p.errorResponse = reader.errorResponse();
    p.leftover = reader.takeLeftover();
    return p;
}

HttpRequest parse(const QByteArray &raw)
{
    const Parsed p = readInPieces(raw, {});
    if (p.status != HttpRequestReader::Status::Complete)
        qWarning("request did not parse: %s", p.errorReason.constData());
    return p.request;
}

// The Date header is the only part of an error response that changes between runs.
QByteArray withoutDate(QByteArray response)
{
    const qsizetype at = response.indexOf("\r\nDate: ");
    if (at >= 0)
        response.remove(at, response.indexOf("\r\n", at + 2) - at);
    return response;
}

QByteArray goError(int status, const QByteArray &text, bool http10 = false, const QByteArray &connection = {})
{
    const QByteArray body = text + '\n';
    return (http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + QByteArray::number(status) + ' ' + text
           + "\r\nContent-Type: text/plain; charset=utf-8\r\nSec-Websocket-Version: 13\r\n"
             "X-Content-Type-Options: nosniff\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"
           + (connection.isEmpty() ? QByteArray() : "Connection: " + connection + "\r\n") + "\r\n" + body;
}

HandshakePolicy policyWith(bool compression = false)
{
    HandshakePolicy p;
    p.compression = compression;
    return p;
}

} // namespace

class TestHandshake : public QObject {
    Q_OBJECT
private slots:
    void reader_data();
    void reader();
    void readerEverySplit_data() { reader_data(); }
    void readerEverySplit();
    void readerErrorResponse_data();
    void readerErrorResponse();
    void readerKeepsLaterBytesAsLeftover();
    void bytesAfterTheHeadCannotGrowMemory();
    void headerLookup();

    void evaluate_data();
    void evaluate();
    void evaluateEverySplit();
    void successResponse_data();
    void successResponse();
    void errorResponseBytes_data();
    void errorResponseBytes();
    void errorResponseDate();
    void acceptKeyRfcExample();
    void compressionNegotiation_data();
    void compressionNegotiation();
    void browserDetection_data();
    void browserDetection();
    void forwardedFor_data();
    void forwardedFor();
    void cookies_data();
    void cookies();
    void kindAndOrigin();
};

void TestHandshake::reader_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("maxHeaderBytes");
    QTest::addColumn<int>("status");        // 0 NeedMore, 1 Complete, 2 Error
    QTest::addColumn<int>("errorStatus");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("lastHeader");   // "name=value" of the last header
    QTest::addColumn<QByteArray>("leftover");
    const int cap = 64 * 1024;
    const int need = 0, done = 1, err = 2;

    QTest::newRow("minimal") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("LF line ends") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("value trimmed") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: \t v \t\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("X-A=v") << QByteArray();
    QTest::newRow("obs-fold joined") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  cont \r\n\tmore\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("X-A=1 cont more") << QByteArray();
    QTest::newRow("empty name skipped") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n: 1\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("obs-text value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: \xff\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("X-A=\xff") << QByteArray();
    QTest::newRow("bytes after head kept") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\nNATS\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray("NATS\r\n");
    QTest::newRow("HTTP/1.0 needs no Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("HTTP/1.2 accepted") << QByteArray("GET / HTTP/1.2\r\nHost: x\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("absolute target") << QByteArray("GET http://abc/p?q HTTP/1.1\r\nHost: x\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("lower-case method is a token") << QByteArray("get / HTTP/1.1\r\nHost: x\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("empty Host value") << QByteArray("GET / HTTP/1.1\r\nHost:\r\n\r\n") << cap << done << 0 << QByteArray() << QByteArray("Host=") << QByteArray();
    QTest::newRow("incomplete") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << cap << need << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();
    QTest::newRow("head exactly at cap") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 27 << done << 0 << QByteArray() << QByteArray("Host=x") << QByteArray();

    QTest::newRow("431 one byte over cap") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 26 << err << 431 << QByteArray("request head larger than 26 bytes") << QByteArray("Host=x") << QByteArray();
    QTest::newRow("431 long header") << "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(300, 'a') + "\r\n\r\n" << 256 << err << 431 << QByteArray("request head larger than 256 bytes") << QByteArray("Host=x") << QByteArray();
    QTest::newRow("431 endless line") << "GET /" + QByteArray(300, 'a') << 256 << err << 431 << QByteArray("request head larger than 256 bytes") << QByteArray() << QByteArray();
    QTest::newRow("400 no spaces") << QByteArray("GARBAGE\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP request \"GARBAGE\"") << QByteArray() << QByteArray();
    QTest::newRow("400 empty request line") << QByteArray("\r\nGET / HTTP/1.1\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP request \"\"") << QByteArray() << QByteArray();
    QTest::newRow("400 double space") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP version \"/ HTTP/1.1\"") << QByteArray() << QByteArray();
    QTest::newRow("400 trailing space") << QByteArray("GET / HTTP/1.1 \r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP version \"HTTP/1.1 \"") << QByteArray() << QByteArray();
    QTest::newRow("400 bad method") << QByteArray("G@T / HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("invalid method \"G@T\"") << QByteArray() << QByteArray();
    QTest::newRow("400 bad protocol") << QByteArray("GET / FOO/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP version \"FOO/1.1\"") << QByteArray() << QByteArray();
    QTest::newRow("400 bare CR") << QByteArray("GET / HTTP/1.1\rHost: x\r\n\r\n") << cap << err << 400 << QByteArray("malformed HTTP version \"HTTP/1.1\\rHost: x\"") << QByteArray() << QByteArray();
    QTest::newRow("400 relative target") << QByteArray("GET foo HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("parse \"foo\": invalid URI for request") << QByteArray() << QByteArray();
    QTest::newRow("400 bad escape") << QByteArray("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("parse \"/a%zz\": invalid URL escape \"%zz\"") << QByteArray() << QByteArray();
    QTest::newRow("400 control in target") << QByteArray("GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("parse \"/\\x01\": net/url: invalid control character in URL") << QByteArray() << QByteArray();
    QTest::newRow("400 star target") << QByteArray("GET * HTTP/1.1\r\nHost: x\r\n\r\n") << cap << err << 400 << QByteArray("request target '*' is only for OPTIONS") << QByteArray() << QByteArray();
    QTest::newRow("400 line without colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nfoo\r\n\r\n") << cap << err << 400 << QByteArray("malformed MIME header line: foo") << QByteArray("Host=x") << QByteArray();
    QTest::newRow("400 first header folded") << QByteArray("GET / HTTP/1.1\r\n Host: x\r\n\r\n") << cap << err << 400 << QByteArray("malformed MIME header initial line:  Host: x") << QByteArray() << QByteArray();
    QTest::newRow("400 two Host headers") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n") << cap << err << 400 << QByteArray("too many Host headers") << QByteArray("Host=y") << QByteArray();
    QTest::newRow("400 bad Content-Length") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n") << cap << err << 400 << QByteArray("bad Content-Length \"abc\"") << QByteArray("Content-Length=abc") << QByteArray();
    QTest::newRow("505 HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << cap << err << 505 << QByteArray("unsupported protocol version") << QByteArray("Host=x") << QByteArray();
    QTest::newRow("505 before missing Host") << QByteArray("GET / HTTP/0.9\r\n\r\n") << cap << err << 505 << QByteArray("unsupported protocol version") << QByteArray() << QByteArray();
    QTest::newRow("400 missing Host") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n\r\n") << cap << err << 400 << QByteArray("missing required Host header") << QByteArray("X-A=1") << QByteArray();
    QTest::newRow("400 missing Host before bad name") << QByteArray("GET / HTTP/1.1\r\nX A: 1\r\n\r\n") << cap << err << 400 << QByteArray("missing required Host header") << QByteArray("X A=1") << QByteArray();
    QTest::newRow("400 malformed Host") << QByteArray("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") << cap << err << 400 << QByteArray("malformed Host header") << QByteArray("Host=a b") << QByteArray();
    QTest::newRow("400 Host with slash") << QByteArray("GET / HTTP/1.1\r\nHost: x/y\r\n\r\n") << cap << err << 400 << QByteArray("malformed Host header") << QByteArray("Host=x/y") << QByteArray();
    QTest::newRow("400 invalid header name") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n") << cap << err << 400 << QByteArray("invalid header name") << QByteArray("X-A =1") << QByteArray();
    QTest::newRow("400 invalid header value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01" "b\r\n\r\n") << cap << err << 400 << QByteArray("invalid header value") << QByteArray("X-A=a\x01" "b") << QByteArray();
}

static void checkParsed(const Parsed &p)
{
    QFETCH(int, status);
    QFETCH(int, errorStatus);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, lastHeader);
    QFETCH(QByteArray, leftover);
    QCOMPARE(int(p.status), status);
    QCOMPARE(p.errorStatus, errorStatus);
    QCOMPARE(p.errorReason, reason);
    const QByteArray last = p.request.headers.isEmpty()
                                ? QByteArray()
                                : p.request.headers.last().first + '=' + p.request.headers.last().second;
    QCOMPARE(last, lastHeader);
    QCOMPARE(p.leftover, leftover);
    QCOMPARE(p.request.pipelinedBytes, leftover.size());
}

void TestHandshake::reader()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, maxHeaderBytes);
    checkParsed(readInPieces(raw, {}, maxHeaderBytes));
}

void TestHandshake::readerEverySplit()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, maxHeaderBytes);
    for (qsizetype cut = 1; cut < raw.size(); ++cut) {
        checkParsed(readInPieces(raw, {cut}, maxHeaderBytes));
        if (QTest::currentTestFailed())
            QFAIL(("at cut " + QByteArray::number(cut)).constData());
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < raw.size(); ++i)
        everyByte.append(i);
    checkParsed(readInPieces(raw, everyByte, maxHeaderBytes));
}

void TestHandshake::readerErrorResponse_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("response");
    // Byte for byte what nats-server 2.9.10's Go HTTP server answered on a raw socket.
    const QByteArray tail = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";
    QTest::newRow("generic 400") << QByteArray("GARBAGE\r\n\r\n") << "HTTP/1.1 400 Bad Request" + tail + "400 Bad Request";
    QTest::newRow("missing Host") << QByteArray("GET / HTTP/1.1\r\n\r\n")
                                  << "HTTP/1.1 400 Bad Request: missing required Host header" + tail + "400 Bad Request: missing required Host header";
    QTest::newRow("malformed Host") << QByteArray("GET / HTTP/1.1\r\nHost: a b\r\n\r\n")
                                    << "HTTP/1.1 400 Bad Request: malformed Host header" + tail + "400 Bad Request: malformed Host header";
    QTest::newRow("invalid header name") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX A: 1\r\n\r\n")
                                         << "HTTP/1.1 400 Bad Request: invalid header name" + tail + "400 Bad Request: invalid header name";
    QTest::newRow("invalid header value") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Ok: a\x01" "b\r\n\r\n")
                                          << "HTTP/1.1 400 Bad Request: invalid header value" + tail + "400 Bad Request: invalid header value";
    QTest::newRow("505") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
                         << "HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version" + tail + "505 HTTP Version Not Supported: unsupported protocol version";
    QTest::newRow("431") << "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n"
                         << "HTTP/1.1 431 Request Header Fields Too Large" + tail + "431 Request Header Fields Too Large";
    QTest::newRow("no error, no response") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray();
}

void TestHandshake::readerErrorResponse()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, response);
    QCOMPARE(readInPieces(raw, {}).errorResponse, response);
}

void TestHandshake::readerKeepsLaterBytesAsLeftover()
{
    HttpRequestReader reader;
    QCOMPARE(reader.feed(upgradeRequest() + "ab"), HttpRequestReader::Status::Complete);
    QCOMPARE(reader.feed("cd"), HttpRequestReader::Status::Complete);
    QCOMPARE(reader.request().pipelinedBytes, qsizetype(4));
    QCOMPARE(reader.takeLeftover(), QByteArray("abcd"));
    QCOMPARE(reader.takeLeftover(), QByteArray());
}

void TestHandshake::bytesAfterTheHeadCannotGrowMemory()
{
    const QByteArray head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    HttpRequestReader reader(64);
    QCOMPARE(reader.feed(head + QByteArray(100, 'a')), HttpRequestReader::Status::Complete);
    for (int i = 0; i < 100; ++i)
        reader.feed(QByteArray(1000, 'b'));
    QCOMPARE(reader.request().pipelinedBytes, qsizetype(100 + 100 * 1000));
    QCOMPARE(reader.takeLeftover(), QByteArray(64, 'a'));
}

void TestHandshake::headerLookup()
{
    const HttpRequest r = parse("GET /nats/leafnode?x=1 HTTP/1.1\r\nhost: h\r\nX-Multi: a\r\nx-multi: b\r\nX-MULTI: c\r\n\r\n");
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.target, QByteArray("/nats/leafnode?x=1"));
    QCOMPARE(r.path(), QByteArray("/nats/leafnode"));
    QCOMPARE(r.version, QByteArray("HTTP/1.1"));
    QCOMPARE(r.values("x-MuLtI"), (QList<QByteArray>{"a", "b", "c"}));
    QCOMPARE(r.value("X-Multi"), QByteArray("a"));
    QCOMPARE(r.value("Absent"), QByteArray());
    QVERIFY(r.has("HOST"));
    QVERIFY(!r.has("Cookie"));
    QCOMPARE(r.host(), QByteArray("h"));
    const HttpRequest absolute = parse("GET http://abc:81/mqtt?q HTTP/1.1\r\nHost: other\r\n\r\n");
    QCOMPARE(absolute.host(), QByteArray("abc:81"));
    QCOMPARE(absolute.path(), QByteArray("/mqtt"));
}

void TestHandshake::evaluate_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<HandshakePolicy>("policy");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");

    const HandshakePolicy plain;
    HandshakePolicy mqtt;
    mqtt.mqttEnabled = true;
    HandshakePolicy sameOrigin;
    sameOrigin.origins = OriginPolicy(true, {});
    const QByteArray ok;

    QTest::newRow("valid") << upgradeRequest() << plain << 101 << ok;
    QTest::newRow("header names any case") << QByteArray("GET / HTTP/1.1\r\nhOsT: x\r\nUPGRADE: WebSocket\r\nconnection: UPGRADE\r\n"
                                                         "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n\r\n")
                                           << plain << 101 << ok;
    QTest::newRow("token lists") << upgradeRequestWith("Connection", "Connection: keep-alive, Upgrade")
                                 << plain << 101 << ok;
    QTest::newRow("tokens over several lines") << upgradeRequestWith("Upgrade", "Upgrade: h2c\r\nUpgrade: foo,\twebsocket ")
                                               << plain << 101 << ok;
    QTest::newRow("version list") << upgradeRequestWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8, 13") << plain << 101 << ok;
    QTest::newRow("HTTP/1.0 with Host") << upgradeRequest({}, "GET / HTTP/1.0") << plain << 101 << ok;
    QTest::newRow("query ignored for kind") << upgradeRequest({}, "GET /?mqtt HTTP/1.1") << plain << 101 << ok;

    // Each check, in nats-server's order.
    QTest::newRow("404 mqtt disabled") << upgradeRequest({}, "GET /mqtt HTTP/1.1") << plain << 404 << QByteArray("mqtt websocket endpoint not enabled");
    QTest::newRow("404 before 405") << upgradeRequest({}, "POST /ws/mqtt HTTP/1.1") << plain << 404 << QByteArray("mqtt websocket endpoint not enabled");
    QTest::newRow("mqtt enabled") << upgradeRequest({}, "GET /mqtt HTTP/1.1") << mqtt << 101 << ok;
    QTest::newRow("405 POST") << upgradeRequest({}, "POST / HTTP/1.1") << plain << 405 << QByteArray("request method must be GET");
    QTest::newRow("405 lower-case get") << upgradeRequest({}, "get / HTTP/1.1") << plain << 405 << QByteArray("request method must be GET");
    QTest::newRow("400 HTTP/1.0 no Host") << upgradeRequestWith("Host", {}).replace("HTTP/1.1", "HTTP/1.0") << plain << 400 << QByteArray("'Host' missing in request");
    QTest::newRow("400 empty Host") << upgradeRequestWith("Host", "Host:") << plain << 400 << QByteArray("'Host' missing in request");
    QTest::newRow("400 no Upgrade") << upgradeRequestWith("Upgrade", {}) << plain << 400 << QByteArray("invalid value for header 'Upgrade'");
    QTest::newRow("400 wrong Upgrade") << upgradeRequestWith("Upgrade", "Upgrade: websockets") << plain << 400 << QByteArray("invalid value for header 'Upgrade'");
    QTest::newRow("400 no Connection") << upgradeRequestWith("Connection", {}) << plain << 400 << QByteArray("invalid value for header 'Connection'");
    QTest::newRow("400 Connection keep-alive") << upgradeRequestWith("Connection", "Connection: keep-alive") << plain << 400 << QByteArray("invalid value for header 'Connection'");
    QTest::newRow("400 no key") << upgradeRequestWith("Sec-WebSocket-Key", {}) << plain << 400 << QByteArray("key missing");
    QTest::newRow("400 empty key") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key:") << plain << 400 << QByteArray("key missing");
    QTest::newRow("400 empty first key line") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key:\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
                                              << plain << 400 << QByteArray("key missing");
    QTest::newRow("400 key not base64") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: %%%") << plain << 400 << QByteArray("invalid websocket key");
    QTest::newRow("400 key of 5 bytes") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: c2hvcnQ=") << plain << 400 << QByteArray("invalid websocket key");
    QTest::newRow("400 key unpadded") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ") << plain << 400 << QByteArray("invalid websocket key");
    QTest::newRow("400 key of 17 bytes") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZmc=") << plain << 400 << QByteArray("invalid websocket key");
    QTest::newRow("400 key url-safe alphabet") << upgradeRequestWith("Sec-WebSocket-Key", "Sec-WebSocket-Key: ____________________ww==") << plain << 400 << QByteArray("invalid websocket key");
    QTest::newRow("400 no version") << upgradeRequestWith("Sec-WebSocket-Version", {}) << plain << 400 << QByteArray("invalid version");
    QTest::newRow("400 version 99") << upgradeRequestWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 99") << plain << 400 << QByteArray("invalid version");
    QTest::newRow("400 version 130") << upgradeRequestWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 130") << plain << 400 << QByteArray("invalid version");
    QTest::newRow("403 origin") << upgradeRequest("Origin: http://bad.host.com\r\n") << sameOrigin << 403 << QByteArray("origin not allowed: not same origin");
    QTest::newRow("403 old-draft origin header") << upgradeRequest("Sec-WebSocket-Origin: http://bad.host.com\r\n") << sameOrigin << 403
                                                 << QByteArray("origin not allowed: not same origin");
    QTest::newRow("403 origin parse error") << upgradeRequest("Origin: foo\r\n") << sameOrigin << 403
                                            << QByteArray("origin not allowed: parse \"foo\": invalid URI for request");
    QTest::newRow("same origin ok") << upgradeRequest("Origin: http://localhost\r\n") << sameOrigin << 101 << ok;
    QTest::newRow("403 after version check") << upgradeRequestWith("Sec-WebSocket-Version", "Origin: http://bad") << sameOrigin << 400 << QByteArray("invalid version");
    QTest::newRow("400 data before the 101") << upgradeRequest() + "PING\r\n" << plain << 400
                                             << QByteArray("client sent data before handshake is complete");
    QTest::newRow("origin checked before pipelined data") << upgradeRequest("Origin: http://bad\r\n") + "x" << sameOrigin << 403
                                                          << QByteArray("origin not allowed: not same origin");
}

void TestHandshake::evaluate()
{
    QFETCH(QByteArray, raw);
    QFETCH(HandshakePolicy, policy);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    const Parsed parsed = readInPieces(raw, {});
    QCOMPARE(parsed.status, HttpRequestReader::Status::Complete);
    const HandshakeResult result = evaluateHandshake(parsed.request, policy);
    QCOMPARE(result.status, status);
    QCOMPARE(result.reason, reason);
    QCOMPARE(result.accepted, status == 101);
    QCOMPARE(result.originRejected, status == 403);
    if (status == 101) {
        QVERIFY(result.response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    } else if (reason == "client sent data before handshake is complete") {
        QVERIFY(result.response.isEmpty());   // closed without an answer, like nats-server
    } else {
        const QByteArray statusLine = ' ' + QByteArray::number(status) + ' ' + httpStatusText(status) + "\r\n";
        QVERIFY(result.response.startsWith((parsed.request.isHttp10() ? "HTTP/1.0" : "HTTP/1.1") + statusLine));
        QVERIFY(result.response.endsWith("\r\n\r\n" + httpStatusText(status) + '\n'));
    }
}

void TestHandshake::evaluateEverySplit()
{
    const QByteArray requests[] = {
        upgradeRequest("Sec-WebSocket-Extensions: permessage-deflate\r\nCookie: jwt=abc\r\n"),
        upgradeRequestWith("Sec-WebSocket-Version", "Sec-WebSocket-Version: 7"),
    };
    HandshakePolicy policy = policyWith(true);
    policy.jwtCookie = "jwt";
    for (const QByteArray &raw : requests) {
        const HandshakeResult whole = evaluateHandshake(parse(raw), policy);
        for (qsizetype cut = 1; cut < raw.size(); ++cut) {
            const Parsed p = readInPieces(raw, {cut});
            QCOMPARE(p.status, HttpRequestReader::Status::Complete);
            const HandshakeResult split = evaluateHandshake(p.request, policy);
            QCOMPARE(split.status, whole.status);
            QCOMPARE(split.reason, whole.reason);
            QCOMPARE(withoutDate(split.response), withoutDate(whole.response));
            QCOMPARE(split.cookies, whole.cookies);
        }
    }
}

void TestHandshake::successResponse_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<HandshakePolicy>("policy");
    QTest::addColumn<QByteArray>("response");
    const QByteArray head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Accept: " + kSampleAccept.toByteArray() + "\r\n";
    const QByteArray deflate = "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n";
    HandshakePolicy mqtt;
    mqtt.mqttEnabled = true;
    mqtt.compression = true;
    HandshakePolicy headers;
    headers.extraHeaders = {{"Strict-Transport-Security", "max-age=31536000"}, {"X-Empty", ""}, {"", "no name"}, {"X-Two", "2"}};

    QTest::newRow("plain") << upgradeRequest() << HandshakePolicy() << head + "\r\n";
    QTest::newRow("sub-protocol not echoed") << upgradeRequest("Sec-WebSocket-Protocol: nats\r\n") << HandshakePolicy() << head + "\r\n";
    QTest::newRow("deflate offered, compression off") << upgradeRequest("Sec-WebSocket-Extensions: permessage-deflate\r\n") << HandshakePolicy() << head + "\r\n";
    QTest::newRow("deflate negotiated") << upgradeRequest("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")
                                        << policyWith(true) << head + deflate + "\r\n";
    QTest::newRow("compression on, not offered") << upgradeRequest() << policyWith(true) << head + "\r\n";
    QTest::newRow("no masking echoed") << upgradeRequest("Nats-No-Masking: true\r\n") << HandshakePolicy() << head + "Nats-No-Masking: true\r\n\r\n";
    QTest::newRow("no masking any header case") << upgradeRequest("nats-no-masking: true\r\n") << HandshakePolicy() << head + "Nats-No-Masking: true\r\n\r\n";
    QTest::newRow("no masking True ignored") << upgradeRequest("Nats-No-Masking: True\r\n") << HandshakePolicy() << head + "\r\n";
    QTest::newRow("no masking first line only") << upgradeRequest("Nats-No-Masking:\r\nNats-No-Masking: true\r\n") << HandshakePolicy() << head + "\r\n";
    QTest::newRow("order: deflate, no masking, mqtt") << upgradeRequest("Nats-No-Masking: true\r\nSec-WebSocket-Extensions: permessage-deflate\r\n", "GET /mqtt HTTP/1.1")
                                                      << mqtt << head + deflate + "Nats-No-Masking: true\r\nSec-Websocket-Protocol: mqtt\r\n\r\n";
    QTest::newRow("configured headers, empty ones skipped") << upgradeRequest() << headers
                                                            << head + "Strict-Transport-Security: max-age=31536000\r\nX-Two: 2\r\n\r\n";
}

void TestHandshake::successResponse()
{
    QFETCH(QByteArray, raw);
    QFETCH(HandshakePolicy, policy);
    QFETCH(QByteArray, response);
    const HandshakeResult result = evaluateHandshake(parse(raw), policy);
    QVERIFY(result.accepted);
    QCOMPARE(result.response, response);
    QCOMPARE(result.compression, response.contains("permessage-deflate"));
    QCOMPARE(result.noMasking, response.contains("Nats-No-Masking"));
}

void TestHandshake::errorResponseBytes_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("response");
    // Compared with nats-server 2.9.10 on a raw socket (Date line aside).
    QTest::newRow("405") << upgradeRequest({}, "POST / HTTP/1.1") << goError(405, "Method Not Allowed");
    QTest::newRow("400") << upgradeRequestWith("Upgrade", {}) << goError(400, "Bad Request");
    QTest::newRow("400 HTTP/1.0 status line") << QByteArray("GET / HTTP/1.0\r\n\r\n") << goError(400, "Bad Request", true);
    QTest::newRow("400 Connection close echoed") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                                 << goError(400, "Bad Request", false, "close");
    QTest::newRow("400 HTTP/1.0 keep-alive echoed") << QByteArray("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                                                    << goError(400, "Bad Request", true, "keep-alive");
}

void TestHandshake::errorResponseBytes()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, response);
    QCOMPARE(withoutDate(evaluateHandshake(parse(raw), {}).response), response);
}

void TestHandshake::errorResponseDate()
{
    const QDateTime when(QDate(2026, 12, 3), QTime(15, 28, 25), QTimeZone::utc());
    const QByteArray response = httpErrorResponse(403, HttpRequest{}, when);
    QCOMPARE(response, QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                  "Sec-Websocket-Version: 13\r\nX-Content-Type-Options: nosniff\r\n"
                                  "Date: Thu, 03 Dec 2026 15:28:25 GMT\r\nContent-Length: 10\r\n\r\nForbidden\n"));
    QVERIFY(httpErrorResponse(404).contains(" GMT\r\nContent-Length: 10\r\n\r\nNot Found\n"));
}

void TestHandshake::acceptKeyRfcExample()
{
    QCOMPARE(acceptKey(kSampleKey.toByteArray()), kSampleAccept.toByteArray());
    QCOMPARE(acceptKey("%%%"), QByteArray("+Iatok+erWfQAn5aeTTvVE/brOs="));   // what 2.9.10 answered
}

void TestHandshake::compressionNegotiation_data()
{
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<bool>("negotiated");
    QTest::addColumn<int>("windowBits");   // 0: no server_max_window_bits in the answer
    const QByteArray ext = "Sec-WebSocket-Extensions: ";
    QTest::newRow("plain offer") << ext + "permessage-deflate\r\n" << true << 0;
    QTest::newRow("any case") << ext + "PerMessage-Deflate\r\n" << true << 0;
    QTest::newRow("client_max_window_bits ignored") << ext + "permessage-deflate; client_max_window_bits\r\n" << true << 0;
    QTest::newRow("server window honoured") << ext + "permessage-deflate; server_max_window_bits=10; client_max_window_bits\r\n" << true << 10;
    QTest::newRow("server window 15 echoed") << ext + "permessage-deflate; server_max_window_bits=15\r\n" << true << 15;
    QTest::newRow("server window quoted") << ext + "permessage-deflate; server_max_window_bits=\"12\"\r\n" << true << 12;
    QTest::newRow("window 8 declined") << ext + "permessage-deflate; server_max_window_bits=8\r\n" << false << 0;
    QTest::newRow("window 8, then a plain fallback offer") << ext + "permessage-deflate; server_max_window_bits=8, permessage-deflate\r\n" << true << 0;
    QTest::newRow("window malformed declined") << ext + "permessage-deflate; server_max_window_bits=abc\r\n" << false << 0;
    QTest::newRow("window without value declined") << ext + "permessage-deflate; server_max_window_bits\r\n" << false << 0;
    QTest::newRow("window 16 declined") << ext + "permessage-deflate; server_max_window_bits=16\r\n" << false << 0;
    QTest::newRow("second offer") << ext + "x-webkit-deflate-frame, permessage-deflate\r\n" << true << 0;
    QTest::newRow("second line") << ext + "foo\r\n" + ext + "permessage-deflate\r\n" << true << 0;
    QTest::newRow("as a later element") << ext + "foo, x; permessage-deflate\r\n" << true << 0;
    QTest::newRow("padded with tabs") << ext + "\tpermessage-deflate\t;x\r\n" << true << 0;
    QTest::newRow("none") << QByteArray() << false << 0;
    QTest::newRow("other extension") << ext + "x-webkit-deflate-frame\r\n" << false << 0;
    QTest::newRow("prefix only") << ext + "permessage-deflate2\r\n" << false << 0;
    QTest::newRow("as a parameter value") << ext + "foo=permessage-deflate\r\n" << false << 0;
}

void TestHandshake::compressionNegotiation()
{
    QFETCH(QByteArray, extensions);
    QFETCH(bool, negotiated);
    QFETCH(int, windowBits);
    const HandshakeResult result = evaluateHandshake(parse(upgradeRequest(extensions)), policyWith(true));
    QCOMPARE(result.compression, negotiated);
    QCOMPARE(result.serverMaxWindowBits, windowBits ? windowBits : 15);
    QByteArray answer = "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    if (windowBits)
        answer += "; server_max_window_bits=" + QByteArray::number(windowBits);
    QCOMPARE(result.response.contains(answer + "\r\n"), negotiated);
    QVERIFY(!evaluateHandshake(parse(upgradeRequest(extensions)), policyWith(false)).compression);
}

void TestHandshake::browserDetection_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("userAgent");
    QTest::addColumn<bool>("compression");
    QTest::addColumn<bool>("browser");
    QTest::addColumn<bool>("safari");
    const QByteArray chromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    const QByteArray safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
    QTest::newRow("no user agent") << QByteArray("/") << QByteArray() << true << false << false;
    QTest::newRow("node client") << QByteArray("/") << QByteArray("nats.js/2.0") << true << false << false;
    QTest::newRow("firefox") << QByteArray("/") << QByteArray("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0") << true << true << false;
    QTest::newRow("mozilla lower-case is not") << QByteArray("/") << QByteArray("mozilla/5.0") << true << false << false;
    QTest::newRow("chrome on macOS") << QByteArray("/") << chromeMac << true << true << false;
    QTest::newRow("safari") << QByteArray("/") << safari << true << true << true;
    QTest::newRow("safari without compression") << QByteArray("/") << safari << false << true << false;
    QTest::newRow("leafnode never a browser") << QByteArray("/leafnode") << safari << true << false << false;
    QTest::newRow("mqtt can be a browser") << QByteArray("/mqtt") << safari << true << true << true;
}

void TestHandshake::browserDetection()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, userAgent);
    QFETCH(bool, compression);
    QFETCH(bool, browser);
    QFETCH(bool, safari);
    HandshakePolicy policy = policyWith(compression);
    policy.mqttEnabled = true;
    const QByteArray extra = "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                             + (userAgent.isEmpty() ? QByteArray() : "User-Agent: " + userAgent + "\r\n");
    const HandshakeResult result = evaluateHandshake(parse(upgradeRequest(extra, "GET " + path + " HTTP/1.1")), policy);
    QVERIFY(result.accepted);
    QCOMPARE(result.browser, browser);
    QCOMPARE(result.safari, safari);
    QCOMPARE(result.userAgent, userAgent);
}

void TestHandshake::forwardedFor_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QString>("ip");
    QTest::newRow("absent") << QByteArray() << QString();
    QTest::newRow("empty") << QByteArray("X-Forwarded-For:\r\n") << QString();
    QTest::newRow("ipv4") << QByteArray("X-Forwarded-For: 1.2.3.4\r\n") << u"1.2.3.4"_s;
    QTest::newRow("ipv6 loopback") << QByteArray("X-Forwarded-For: ::1\r\n") << u"::1"_s;
    QTest::newRow("ipv6 full") << QByteArray("X-Forwarded-For: 2001:db8:0:0:0:0:2:1\r\n") << u"2001:db8:0:0:0:0:2:1"_s;
    QTest::newRow("ipv4-mapped ipv6") << QByteArray("X-Forwarded-For: ::ffff:10.0.0.1\r\n") << u"::ffff:10.0.0.1"_s;
    QTest::newRow("first of two lines") << QByteArray("X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8\r\n") << u"1.2.3.4"_s;
    QTest::newRow("bad first line wins") << QByteArray("X-Forwarded-For: proxy\r\nX-Forwarded-For: 5.6.7.8\r\n") << QString();
    QTest::newRow("list in one line ignored") << QByteArray("X-Forwarded-For: 1.2.3.4, 10.0.0.1\r\n") << QString();
    QTest::newRow("hostname ignored") << QByteArray("X-Forwarded-For: example.com\r\n") << QString();
    QTest::newRow("octet over 255") << QByteArray("X-Forwarded-For: 1.2.3.256\r\n") << QString();
    QTest::newRow("leading zero") << QByteArray("X-Forwarded-For: 01.2.3.4\r\n") << QString();
    QTest::newRow("three octets") << QByteArray("X-Forwarded-For: 1.2.3\r\n") << QString();
    QTest::newRow("bracketed ipv6") << QByteArray("X-Forwarded-For: [::1]\r\n") << QString();
    QTest::newRow("ipv6 zone") << QByteArray("X-Forwarded-For: fe80::1%eth0\r\n") << QString();
    QTest::newRow("two double colons") << QByteArray("X-Forwarded-For: 1::2::3\r\n") << QString();
    QTest::newRow("with port") << QByteArray("X-Forwarded-For: 1.2.3.4:80\r\n") << QString();
}

void TestHandshake::forwardedFor()
{
    QFETCH(QByteArray, headers);
    QFETCH(QString, ip);
    QCOMPARE(evaluateHandshake(parse(upgradeRequest(headers)), {}).forwardedFor, ip);
}

void TestHandshake::cookies_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArrayList>("expected");   // "name=value", sorted
    QTest::newRow("none") << QByteArray() << QByteArrayList{};
    QTest::newRow("jwt") << QByteArray("Cookie: jwt=abc\r\n") << QByteArrayList{"jwt=abc"};
    QTest::newRow("others dropped") << QByteArray("Cookie: theme=dark; jwt=abc; sid=1\r\n") << QByteArrayList{"jwt=abc"};
    QTest::newRow("all four") << QByteArray("Cookie: jwt=j; u=user; p=pass; t=tok\r\n") << QByteArrayList{"jwt=j", "p=pass", "t=tok", "u=user"};
    QTest::newRow("several lines") << QByteArray("Cookie: u=user\r\nCookie: p=pass\r\n") << QByteArrayList{"p=pass", "u=user"};
    QTest::newRow("last wins") << QByteArray("Cookie: u=first; u=second\r\nCookie: u=third\r\n") << QByteArrayList{"u=third"};
    QTest::newRow("quoted value") << QByteArray("Cookie: t=\"tok\"\r\n") << QByteArrayList{"t=tok"};
    QTest::newRow("invalid value skipped") << QByteArray("Cookie: t=a\\b; u=ok\r\n") << QByteArrayList{"u=ok"};
    QTest::newRow("empty value kept") << QByteArray("Cookie: p=\r\n") << QByteArrayList{"p="};
    QTest::newRow("names are case-sensitive") << QByteArray("Cookie: JWT=abc\r\n") << QByteArrayList{};
    QTest::newRow("stray separators") << QByteArray("Cookie: ; ;u=x;;\r\n") << QByteArrayList{"u=x"};
}

void TestHandshake::cookies()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArrayList, expected);
    HandshakePolicy policy;
    policy.jwtCookie = "jwt";
    policy.userCookie = "u";
    policy.passCookie = "p";
    policy.tokenCookie = "t";
    const HandshakeResult result = evaluateHandshake(parse(upgradeRequest(headers)), policy);
    QByteArrayList got;
    for (auto it = result.cookies.cbegin(); it != result.cookies.cend(); ++it)
        got.append(it.key() + '=' + it.value());
    std::sort(got.begin(), got.end());
    QCOMPARE(got, expected);
    // Unset cookie options match nothing, not even a cookie with an empty name.
    QVERIFY(evaluateHandshake(parse(upgradeRequest("Cookie: =x; jwt=abc\r\n")), {}).cookies.isEmpty());
}

void TestHandshake::kindAndOrigin()
{
    HandshakePolicy policy;
    policy.mqttEnabled = true;
    QCOMPARE(evaluateHandshake(parse(upgradeRequest()), policy).kind, ClientKind::Client);
    QCOMPARE(evaluateHandshake(parse(upgradeRequest({}, "GET /leafnode HTTP/1.1")), policy).kind, ClientKind::Leaf);
    QCOMPARE(evaluateHandshake(parse(upgradeRequest({}, "GET /nats/leafnode HTTP/1.1")), policy).kind, ClientKind::Leaf);
    QCOMPARE(evaluateHandshake(parse(upgradeRequest({}, "GET /leafnode/x HTTP/1.1")), policy).kind, ClientKind::Client);
    QCOMPARE(evaluateHandshake(parse(upgradeRequest({}, "GET /ws/mqtt HTTP/1.1")), policy).kind, ClientKind::Mqtt);
    const HandshakeResult withOrigin = evaluateHandshake(parse(upgradeRequest("Origin: http://a.com\r\n")), policy);
    QCOMPARE(withOrigin.origin, QByteArray("http://a.com"));
    const HandshakeResult oldOrigin = evaluateHandshake(parse(upgradeRequest("Sec-WebSocket-Origin: http://b.com\r\n")), policy);
    QCOMPARE(oldOrigin.origin, QByteArray("http://b.com"));
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
