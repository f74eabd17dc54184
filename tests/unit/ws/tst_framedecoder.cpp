// FrameDecoder: every rule of spec §4.2/§4.3, and the same events for every split of the bytes.
#include "WsTestSupport.h"

#include "core/ws/CodecStats.h"
#include "core/ws/Deflate.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace natsws::ws;
using namespace natsws::ws::test;

namespace {

struct DecoderSetup {
    bool compression = false;
    bool requireMask = true;
    qint64 maxPayload = 1024 * 1024;
    qint64 maxControlLine = 4096;
};

FrameDecoder::Config configOf(const DecoderSetup &s)
{
    FrameDecoder::Config c;
    c.compression = s.compression;
    c.requireMask = s.requireMask;
    c.maxPayload = s.maxPayload;
    c.maxControlLine = s.maxControlLine;
    return c;
}

QByteArrayList decodeInPieces(const DecoderSetup &setup, const QByteArray &wire, const QList<qsizetype> &cuts)
{
    FrameDecoder decoder(configOf(setup));
    RecordingSink sink;
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        decoder.feed(wire.mid(from, cut - from), sink);
        from = cut;
    }
    decoder.feed(wire.mid(from), sink);
    return sink.all();
}

QByteArray deflated(const QByteArray &plain)
{
    return Deflater().compress({plain});
}

} // namespace

Q_DECLARE_METATYPE(DecoderSetup)

class TestFrameDecoder : public QObject {
    Q_OBJECT
private slots:
    void decode_data();
    void decode();
    void everySplitPoint_data() { decode_data(); }
    void everySplitPoint();
    void byteByByte_data() { decode_data(); }
    void byteByByte();
    void randomStreamsGiveTheSameEventsForAnySplit();
    void payloadIsPassedOnAsItArrives();
    void sinkCanStopDecoding();
    void inputAfterErrorIsIgnored();
    void hugeUncompressedFrameIsStreamed();
    void statsCountBothSides();
};

void TestFrameDecoder::decode_data()
{
    QTest::addColumn<DecoderSetup>("setup");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArrayList>("events");

    const DecoderSetup plain;
    DecoderSetup compressed;
    compressed.compression = true;
    DecoderSetup noMasking;
    noMasking.requireMask = false;
    const QByteArray ok = clientFrame(kFin | kBinary, "ok");
    const QByteArray err = "error:1002:";

    // Good input.
    QTest::newRow("masked binary") << plain << clientFrame(kFin | kBinary, "hello") << QByteArrayList{"data:hello"};
    QTest::newRow("text same as binary") << plain << clientFrame(kFin | kText, "PING\r\n") << QByteArrayList{"data:PING\r\n"};
    QTest::newRow("two frames one buffer")
        << plain << clientFrame(kFin | kBinary, "first") + clientFrame(kFin | kBinary, "second")
        << QByteArrayList{"data:firstsecond"};
    QTest::newRow("empty data frame") << plain << clientFrame(kFin | kBinary, {}) + ok << QByteArrayList{"data:ok"};
    QTest::newRow("16-bit length") << plain << clientFrame(kFin | kBinary, QByteArray(1000, 'x'))
                                   << QByteArrayList{"data:" + QByteArray(1000, 'x')};
    QTest::newRow("64-bit length") << plain << clientFrame(kFin | kBinary, QByteArray(70000, 'y'))
                                   << QByteArrayList{"data:" + QByteArray(70000, 'y')};
    QTest::newRow("non-minimal 16-bit length") << plain << clientFrame(kFin | kBinary, "abc", true, QByteArray("\x01\x02\x03\x04", 4), 16)
                                               << QByteArrayList{"data:abc"};
    QTest::newRow("non-minimal 64-bit length") << plain << clientFrame(kFin | kBinary, "abc", true, QByteArray("\x01\x02\x03\x04", 4), 64)
                                               << QByteArrayList{"data:abc"};
    QTest::newRow("fragmented three frames")
        << plain << clientFrame(kBinary, "one ") + clientFrame(kContinuation, "two ") + clientFrame(kFin | kContinuation, "three")
        << QByteArrayList{"data:one two three"};
    QTest::newRow("ping between fragments")
        << plain << clientFrame(kBinary, "abc") + clientFrame(kFin | kPing, "p1") + clientFrame(kFin | kContinuation, "def")
        << QByteArrayList{"data:abc", "ping:p1", "data:def"};
    QTest::newRow("pong between fragments")
        << plain << clientFrame(kText, "abc") + clientFrame(kFin | kPong, {}) + clientFrame(kFin | kContinuation, "def")
        << QByteArrayList{"data:abc", "pong:", "data:def"};
    QTest::newRow("ping 125 bytes") << plain << clientFrame(kFin | kPing, QByteArray(125, 'p'))
                                    << QByteArrayList{"ping:" + QByteArray(125, 'p')};
    QTest::newRow("empty ping") << plain << clientFrame(kFin | kPing, {}) << QByteArrayList{"ping:"};
    QTest::newRow("unmasked allowed after no-masking") << noMasking << clientFrame(kFin | kBinary, "raw", false)
                                                       << QByteArrayList{"data:raw"};
    QTest::newRow("masked still unmasked after no-masking") << noMasking << clientFrame(kFin | kBinary, "key", true)
                                                            << QByteArrayList{"data:key"};
    QTest::newRow("other mask key") << plain << clientFrame(kFin | kBinary, "abcdefghijklmnopqrstu", true, QByteArray("\xa5\x5a\xff\x00", 4))
                                    << QByteArrayList{"data:abcdefghijklmnopqrstu"};

    // Header checks in nats-server's order; the frame before the error is still delivered.
    QTest::newRow("RSV2 set") << plain << ok + clientFrame(kFin | 0x20 | kBinary, "x")
                              << QByteArrayList{"data:ok", err + "RSV2 and RSV3 must be clear"};
    QTest::newRow("RSV3 set") << plain << ok + clientFrame(kFin | 0x10 | kBinary, "x")
                              << QByteArrayList{"data:ok", err + "RSV2 and RSV3 must be clear"};
    QTest::newRow("RSV2 before RSV1") << plain << clientFrame(kFin | kRsv1 | 0x20 | kBinary, "x")
                                      << QByteArrayList{err + "RSV2 and RSV3 must be clear"};
    QTest::newRow("RSV1 not negotiated") << plain << ok + clientFrame(kFin | kRsv1 | kBinary, "x")
                                         << QByteArrayList{"data:ok", err + "compressed frame received without negotiated permessage-deflate"};
    QTest::newRow("compressed ping not negotiated") << plain << clientFrame(kFin | kRsv1 | kPing, "x")
                                                    << QByteArrayList{err + "compressed frame received without negotiated permessage-deflate"};
    QTest::newRow("mask bit missing") << plain << ok + clientFrame(kFin | kBinary, "x", false)
                                      << QByteArrayList{"data:ok", err + "mask bit missing"};
    QTest::newRow("mask before opcode") << plain << clientFrame(kFin | 3, "x", false) << QByteArrayList{err + "mask bit missing"};
    QTest::newRow("control too long") << plain << ok + clientFrame(kFin | kPing, QByteArray(126, 'p'))
                                      << QByteArrayList{"data:ok", err + "control frame length bigger than maximum allowed of 125 bytes"};
    QTest::newRow("close too long") << plain << clientFrame(kFin | kClose, closeBody(1000, QByteArray(124, 'r')))
                                    << QByteArrayList{err + "control frame length bigger than maximum allowed of 125 bytes"};
    QTest::newRow("control without FIN") << plain << ok + clientFrame(kPing, "p")
                                         << QByteArrayList{"data:ok", err + "control frame does not have final bit set"};
    QTest::newRow("compressed control") << compressed << clientFrame(kFin | kRsv1 | kPong, "p")
                                        << QByteArrayList{err + "control frame must not be compressed"};
    QTest::newRow("new message before final") << plain << clientFrame(kBinary, "a") + clientFrame(kFin | kBinary, "b")
                                              << QByteArrayList{"data:a", err + "new message started before final frame for previous message was received"};
    QTest::newRow("text after open binary") << plain << clientFrame(kBinary, "a") + clientFrame(kFin | kText, "b")
                                            << QByteArrayList{"data:a", err + "new message started before final frame for previous message was received"};
    QTest::newRow("continuation first") << plain << clientFrame(kFin | kContinuation, "a")
                                        << QByteArrayList{err + "invalid continuation frame"};
    QTest::newRow("continuation after complete") << plain << ok + clientFrame(kFin | kContinuation, "a")
                                                 << QByteArrayList{"data:ok", err + "invalid continuation frame"};
    QTest::newRow("continuation with RSV1") << compressed << clientFrame(kBinary, "a", true) + clientFrame(kFin | kRsv1 | kContinuation, "b")
                                            << QByteArrayList{"data:a", err + "invalid continuation frame"};
    QTest::newRow("unknown opcode 3") << plain << ok + clientFrame(kFin | 3, "x") << QByteArrayList{"data:ok", err + "unknown opcode 3"};
    QTest::newRow("unknown opcode 7") << plain << clientFrame(kFin | 7, "x") << QByteArrayList{err + "unknown opcode 7"};
    QTest::newRow("unknown opcode 11") << plain << clientFrame(kFin | 11, "x") << QByteArrayList{err + "unknown opcode 11"};
    QTest::newRow("unknown opcode 15") << plain << clientFrame(kFin | 15, "x") << QByteArrayList{err + "unknown opcode 15"};
    QTest::newRow("64-bit length top bit")
        << plain << ok + QByteArray("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x05", 10)
        << QByteArrayList{"data:ok", err + "invalid 64-bit payload length"};
    QTest::newRow("64-bit length all ones")
        << plain << QByteArray("\x82\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x02\x03\x04", 14)
        << QByteArrayList{err + "invalid 64-bit payload length"};

    // Close frames (§4.3): the decoder reports; replies are closeReplyFor's job.
    QTest::newRow("close empty") << plain << ok + clientFrame(kFin | kClose, {}) << QByteArrayList{"data:ok", "close:none:"};
    QTest::newRow("close 1000") << plain << clientFrame(kFin | kClose, closeBody(1000)) << QByteArrayList{"close:1000:"};
    QTest::newRow("close with reason") << plain << clientFrame(kFin | kClose, closeBody(4000, "bye")) << QByteArrayList{"close:4000:bye"};
    QTest::newRow("close bad utf8 reported") << plain << clientFrame(kFin | kClose, closeBody(1000, "\xff"))
                                             << QByteArrayList{"close:1000:\xff"};
    QTest::newRow("close one byte") << plain << clientFrame(kFin | kClose, "\x03")
                                    << QByteArrayList{err + "close frame payload cannot be 1 byte"};
    QTest::newRow("close 1005") << plain << clientFrame(kFin | kClose, closeBody(1005))
                                << QByteArrayList{err + "invalid close status code 1005"};
    QTest::newRow("close 999") << plain << clientFrame(kFin | kClose, closeBody(999, "x"))
                               << QByteArrayList{err + "invalid close status code 999"};
    QTest::newRow("close between fragments") << plain << clientFrame(kBinary, "a") + clientFrame(kFin | kClose, closeBody(1001))
                                             << QByteArrayList{"data:a", "close:1001:"};
    QTest::newRow("nothing read after close") << plain << clientFrame(kFin | kClose, {}) + ok + clientFrame(kFin | 11, {})
                                              << QByteArrayList{"close:none:"};

    // permessage-deflate (RFC 7692 §7.2.3.1 "Hello").
    const QByteArray hello("\xf2\x48\xcd\xc9\xc9\x07\x00", 7);
    QTest::newRow("compressed Hello") << compressed << clientFrame(kFin | kRsv1 | kBinary, hello) << QByteArrayList{"data:Hello"};
    QTest::newRow("compressed fragmented")
        << compressed << clientFrame(kRsv1 | kBinary, hello.left(3)) + clientFrame(kFin | kContinuation, hello.mid(3))
        << QByteArrayList{"data:Hello"};
    QTest::newRow("ping inside compressed message")
        << compressed
        << clientFrame(kRsv1 | kBinary, hello.left(2)) + clientFrame(kFin | kPing, "x") + clientFrame(kContinuation, hello.mid(2, 2))
               + clientFrame(kFin | kContinuation, hello.mid(4))
        << QByteArrayList{"ping:x", "data:Hello"};
    QTest::newRow("compressed then plain")
        << compressed << clientFrame(kFin | kRsv1 | kBinary, hello) + clientFrame(kFin | kBinary, " world")
        << QByteArrayList{"data:Hello world"};
    QTest::newRow("empty final compressed fragment")
        << compressed << clientFrame(kRsv1 | kBinary, hello) + clientFrame(kFin | kContinuation, {})
        << QByteArrayList{"data:Hello"};
    QTest::newRow("plain frame on compressed connection") << compressed << ok << QByteArrayList{"data:ok"};
    QTest::newRow("corrupt compressed") << compressed << clientFrame(kFin | kRsv1 | kBinary, "\xff\xff\xff")
                                        << QByteArrayList{"error:1007:corrupt compressed data: invalid block type"};
    DecoderSetup small = compressed;
    small.maxPayload = 100;   // a whole inflated message may take 100 + 30 (control line) + 4
    small.maxControlLine = 30;
    const QByteArray big(400, 'z');
    QTest::newRow("inflated past max_payload + a control line")
        << small << clientFrame(kFin | kRsv1 | kBinary, deflated(big))
        << QByteArrayList{"data:" + QByteArray(134, 'z'), "error:1009:maximum payload exceeded"};
    QTest::newRow("inflated exactly to the bound") << small << clientFrame(kFin | kRsv1 | kBinary, deflated(QByteArray(134, 'z')))
                                                   << QByteArrayList{"data:" + QByteArray(134, 'z')};
    const QByteArray pubAtTheLimit = "PUB subject.at.limit 100\r\n" + QByteArray(100, 'p') + "\r\n";
    QTest::newRow("a compressed PUB of exactly max_payload fits")
        << small << clientFrame(kFin | kRsv1 | kBinary, deflated(pubAtTheLimit))
        << QByteArrayList{"data:" + pubAtTheLimit};
    DecoderSetup tiny = compressed;
    tiny.maxPayload = 16;   // compressed cap 128 bytes, the 9-byte inflate tail included
    QTest::newRow("compressed bytes past max_payload x8")
        << tiny << clientFrame(kFin | kRsv1 | kBinary, QByteArray(129, '\0'))
        << QByteArrayList{"error:1009:maximum payload exceeded"};
    QTest::newRow("compressed bytes at the cap but for the tail")
        << tiny << clientFrame(kRsv1 | kBinary, QByteArray(120, '\0')) + clientFrame(kFin | kPing, "p")
        << QByteArrayList{"ping:p"};
    QTest::newRow("tail pushes past the cap at the final frame")
        << tiny << clientFrame(kRsv1 | kBinary, QByteArray(120, '\0')) + clientFrame(kFin | kContinuation, {})
        << QByteArrayList{"error:1009:maximum payload exceeded"};
    QTest::newRow("refused before the huge frame is read")
        << tiny << QByteArray("\xc2\xff\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x00\x00", 14) + QByteArray(129, '\0')
        << QByteArrayList{"error:1009:maximum payload exceeded"};
    QTest::newRow("uncompressed frames have no cap") << tiny << clientFrame(kFin | kBinary, QByteArray(300, 'u'))
                                                     << QByteArrayList{"data:" + QByteArray(300, 'u')};
}

void TestFrameDecoder::decode()
{
    QFETCH(DecoderSetup, setup);
    QFETCH(QByteArray, wire);
    QFETCH(QByteArrayList, events);
    QCOMPARE(decodeInPieces(setup, wire, {}), events);
}

void TestFrameDecoder::everySplitPoint()
{
    QFETCH(DecoderSetup, setup);
    QFETCH(QByteArray, wire);
    QFETCH(QByteArrayList, events);
    // Every cut for short streams; for long ones the header region and a stride.
    for (qsizetype cut = 1; cut < wire.size(); cut += (wire.size() <= 4096 || cut < 64) ? 1 : 997) {
        const QByteArrayList got = decodeInPieces(setup, wire, {cut});
        if (got != events)
            QFAIL(("cut at " + QByteArray::number(cut) + ": got " + got.join('|').left(300)).constData());
    }
}

void TestFrameDecoder::byteByByte()
{
    QFETCH(DecoderSetup, setup);
    QFETCH(QByteArray, wire);
    QFETCH(QByteArrayList, events);
    if (wire.size() > 20000)
        QSKIP("covered by the split test");
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < wire.size(); ++i)
        cuts.append(i);
    QCOMPARE(decodeInPieces(setup, wire, cuts), events);
}

void TestFrameDecoder::randomStreamsGiveTheSameEventsForAnySplit()
{
    // Mostly plausible frames (any opcode and flag, masked or not, compressed or not) with
    // the odd garbage byte: whatever the events, cutting the bytes anywhere must not change them.
    for (quint32 seed = 1; seed <= 300; ++seed) {
        QRandomGenerator rng(seed);
        DecoderSetup setup;
        setup.compression = rng.bounded(2);
        setup.requireMask = rng.bounded(4) != 0;
        setup.maxPayload = rng.bounded(2) ? 64 : 1024 * 1024;
        QByteArray wire;
        const int frames = 1 + int(rng.bounded(8));
        for (int f = 0; f < frames; ++f) {
            const int pick = int(rng.bounded(10));
            int firstByte = int(rng.bounded(2)) ? kFin : 0;
            if (pick < 4)
                firstByte |= kBinary;
            else if (pick < 6)
                firstByte |= kContinuation;
            else if (pick < 8)
                firstByte |= kPing + int(rng.bounded(2)) * (kPong - kPing);
            else
                firstByte |= int(rng.bounded(16));
            if (setup.compression && rng.bounded(3) == 0)
                firstByte |= kRsv1;
            QByteArray payload = rng.bounded(3) == 0 ? deflated(randomBytes(rng.bounded(200), seed + f))
                                                     : randomBytes(rng.bounded(300), seed * 31 + f);
            wire += clientFrame(firstByte, payload, rng.bounded(5) != 0, randomBytes(4, seed + 7 * f));
            if (rng.bounded(12) == 0)
                wire += randomBytes(1 + rng.bounded(3), seed + 99);
        }
        const QByteArrayList whole = decodeInPieces(setup, wire, {});
        for (int attempt = 0; attempt < 8; ++attempt) {
            QList<qsizetype> cuts;
            for (int c = 0; c < 4; ++c)
                cuts.append(qsizetype(rng.bounded(quint32(wire.size() + 1))));
            std::sort(cuts.begin(), cuts.end());
            if (decodeInPieces(setup, wire, cuts) != whole)
                QFAIL(("seed " + QByteArray::number(seed) + " differs when split").constData());
        }
    }
}

void TestFrameDecoder::payloadIsPassedOnAsItArrives()
{
    // A partial data frame reaches the sink at once: nothing waits for the frame's end.
    FrameDecoder decoder({});
    RecordingSink sink;
    const QByteArray frame = clientFrame(kFin | kBinary, "0123456789");
    decoder.feed(frame.left(6 + 4), sink);   // header + key + 4 payload bytes
    QCOMPARE(sink.data, QByteArray("0123"));
    decoder.feed(frame.mid(10), sink);
    QCOMPARE(sink.data, QByteArray("0123456789"));
}

void TestFrameDecoder::sinkCanStopDecoding()
{
    FrameDecoder decoder({});
    RecordingSink sink;
    sink.stopAfterData = true;
    decoder.feed(clientFrame(kFin | kBinary, "a") + clientFrame(kFin | kBinary, "b"), sink);
    QCOMPARE(sink.data, QByteArray("a"));
    QVERIFY(decoder.finished());
}

void TestFrameDecoder::inputAfterErrorIsIgnored()
{
    FrameDecoder decoder({});
    RecordingSink sink;
    QVERIFY(!decoder.finished());
    decoder.feed(clientFrame(kFin | 5, {}), sink);
    QVERIFY(decoder.finished());
    decoder.feed(clientFrame(kFin | kBinary, "late"), sink);
    QCOMPARE(sink.all(), QByteArrayList{"error:1002:unknown opcode 5"});
}

void TestFrameDecoder::hugeUncompressedFrameIsStreamed()
{
    // A frame announcing 2^40 bytes: each chunk is handed on and the frame stays open.
    FrameDecoder decoder({});
    RecordingSink sink;
    QByteArray header("\x82\xff\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", 14);   // key 0
    decoder.feed(header, sink);
    const QByteArray chunk(64 * 1024, 'n');
    for (int i = 0; i < 16; ++i)
        decoder.feed(chunk, sink);
    QCOMPARE(sink.data.size(), qsizetype(16) * chunk.size());
    QVERIFY(!decoder.finished());
}

void TestFrameDecoder::statsCountBothSides()
{
    CodecStats stats;
    FrameDecoder::Config config;
    config.compression = true;
    FrameDecoder decoder(config, &stats);
    RecordingSink sink;
    const QByteArray plain = randomBytes(50, 7).toHex();   // 100 compressible-ish bytes
    const QByteArray wire = clientFrame(kFin | kRsv1 | kBinary, deflated(plain)) + clientFrame(kFin | kBinary, "xyz")
                            + clientFrame(kFin | kPing, {});
    decoder.feed(wire, sink);
    QCOMPARE(sink.data, plain + "xyz");
    QCOMPARE(stats.wireBytesIn.load(), qint64(wire.size()));
    QCOMPARE(stats.payloadBytesIn.load(), qint64(plain.size() + 3));
    QCOMPARE(stats.compressedMsgsIn.load(), qint64(1));
    QCOMPARE(stats.framesIn.load(), qint64(3));
    QVERIFY(stats.inflateNanos.load() > 0);
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
