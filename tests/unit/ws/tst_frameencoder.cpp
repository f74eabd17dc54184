// FrameEncoder (spec §5): header sizes, control and close frames, browser 4096 framing,
// zero-copy non-browser frames, compressed flushes and their fragmentation, Safari, masking.
#include "WsTestSupport.h"

#include "core/ws/CodecStats.h"
#include "core/ws/Deflate.h"
#include "core/ws/FrameEncoder.h"

#include <QTest>

using namespace natsws::ws;
using natsws::ws::test::randomBytes;

namespace {

struct ParsedFrame {
    unsigned char firstByte = 0;
    bool masked = false;
    QByteArray payload;   // unmasked
};

// Reads server frames back from the encoder's buffers (all joined).
QList<ParsedFrame> parseFrames(const QList<QByteArray> &buffers)
{
    const QByteArray wire = buffers.join();
    QList<ParsedFrame> frames;
    qsizetype pos = 0;
    while (pos < wire.size()) {
        ParsedFrame f;
        f.firstByte = uchar(wire[pos]);
        const uchar b1 = uchar(wire[pos + 1]);
        f.masked = b1 & 0x80;
        quint64 length = b1 & 0x7F;
        pos += 2;
        const int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
        if (extra) {
            length = 0;
            for (int i = 0; i < extra; ++i)
                length = (length << 8) | uchar(wire[pos + i]);
            pos += extra;
        }
        QByteArray key;
        if (f.masked) {
            key = wire.mid(pos, 4);
            pos += 4;
        }
        f.payload = wire.mid(pos, qsizetype(length));
        for (qsizetype i = 0; f.masked && i < f.payload.size(); ++i)
            f.payload[i] = char(f.payload[i] ^ key[i % 4]);
        pos += qsizetype(length);
        frames.append(f);
    }
    return frames;
}

QByteArray inflateAll(const QByteArray &compressed)
{
    QByteArray out;
    const auto result = Inflater().inflate({compressed}, 64 * 1024 * 1024, out);
    return result == Inflater::Result::Ok ? out : QByteArray("<inflate failed>");
}

QList<QByteArray> buffersOfSizes(const QList<int> &sizes, quint32 seed)
{
    QList<QByteArray> buffers;
    for (int size : sizes)
        buffers.append(randomBytes(size, seed++));
    return buffers;
}

} // namespace

class TestFrameEncoder : public QObject {
    Q_OBJECT
private slots:
    void header_data();
    void header();
    void controlFrames();
    void closeFrameTruncates();
    void nonBrowserIsOneFrameOverTheSameBuffers();
    void browserFrames_data();
    void browserFrames();
    void compressionThreshold_data();
    void compressionThreshold();
    void compressedFragments_data();
    void compressedFragments();
    void maskedFramesUnmaskBack_data();
    void maskedFramesUnmaskBack();
    void emptyFlushWritesNothing();
    void statsCountBothSides();
};

void TestFrameEncoder::header_data()
{
    QTest::addColumn<int>("opcode");
    QTest::addColumn<bool>("fin");
    QTest::addColumn<bool>("rsv1");
    QTest::addColumn<quint64>("length");
    QTest::addColumn<bool>("mask");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty binary") << 2 << true << false << quint64(0) << false << QByteArray("\x82\x00", 2);
    QTest::newRow("10 bytes") << 2 << true << false << quint64(10) << false << QByteArray("\x82\x0a", 2);
    QTest::newRow("125 bytes") << 2 << true << false << quint64(125) << false << QByteArray("\x82\x7d", 2);
    QTest::newRow("126 bytes, 16-bit") << 2 << true << false << quint64(126) << false << QByteArray("\x82\x7e\x00\x7e", 4);
    QTest::newRow("600 bytes") << 2 << true << false << quint64(600) << false << QByteArray("\x82\x7e\x02\x58", 4);
    QTest::newRow("65535 bytes") << 2 << true << false << quint64(65535) << false << QByteArray("\x82\x7e\xff\xff", 4);
    QTest::newRow("65536 bytes, 64-bit") << 2 << true << false << quint64(65536) << false
                                         << QByteArray("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
    QTest::newRow("100000 compressed") << 2 << true << true << quint64(100000) << false
                                       << QByteArray("\xc2\x7f\x00\x00\x00\x00\x00\x01\x86\xa0", 10);
    QTest::newRow("first fragment compressed") << 2 << false << true << quint64(4096) << false
                                               << QByteArray("\x42\x7e\x10\x00", 4);
    QTest::newRow("middle continuation") << 0 << false << false << quint64(5) << false << QByteArray("\x00\x05", 2);
    QTest::newRow("last continuation") << 0 << true << false << quint64(5) << false << QByteArray("\x80\x05", 2);
    QTest::newRow("masked 10") << 2 << true << false << quint64(10) << true << QByteArray("\x82\x8a\x01\x02\x03\x04", 6);
    QTest::newRow("masked 64-bit is 14 bytes") << 2 << true << false << quint64(70000) << true
                                               << QByteArray("\x82\xff\x00\x00\x00\x00\x00\x01\x11\x70\x01\x02\x03\x04", 14);
}

void TestFrameEncoder::header()
{
    QFETCH(int, opcode);
    QFETCH(bool, fin);
    QFETCH(bool, rsv1);
    QFETCH(quint64, length);
    QFETCH(bool, mask);
    QFETCH(QByteArray, expected);
    const char key[4] = {1, 2, 3, 4};
    QCOMPARE(FrameEncoder::header(Opcode(opcode), fin, rsv1, length, mask ? key : nullptr).toHex(' '), expected.toHex(' '));
}

void TestFrameEncoder::controlFrames()
{
    QCOMPARE(FrameEncoder::controlFrame(Opcode::Pong, "my ping"), QByteArray("\x8a\x07my ping"));
    QCOMPARE(FrameEncoder::controlFrame(Opcode::Ping, {}), QByteArray("\x89\x00", 2));
    QCOMPARE(FrameEncoder::emptyCloseFrame(), QByteArray("\x88\x00", 2));
    QCOMPARE(FrameEncoder::closeFrame(1000, "Client Closed"), QByteArray("\x88\x0f\x03\xe8" "Client Closed"));
    // Never an invalid control frame, whatever the caller passes.
    QCOMPARE(FrameEncoder::controlFrame(Opcode::Pong, QByteArray(200, 'p')).size(), 2 + kMaxControlPayload);
}

void TestFrameEncoder::closeFrameTruncates()
{
    const QByteArray frame = FrameEncoder::closeFrame(1002, QByteArray(135, 'x'));
    QCOMPARE(frame.size(), 2 + 125);
    QCOMPARE(uchar(frame[1]), uchar(125));
    QCOMPARE(frame.mid(2, 2), QByteArray("\x03\xea", 2));
    QCOMPARE(frame.mid(4), QByteArray(120, 'x') + "...");
}

void TestFrameEncoder::nonBrowserIsOneFrameOverTheSameBuffers()
{
    FrameEncoder encoder({});
    const QList<QByteArray> pending = buffersOfSizes({10, 5000, 1, 70000, 3, 7}, 1);
    const QList<QByteArray> out = encoder.encode(pending);
    QCOMPARE(out.size(), pending.size() + 1);
    QCOMPARE(out.first(), FrameEncoder::header(Opcode::Binary, true, false, 75021));
    for (qsizetype i = 0; i < pending.size(); ++i)
        QCOMPARE(out[i + 1].constData(), pending[i].constData());   // shared, not copied
}

void TestFrameEncoder::browserFrames_data()
{
    QTest::addColumn<QList<int>>("sizes");
    QTest::addColumn<QList<int>>("frameSizes");
    QTest::newRow("small") << QList<int>{5} << QList<int>{5};
    QTest::newRow("several small packed") << QList<int>{100, 200, 300} << QList<int>{600};
    QTest::newRow("exactly 4096") << QList<int>{4096} << QList<int>{4096};
    QTest::newRow("4097") << QList<int>{4097} << QList<int>{4096, 1};
    QTest::newRow("packed across buffers") << QList<int>{100, 5000, 3000} << QList<int>{4096, 4004};
    QTest::newRow("204813 bytes") << QList<int>{204813} << [] {
        QList<int> sizes(50, 4096);
        sizes.append(204813 - 50 * 4096);
        return sizes;
    }();
}

void TestFrameEncoder::browserFrames()
{
    QFETCH(QList<int>, sizes);
    QFETCH(QList<int>, frameSizes);
    FrameEncoder::Config config;
    config.browser = true;
    FrameEncoder encoder(config);
    const QList<QByteArray> pending = buffersOfSizes(sizes, 11);
    const QList<ParsedFrame> frames = parseFrames(encoder.encode(pending));
    QList<int> gotSizes;
    QByteArray joined;
    for (const ParsedFrame &f : frames) {
        QCOMPARE(f.firstByte, uchar(0x82));   // each one a complete binary message
        gotSizes.append(int(f.payload.size()));
        joined += f.payload;
    }
    QCOMPARE(gotSizes, frameSizes);
    QCOMPARE(joined, pending.join());
}

void TestFrameEncoder::compressionThreshold_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("compressed");
    QTest::newRow("5 bytes plain") << 5 << false;
    QTest::newRow("64 bytes plain") << 64 << false;
    QTest::newRow("65 bytes compressed") << 65 << true;
    QTest::newRow("1000 bytes compressed") << 1000 << true;
}

void TestFrameEncoder::compressionThreshold()
{
    QFETCH(int, size);
    QFETCH(bool, compressed);
    FrameEncoder::Config config;
    config.compression = true;
    FrameEncoder encoder(config);
    const QByteArray message = QByteArray("MSG foo 1 5\r\nhello\r\n").repeated(size / 20 + 1).left(size);
    const QList<ParsedFrame> frames = parseFrames(encoder.encode({message.left(size / 2), message.mid(size / 2)}));
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frames[0].firstByte, uchar(compressed ? 0xc2 : 0x82));
    QCOMPARE(compressed ? inflateAll(frames[0].payload) : frames[0].payload, message);
}

void TestFrameEncoder::compressedFragments_data()
{
    QTest::addColumn<bool>("browser");
    QTest::addColumn<bool>("safari");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("expectFragments");
    QTest::newRow("browser 8 KiB random") << true << false << 8192 << true;
    QTest::newRow("browser 20 KiB random") << true << false << 20000 << true;
    QTest::newRow("browser small compressed") << true << false << 1000 << false;
    QTest::newRow("safari 8 KiB random one frame") << true << true << 8192 << false;
    QTest::newRow("non-browser 20 KiB one frame") << false << false << 20000 << false;
}

void TestFrameEncoder::compressedFragments()
{
    QFETCH(bool, browser);
    QFETCH(bool, safari);
    QFETCH(int, size);
    QFETCH(bool, expectFragments);
    FrameEncoder::Config config;
    config.compression = true;
    config.browser = browser;
    config.safari = safari;
    FrameEncoder encoder(config);
    const QByteArray data = randomBytes(size, 99);
    const QList<ParsedFrame> frames = parseFrames(encoder.encode({data}));
    QByteArray compressed;
    for (qsizetype i = 0; i < frames.size(); ++i) {
        const bool first = i == 0, last = i == frames.size() - 1;
        const uchar expected = uchar((last ? 0x80 : 0) | (first ? 0x40 | 0x02 : 0x00));
        QCOMPARE(frames[i].firstByte, expected);
        if (browser && !safari)
            QVERIFY(frames[i].payload.size() <= kBrowserFrameSize);
        compressed += frames[i].payload;
    }
    QCOMPARE(frames.size() > 1, expectFragments);
    QCOMPARE(inflateAll(compressed), data);
}

void TestFrameEncoder::maskedFramesUnmaskBack_data()
{
    QTest::addColumn<bool>("browser");
    QTest::addColumn<bool>("compression");
    QTest::newRow("plain") << false << false;
    QTest::newRow("browser") << true << false;
    QTest::newRow("compressed") << false << true;
    QTest::newRow("browser compressed") << true << true;
}

void TestFrameEncoder::maskedFramesUnmaskBack()
{
    QFETCH(bool, browser);
    QFETCH(bool, compression);
    FrameEncoder::Config config;
    config.mask = true;
    config.browser = browser;
    config.compression = compression;
    FrameEncoder encoder(config);
    const QList<QByteArray> pending = buffersOfSizes({3000, 7, 6000}, 5);
    const QList<QByteArray> original = pending;
    const QList<ParsedFrame> frames = parseFrames(encoder.encode(pending));
    QByteArray joined;
    for (const ParsedFrame &f : frames) {
        QVERIFY(f.masked);
        joined += f.payload;
    }
    QCOMPARE(compression ? inflateAll(joined) : joined, original.join());
    QCOMPARE(pending, original);   // the caller's buffers are not masked in place
}

void TestFrameEncoder::emptyFlushWritesNothing()
{
    FrameEncoder encoder({});
    QVERIFY(encoder.encode({}).isEmpty());
    QVERIFY(encoder.encode({QByteArray()}).isEmpty());
}

void TestFrameEncoder::statsCountBothSides()
{
    CodecStats stats;
    FrameEncoder::Config config;
    config.compression = true;
    FrameEncoder encoder(config, &stats);
    const QByteArray big(10000, 'a');
    const QList<QByteArray> first = encoder.encode({big});
    const QList<QByteArray> second = encoder.encode({QByteArray("PONG\r\n")});
    QCOMPARE(stats.payloadBytesOut.load(), qint64(big.size() + 6));
    QCOMPARE(stats.wireBytesOut.load(), qint64(first.join().size() + second.join().size()));
    QVERIFY(stats.wireBytesOut.load() < stats.payloadBytesOut.load());
    QCOMPARE(stats.compressedMsgsOut.load(), qint64(1));
    QCOMPARE(stats.uncompressedMsgsOut.load(), qint64(1));
    QCOMPARE(stats.framesOut.load(), qint64(2));
    QVERIFY(stats.deflateNanos.load() > 0);
}

QTEST_GUILESS_MAIN(TestFrameEncoder)
#include "tst_frameencoder.moc"
