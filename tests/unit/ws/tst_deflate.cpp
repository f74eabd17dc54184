// Deflater/Inflater: RFC 7692 §7.2.3 examples, round trips 0 B..2 MiB, the inflate bound
// (never allocated past), corrupt and truncated input, reuse after errors, one per thread.
#include "WsTestSupport.h"

#include "core/ws/Deflate.h"

#include <QTest>
#include <QThread>

#include <zlib.h>

using namespace natsws::ws;
using natsws::ws::test::randomBytes;

namespace {

QByteArray compressibleBytes(qsizetype size)
{
    return QByteArray("PUB subject.with.tokens 11\r\nhello world\r\n").repeated(size / 40 + 1).left(size);
}

// What a client may send: best compression, raw, sync-flushed, marker removed.
QByteArray deflateLevel9(const QByteArray &plain)
{
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(plain.size()))) + 16, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(plain.constData()));
    zs.avail_in = uInt(plain.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_SYNC_FLUSH);
    out.truncate(out.size() - qsizetype(zs.avail_out) - 4);
    deflateEnd(&zs);
    return out;
}

QList<QByteArray> chunked(const QByteArray &data, qsizetype chunk)
{
    QList<QByteArray> out;
    for (qsizetype i = 0; i < data.size(); i += chunk)
        out.append(data.mid(i, chunk));
    return out;
}

} // namespace

class TestDeflate : public QObject {
    Q_OBJECT
private slots:
    void smallWindowIsRespected_data();
    void smallWindowIsRespected();
    void helloIsRfc7692Example();
    void inflateRfcExamples_data();
    void inflateRfcExamples();
    void roundTrip_data();
    void roundTrip();
    void inflateBound_data();
    void inflateBound();
    void smallFrameInflatingPastMaxPayload();
    void inflateNeverAllocatesPastTheBound();
    void corruptInput_data();
    void corruptInput();
    void usableAfterAnError();
    void noContextTakeoverBetweenMessages();
    void onePerThread();
};

void TestDeflate::helloIsRfc7692Example()
{
    // RFC 7692 §7.2.3.1: "Hello" in one compressed block, sync marker removed.
    QCOMPARE(Deflater().compress({QByteArray("Hello")}).toHex(' '), QByteArray("f2 48 cd c9 c9 07 00"));
    QCOMPARE(Deflater().compress({QByteArray("He"), QByteArray(), QByteArray("llo")}).toHex(' '),
             QByteArray("f2 48 cd c9 c9 07 00"));
}

void TestDeflate::inflateRfcExamples_data()
{
    QTest::addColumn<QByteArray>("compressed");
    QTest::addColumn<QByteArray>("plain");
    QTest::newRow("7.2.3.1 one block") << QByteArray::fromHex("f248cdc9c90700") << QByteArray("Hello");
    QTest::newRow("7.2.3.3 stored block") << QByteArray::fromHex("000500faff48656c6c6f00") << QByteArray("Hello");
    QTest::newRow("7.2.3.4 BFINAL set") << QByteArray::fromHex("f348cdc9c9070000") << QByteArray("Hello");
    QTest::newRow("7.2.3.5 two blocks") << QByteArray::fromHex("f24805000000ffffcac9c90700") << QByteArray("Hello");
    QTest::newRow("empty message") << QByteArray::fromHex("00") << QByteArray();
}

void TestDeflate::inflateRfcExamples()
{
    QFETCH(QByteArray, compressed);
    QFETCH(QByteArray, plain);
    QByteArray out;
    QCOMPARE(Inflater().inflate({compressed}, 1024, out), Inflater::Result::Ok);
    QCOMPARE(out, plain);
}

void TestDeflate::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    const qsizetype sizes[] = {0, 1, 64, 65, 4096, 65536, 1024 * 1024 + 7, 2 * 1024 * 1024};
    for (qsizetype size : sizes) {
        QTest::addRow("random %lld", qlonglong(size)) << randomBytes(size, quint32(size));
        QTest::addRow("compressible %lld", qlonglong(size)) << compressibleBytes(size);
    }
}

void TestDeflate::roundTrip()
{
    QFETCH(QByteArray, data);
    const QByteArray compressed = Deflater::forThisThread().compress(chunked(data, 70000));
    QVERIFY(!compressed.endsWith(QByteArray("\x00\x00\xff\xff", 4)));
    QByteArray out;
    // Split the compressed message too, as frames would.
    QCOMPARE(Inflater::forThisThread().inflate(chunked(compressed, 4096), data.size(), out), Inflater::Result::Ok);
    QCOMPARE(out.size(), data.size());
    QCOMPARE(out, data);
}

void TestDeflate::inflateBound_data()
{
    QTest::addColumn<qsizetype>("plainSize");
    QTest::addColumn<qint64>("maxOutput");
    QTest::addColumn<int>("result");
    QTest::newRow("under") << qsizetype(1000) << qint64(1001) << int(Inflater::Result::Ok);
    QTest::newRow("exactly at the bound") << qsizetype(1000) << qint64(1000) << int(Inflater::Result::Ok);
    QTest::newRow("one past") << qsizetype(1001) << qint64(1000) << int(Inflater::Result::TooLarge);
    QTest::newRow("zero bound, empty message") << qsizetype(0) << qint64(0) << int(Inflater::Result::Ok);
    QTest::newRow("zero bound, one byte") << qsizetype(1) << qint64(0) << int(Inflater::Result::TooLarge);
    // A ~4 KiB frame of zeros inflating to 4 MiB against a 1 MiB max_payload.
}

void TestDeflate::smallFrameInflatingPastMaxPayload()
{
    // A ~4 KiB message of zeros that inflates to 4 MiB, against a 1 MiB max_payload.
    const QByteArray bomb = deflateLevel9(QByteArray(4 * 1024 * 1024, '\0'));
    QVERIFY2(bomb.size() < 4200, QByteArray::number(bomb.size()).constData());
    QByteArray out;
    QCOMPARE(Inflater().inflate(chunked(bomb, 1000), 1024 * 1024, out), Inflater::Result::TooLarge);
    QCOMPARE(out.size(), qsizetype(1024 * 1024));
    QVERIFY(out.capacity() <= 1024 * 1024);
}

void TestDeflate::inflateBound()
{
    QFETCH(qsizetype, plainSize);
    QFETCH(qint64, maxOutput);
    QFETCH(int, result);
    const QByteArray plain(plainSize, '\0');
    const QByteArray compressed = Deflater().compress({plain});
    QByteArray out, error;
    QCOMPARE(int(Inflater().inflate({compressed}, maxOutput, out, &error)), result);
    if (result == int(Inflater::Result::TooLarge)) {
        QCOMPARE(out.size(), qsizetype(maxOutput));   // the first max bytes are kept
        QCOMPARE(error, QByteArray("maximum payload exceeded"));
    } else {
        QCOMPARE(out, plain);
    }
}

void TestDeflate::inflateNeverAllocatesPastTheBound()
{
    const QByteArray compressed = Deflater().compress({QByteArray(64 * 1024 * 1024, 'z')});
    QVERIFY(compressed.size() < 1024 * 1024);
    QByteArray out;
    const qint64 bound = 1024 * 1024;
    QCOMPARE(Inflater().inflate({compressed}, bound, out), Inflater::Result::TooLarge);
    QVERIFY2(out.capacity() <= bound, QByteArray::number(out.capacity()).constData());
}

void TestDeflate::corruptInput_data()
{
    QTest::addColumn<QByteArray>("compressed");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("invalid block type") << QByteArray::fromHex("ffffff") << QByteArray("corrupt compressed data: invalid block type");
    QTest::newRow("stored length mismatch") << QByteArray::fromHex("000500fbff48656c6c6f")
                                            << QByteArray("corrupt compressed data: invalid stored block lengths");
    QTest::newRow("truncated stored block") << QByteArray::fromHex("016400")
                                            << QByteArray("corrupt compressed data: invalid stored block lengths");
    QTest::newRow("distance too far back") << QByteArray::fromHex("1a")
                                           << QByteArray("corrupt compressed data: invalid distance too far back");
}

void TestDeflate::corruptInput()
{
    QFETCH(QByteArray, compressed);
    QFETCH(QByteArray, error);
    QByteArray out, text;
    QCOMPARE(Inflater().inflate({compressed}, 1024 * 1024, out, &text), Inflater::Result::Corrupt);
    QCOMPARE(text, error);
}

void TestDeflate::usableAfterAnError()
{
    Inflater inflater;
    QByteArray out;
    QCOMPARE(inflater.inflate({QByteArray::fromHex("ffffff")}, 100, out), Inflater::Result::Corrupt);
    QCOMPARE(inflater.inflate({QByteArray(10, '\0')}, 5, out), Inflater::Result::Corrupt);
    QCOMPARE(inflater.inflate({Deflater().compress({QByteArray(10, 'a')})}, 5, out), Inflater::Result::TooLarge);
    QCOMPARE(inflater.inflate({QByteArray::fromHex("f248cdc9c90700")}, 100, out), Inflater::Result::Ok);
    QCOMPARE(out, QByteArray("Hello"));
}

void TestDeflate::noContextTakeoverBetweenMessages()
{
    // Each message must inflate alone: the deflater resets, so a repeat is not a back-reference.
    Deflater deflater;
    const QByteArray first = deflater.compress({QByteArray("Hello")});
    const QByteArray second = deflater.compress({QByteArray("Hello")});
    QCOMPARE(second, first);
    // RFC 7692 §7.2.3.2: the second "Hello" sent with context takeover refers back and so
    // cannot be inflated alone (client_no_context_takeover was negotiated).
    QByteArray out;
    QCOMPARE(Inflater().inflate({QByteArray::fromHex("f20011000000")}, 100, out), Inflater::Result::Corrupt);
}

void TestDeflate::onePerThread()
{
    Deflater *mainDeflater = &Deflater::forThisThread();
    Inflater *mainInflater = &Inflater::forThisThread();
    QCOMPARE(&Deflater::forThisThread(), mainDeflater);
    Deflater *otherDeflater = nullptr;
    Inflater *otherInflater = nullptr;
    QByteArray otherResult;
    QThread *thread = QThread::create([&] {
        otherDeflater = &Deflater::forThisThread();
        otherInflater = &Inflater::forThisThread();
        otherInflater->inflate({otherDeflater->compress({QByteArray("thread")})}, 100, otherResult);
    });
    thread->start();
    QVERIFY(thread->wait(10000));
    delete thread;
    QVERIFY(otherDeflater && otherDeflater != mainDeflater);
    QVERIFY(otherInflater && otherInflater != mainInflater);
    QCOMPARE(otherResult, QByteArray("thread"));
}

QTEST_GUILESS_MAIN(TestDeflate)
namespace {
// Inflates raw DEFLATE with a given window. Output goes out 64 bytes at a time so every
// back-reference must be served from zlib's window (one big output buffer would hide it).
bool inflatesWithWindow(const QByteArray &compressed, int windowBits, QByteArray &out)
{
    z_stream zs{};
    if (inflateInit2(&zs, -windowBits) != Z_OK)
        return false;
    const QByteArray input = compressed + QByteArray("\x00\x00\xff\xff\x01\x00\x00\xff\xff", 9);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    zs.avail_in = uInt(input.size());
    out.clear();
    int rc = Z_OK;
    while (rc == Z_OK) {
        char piece[64];
        zs.next_out = reinterpret_cast<Bytef *>(piece);
        zs.avail_out = sizeof piece;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(piece, qsizetype(sizeof piece - zs.avail_out));
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END;
}
} // namespace

void TestDeflate::smallWindowIsRespected_data()
{
    QTest::addColumn<int>("deflaterBits");
    QTest::addColumn<int>("inflaterBits");
    QTest::addColumn<bool>("inflates");
    QTest::newRow("9-bit deflate, 9-bit inflate") << 9 << 9 << true;
    QTest::newRow("12-bit deflate, 12-bit inflate") << 12 << 12 << true;
    QTest::newRow("15-bit deflate, 9-bit inflate fails") << 15 << 9 << false;
}

void TestDeflate::smallWindowIsRespected()
{
    // server_max_window_bits: a client's 2^N-byte window must hold every back-reference.
    QFETCH(int, deflaterBits);
    QFETCH(int, inflaterBits);
    QFETCH(bool, inflates);
    QByteArray block(3000, Qt::Uninitialized);
    quint32 seed = 12345;
    for (char &c : block)
        c = char((seed = seed * 1103515245u + 12345u) >> 24);
    const QByteArray data = block.repeated(20);   // repeats 3000 bytes apart: beyond a 2^9 window
    QByteArray out;
    QCOMPARE(inflatesWithWindow(Deflater(deflaterBits).compress({data}), inflaterBits, out), inflates);
    if (inflates)
        QCOMPARE(out, data);
}

#include "tst_deflate.moc"
