// ProtocolParser: every op, nats-server's grammar quirks, malformed input with the exact -ERR
// text and close reason, and the same events whatever way the stream is split.
#include "NatsTestSupport.h"

#include <QRandomGenerator>
#include <QTest>
#include <algorithm>

using namespace natsws::nats;
using natsws::nats::testing::RecordingHandler;

namespace {

QByteArray failure(const char *errText, const char *reason)
{
    return QByteArray("ERROR '") + errText + "' " + reason;
}
const QByteArray kUnknown = failure("Unknown Protocol Operation", "Protocol Violation");
const QByteArray kSilentClose = failure("", "Protocol Violation");
const QByteArray kMaxPayload = failure("Maximum Payload Violation", "Maximum Message Payload Exceeded");
const QByteArray kMaxControlLine = failure("maximum control line exceeded", "Maximum Control Line Exceeded");
const QByteArray kAuthViolation = failure("Authorization Violation", "Authentication Failure");

struct ParserSettings {
    bool headers = false;
    bool authFirst = false;
    int maxControlLine = 4096;
};

// Feeds `input` cut at the given offsets (ascending) and returns the recorded events.
QByteArrayList parseInPieces(const QByteArray &input, const QList<qsizetype> &cuts, ParserSettings settings)
{
    RecordingHandler handler;
    ProtocolParser parser(handler);
    parser.setHeadersAllowed(settings.headers);
    parser.setConnectRequiredFirst(settings.authFirst);
    parser.setMaxControlLine(settings.maxControlLine);
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        // A copy per piece, freed right after: views must not outlive their feed().
        const QByteArray piece = input.mid(from, cut - from);
        parser.feed(piece);
        from = cut;
    }
    parser.feed(input.mid(from));
    return handler.events;
}

} // namespace

class TestProtocolParser : public QObject {
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void splitAtEveryOffset_data() { parse_data(); }
    void splitAtEveryOffset();
    void splitAtEveryPairOfOffsets_data() { parse_data(); }
    void splitAtEveryPairOfOffsets();
    void randomStreamsSplitAnywhere();
    void controlLineLimit_data();
    void controlLineLimit();
    void payloadInOneFeedIsAView();
    void payloadAcrossFeedsIsCollectedOnce();
    void payloadAtMaxPayloadIsAccepted();
    void handlerStopHaltsParsing();
    void parseSize_data();
    void parseSize();
};

void TestProtocolParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("headers");
    QTest::addColumn<bool>("authFirst");
    QTest::addColumn<QByteArrayList>("events");

    auto row = [](const char *name, const QByteArray &input, QByteArrayList events, bool headers = false,
                  bool authFirst = false) {
        QTest::newRow(name) << input << headers << authFirst << events;
    };

    // PING/PONG/+OK: the rest of the line is ignored, as in nats-server.
    row("ping", "PING\r\n", {"PING"});
    row("ping lower case bare LF", "ping\n", {"PING"});
    row("ping trailing text ignored", "PING now please\r\n", {"PING"});
    row("pong", "PONG\r\n", {"PONG"});
    row("ok", "+OK\r\n", {"OK"});
    row("ok lower case", "+ok\r\n", {"OK"});
    row("err from client", "-ERR 'boom'\r\n", {"ERR 'boom'"});
    row("err needs a space", "-ERR\r\n", {kUnknown});

    row("connect", "CONNECT {\"verbose\":false}\r\n", {"CONNECT {\"verbose\":false}"});
    row("connect without space", "CONNECT{}\r\n", {"CONNECT {}"});
    row("connect spaces and tabs", "CoNnEcT \t {}\r\n", {"CONNECT {}"});
    row("connect empty arg", "CONNECT\r\n", {"CONNECT "});
    row("info from client", "INFO {}\r\n", {"INFO {}"});

    row("sub", "SUB foo 1\r\n", {"SUB subject=foo queue= sid=1"});
    row("sub with queue", "SUB foo bar 1\r\n", {"SUB subject=foo queue=bar sid=1"});
    row("sub tabs mixed case", "sUb\tfoo\t\tq  9\r\n", {"SUB subject=foo queue=q sid=9"});
    row("sub bare LF", "SUB foo 1\n", {"SUB subject=foo queue= sid=1"});
    row("sub one arg", "SUB foo\r\n", {kSilentClose});
    row("sub four args", "SUB a b c d\r\n", {kSilentClose});
    row("sub without separator", "SUBfoo 1\r\n", {kUnknown});
    row("sub invalid subject is parsed", "SUB foo..bar 1\r\n", {"SUB subject=foo..bar queue= sid=1"});

    row("unsub", "UNSUB 1\r\n", {"UNSUB sid=1 max=-1"});
    row("unsub with max", "unsub 1 5\r\n", {"UNSUB sid=1 max=5"});
    row("unsub max not a number", "UNSUB 1 x\r\n", {"UNSUB sid=1 max=-1"});
    row("unsub three args", "UNSUB 1 2 3\r\n", {kSilentClose});
    row("unsub no args", "UNSUB \r\n", {kSilentClose});

    row("pub", "PUB foo 5\r\nhello\r\n", {"PUB subject=foo reply= hdr=-1 size=5 szb=5 payload=hello"});
    row("pub with reply", "PUB foo bar 2\r\nhi\r\n", {"PUB subject=foo reply=bar hdr=-1 size=2 szb=2 payload=hi"});
    row("pub empty payload", "PUB foo 0\r\n\r\n", {"PUB subject=foo reply= hdr=-1 size=0 szb=0 payload="});
    row("pub payload holding CRLF", "PUB foo 4\r\na\r\nb\r\n", {"PUB subject=foo reply= hdr=-1 size=4 szb=4 payload=a\r\nb"});
    row("pub size with leading zero", "PUB foo 02\r\nhi\r\n", {"PUB subject=foo reply= hdr=-1 size=2 szb=02 payload=hi"});
    row("pub lower case tabs bare LF", "pub\tfoo\t2\nhi\r\n", {"PUB subject=foo reply= hdr=-1 size=2 szb=2 payload=hi"});
    row("pub payload longer than size", "PUB foo 2\r\nhello\r\n", {kUnknown});
    row("pub payload end without CR", "PUB foo 1\r\na\nPING\r\n", {kUnknown});
    row("pub payload end CR then junk", "PUB foo 1\r\na\rxPING\r\n", {kUnknown});
    row("pub size not a number", "PUB foo x\r\n", {kSilentClose});
    row("pub negative size", "PUB foo -1\r\n", {kSilentClose});
    row("pub size of ten digits", "PUB foo 1234567890\r\n", {kSilentClose});
    row("pub without size", "PUB foo\r\n", {kSilentClose});
    row("pub four args", "PUB a b c 1\r\nx\r\n", {kSilentClose});
    row("pub over max payload", "PUB foo 1048577\r\n", {kMaxPayload});
    row("pub without separator", "PUBLISH foo 1\r\n", {kUnknown});

    row("hpub", "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n",
        {"PUB subject=foo reply= hdr=12 size=14 szb=14 payload=NATS/1.0\r\n\r\nhi"}, true);
    row("hpub with reply", "hpub foo r 12 12\r\nNATS/1.0\r\n\r\n\r\n",
        {"PUB subject=foo reply=r hdr=12 size=12 szb=12 payload=NATS/1.0\r\n\r\n"}, true);
    row("hpub without headers negotiated", "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", {kSilentClose}, false);
    row("hpub header larger than total", "HPUB foo 5 4\r\n", {kSilentClose}, true);
    row("hpub header size not a number", "HPUB foo x 4\r\n", {kSilentClose}, true);
    row("hpub missing sizes", "HPUB foo 4\r\n", {kSilentClose}, true);
    row("hpub over max payload", "HPUB foo 1 1048577\r\n", {kMaxPayload}, true);

    row("msg is server-only", "MSG foo 1 2\r\nhi\r\n", {kUnknown});
    row("hmsg is server-only", "HMSG foo 1 2 2\r\nhi\r\n", {kUnknown}, true);
    row("unknown op", "FOO\r\n", {kUnknown});
    row("empty line", "\r\n", {kUnknown});
    row("nothing after an error", "FOO\r\nPING\r\n", {kUnknown});
    row("error after good ops", "PING\r\nPONGX\r\nPUX\r\n", {"PING", "PONG", kUnknown});

    row("auth first: ping refused", "PING\r\n", {kAuthViolation}, false, true);
    row("auth first: pub refused", "PUB foo 1\r\nx\r\n", {kAuthViolation}, false, true);
    row("auth first: unknown op is an auth error", "FOO\r\n", {kAuthViolation}, false, true);
    row("auth first: connect accepted", "connect {}\r\n", {"CONNECT {}"}, false, true);

    row("conversation",
        "CONNECT {}\r\nSUB a 1\r\nPUB a r 1\r\nx\r\nUNSUB 1 1\r\nPING\r\nPONG\r\n+OK\r\n",
        {"CONNECT {}", "SUB subject=a queue= sid=1", "PUB subject=a reply=r hdr=-1 size=1 szb=1 payload=x",
         "UNSUB sid=1 max=1", "PING", "PONG", "OK"});
}

void TestProtocolParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, headers);
    QFETCH(bool, authFirst);
    QFETCH(QByteArrayList, events);
    QCOMPARE(parseInPieces(input, {}, {headers, authFirst}), events);
}

void TestProtocolParser::splitAtEveryOffset()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, headers);
    QFETCH(bool, authFirst);
    QFETCH(QByteArrayList, events);
    for (qsizetype cut = 1; cut < input.size(); ++cut) {
        const QByteArrayList got = parseInPieces(input, {cut}, {headers, authFirst});
        if (got != events)
            QFAIL(qPrintable(QStringLiteral("split at %1 gave %2").arg(cut).arg(QString::fromLatin1(got.join(" | ")))));
    }
    QList<qsizetype> everyByte;
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        everyByte.append(cut);
    QCOMPARE(parseInPieces(input, everyByte, {headers, authFirst}), events);
}

void TestProtocolParser::splitAtEveryPairOfOffsets()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, headers);
    QFETCH(bool, authFirst);
    QFETCH(QByteArrayList, events);
    for (qsizetype first = 1; first < input.size(); ++first) {
        for (qsizetype second = first + 1; second < input.size(); ++second) {
            if (parseInPieces(input, {first, second}, {headers, authFirst}) != events)
                QFAIL(qPrintable(QStringLiteral("split at %1 and %2 differs").arg(first).arg(second)));
        }
    }
}

void TestProtocolParser::randomStreamsSplitAnywhere()
{
    // Streams glued from ops (mostly valid, sometimes not), cut at random places: the events
    // must equal those of the uncut stream. Fixed seed, so a failure is reproducible.
    const QByteArrayList valid{
        "PING\r\n", "pong\n", "+OK\r\n", "SUB a.b 1\r\n", "sub a q 22\r\n", "UNSUB 1 3\r\n",
        "PUB a 3\r\nabc\r\n", "PUB a r 0\r\n\r\n", "pub b 5\r\nhel\r\n\r\n",
        "HPUB a 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", "CONNECT {\"verbose\":false}\r\n", "INFO {}\r\n",
        "PUB big 300\r\n" + QByteArray(300, 'z') + "\r\n", "-ERR 'x'\r\n"};
    const QByteArrayList invalid{"FOO\r\n", "PUB a 2\r\nabc\r\n", "SUB x\r\n", "\r\n", "PUB a 1\r\nx\n",
                                 "SUB " + QByteArray(40, 's') + " 1\r\n"};
    QRandomGenerator random(20240611);
    ParserSettings settings;
    settings.headers = true;
    settings.maxControlLine = 32;
    int withError = 0;
    for (int round = 0; round < 400; ++round) {
        QByteArray stream;
        const int ops = random.bounded(1, 12);
        for (int i = 0; i < ops; ++i) {
            const bool bad = random.bounded(20) == 0;
            const QByteArrayList &from = bad ? invalid : valid;
            stream += from[random.bounded(int(from.size()))];
        }
        const QByteArrayList reference = parseInPieces(stream, {}, settings);
        QVERIFY(!reference.isEmpty());
        withError += reference.last().startsWith("ERROR") ? 1 : 0;
        QList<qsizetype> cuts;
        const int cutCount = random.bounded(1, 9);
        for (int i = 0; i < cutCount && stream.size() > 1; ++i)
            cuts.append(1 + random.bounded(int(stream.size() - 1)));
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        if (parseInPieces(stream, cuts, settings) != reference)
            QFAIL(qPrintable(QStringLiteral("round %1 differs").arg(round)));
    }
    QVERIFY(withError > 10);   // the invalid pieces really were exercised
}

void TestProtocolParser::controlLineLimit_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("events");
    // max_control_line = 16 for these rows; the limit applies to the arguments (after the op
    // name and its spaces, without the line end), as in nats-server.
    QTest::newRow("args of exactly the limit") << QByteArray("SUB 12345678901234 4\r\n")
                                               << QByteArrayList{"SUB subject=12345678901234 queue= sid=4"};
    QTest::newRow("args one over the limit") << QByteArray("SUB 123456789012345 4\r\n") << QByteArrayList{kMaxControlLine};
    QTest::newRow("limit with bare LF") << QByteArray("SUB 12345678901234 4\n")
                                        << QByteArrayList{"SUB subject=12345678901234 queue= sid=4"};
    QTest::newRow("spaces before args do not count") << QByteArray("SUB      12345678901234 4\r\n")
                                                     << QByteArrayList{"SUB subject=12345678901234 queue= sid=4"};
    QTest::newRow("no line end at all") << QByteArray("SUB 123456789012345678") << QByteArrayList{kMaxControlLine};
    QTest::newRow("connect over the limit") << QByteArray("CONNECT {\"name\":\"abcdefgh\"}\r\n")
                                            << QByteArrayList{kMaxControlLine};
    QTest::newRow("pub line over the limit") << QByteArray("PUB abcdefghijklmno 1\r\nx\r\n")
                                             << QByteArrayList{kMaxControlLine};
    QTest::newRow("ping line is not limited") << QByteArray("PING " + QByteArray(100, 'x') + "\r\n")
                                              << QByteArrayList{"PING"};
}

void TestProtocolParser::controlLineLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, events);
    ParserSettings settings;
    settings.maxControlLine = 16;
    QCOMPARE(parseInPieces(input, {}, settings), events);
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        QCOMPARE(parseInPieces(input, {cut}, settings), events);
}

void TestProtocolParser::payloadInOneFeedIsAView()
{
    RecordingHandler handler;
    ProtocolParser parser(handler);
    const QByteArray input("PUB foo 5\r\nhello\r\n");
    parser.feed(input);
    QCOMPARE(handler.publishes.size(), 1);
    QVERIFY(handler.publishes[0].assembled.isNull());
    QCOMPARE(handler.lastPayloadData, input.constData() + input.indexOf("hello"));
}

void TestProtocolParser::payloadAcrossFeedsIsCollectedOnce()
{
    RecordingHandler handler;
    ProtocolParser parser(handler);
    const qsizetype size = 1024 * 1024;
    const QByteArray payload(size, 'p');
    const QByteArray input = "PUB big " + QByteArray::number(size) + "\r\n" + payload + "\r\n";
    const qsizetype readSize = 64 * 1024;
    for (qsizetype at = 0; at < input.size(); at += readSize)
        parser.feed(QByteArrayView(input).sliced(at, qMin(readSize, input.size() - at)));

    QCOMPARE(handler.publishes.size(), 1);
    const QByteArray &assembled = handler.publishes[0].assembled;
    QCOMPARE(assembled.size(), size + 2);
    // Reserved once to the announced size: never grown (and so never copied) on the way.
    QCOMPARE(assembled.capacity(), size + 2);
    QCOMPARE(handler.lastPayloadData, assembled.constData());
    QVERIFY(assembled.startsWith(payload.left(100)));
    QVERIFY(assembled.endsWith("p\r\n"));
}

void TestProtocolParser::payloadAtMaxPayloadIsAccepted()
{
    RecordingHandler handler;
    ProtocolParser parser(handler);
    parser.setMaxPayload(8);
    parser.feed("PUB a 8\r\n12345678\r\nPUB a 9\r\n");
    QCOMPARE(handler.events, (QByteArrayList{"PUB subject=a reply= hdr=-1 size=8 szb=8 payload=12345678", kMaxPayload}));
}

void TestProtocolParser::handlerStopHaltsParsing()
{
    RecordingHandler handler;
    handler.stopAfterConnect = true;
    ProtocolParser parser(handler);
    parser.feed("CONNECT {}\r\nPING\r\n");
    parser.feed("PING\r\n");
    QVERIFY(parser.isHalted());
    QCOMPARE(handler.events, QByteArrayList{"CONNECT {}"});
}

void TestProtocolParser::parseSize_data()
{
    QTest::addColumn<QByteArray>("digits");
    QTest::addColumn<qint64>("value");
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("007") << qint64(7);
    QTest::newRow("nine digits") << QByteArray("999999999") << qint64(999999999);
    QTest::newRow("ten digits") << QByteArray("1000000000") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("sign") << QByteArray("+1") << qint64(-1);
    QTest::newRow("letter") << QByteArray("1a") << qint64(-1);
}

void TestProtocolParser::parseSize()
{
    QFETCH(QByteArray, digits);
    QFETCH(qint64, value);
    QCOMPARE(ProtocolParser::parseSize(digits), value);
}

QTEST_APPLESS_MAIN(TestProtocolParser)
#include "tst_protocolparser.moc"
