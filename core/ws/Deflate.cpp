#include "core/ws/Deflate.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace natsws::ws {

namespace {
constexpr int kRawDeflateWindowBits = -15;   // negative: raw DEFLATE, no zlib header
constexpr int kMemLevel = 8;
constexpr qsizetype kSyncMarkerSize = 4;     // 00 00 FF FF that Z_SYNC_FLUSH ends with
// The sync marker the sender dropped, then an empty final stored block so inflate ends cleanly.
constexpr unsigned char kInflateTail[] = {0x00, 0x00, 0xFF, 0xFF, 0x01, 0x00, 0x00, 0xFF, 0xFF};
constexpr qsizetype kMinOutputChunk = 4096;

QByteArray zlibMessage(const z_stream &stream, int code)
{
    if (stream.msg)
        return QByteArray(stream.msg);
    return "zlib error " + QByteArray::number(code);
}
} // namespace

class Deflater::Private {
public:
    explicit Private(int windowBits)
    {
        std::memset(&stream, 0, sizeof stream);
        // Negative window bits: raw DEFLATE, no zlib header, as permessage-deflate wants.
        ok = deflateInit2(&stream, 1, Z_DEFLATED, -std::clamp(windowBits, 9, 15), kMemLevel,
                          Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Private()
    {
        if (ok)
            deflateEnd(&stream);
    }
    z_stream stream;
    bool ok = false;
};

Deflater::Deflater(int windowBits) : d(std::make_unique<Private>(windowBits)) {}
Deflater::~Deflater() = default;

QByteArray Deflater::compress(const QList<QByteArray> &input)
{
    if (!d->ok)
        return {};
    z_stream &zs = d->stream;
    deflateReset(&zs);   // no context takeover: every message starts from a fresh state

    qsizetype total = 0;
    for (const QByteArray &chunk : input)
        total += chunk.size();
    QByteArray out;
    out.resize(std::max<qsizetype>(kMinOutputChunk, qsizetype(deflateBound(&zs, uLong(total))) + 16));
    qsizetype produced = 0;

    auto run = [&](const char *data, qsizetype size, int flush) {
        zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data));
        zs.avail_in = uInt(size);
        do {
            if (produced == out.size())
                out.resize(out.size() * 2);
            zs.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
            zs.avail_out = uInt(out.size() - produced);
            deflate(&zs, flush);
            produced = out.size() - zs.avail_out;
        } while (zs.avail_out == 0);
    };
    for (const QByteArray &chunk : input) {
        if (!chunk.isEmpty())
            run(chunk.constData(), chunk.size(), Z_NO_FLUSH);
    }
    run(nullptr, 0, Z_SYNC_FLUSH);

    out.truncate(produced);
    if (out.endsWith(QByteArrayView("\x00\x00\xff\xff", kSyncMarkerSize)))
        out.chop(kSyncMarkerSize);
    return out;
}

Deflater &Deflater::forThisThread(int windowBits)
{
    thread_local std::array<std::unique_ptr<Deflater>, 16> instances;
    const int bits = std::clamp(windowBits, 9, 15);
    auto &instance = instances[size_t(bits)];
    if (!instance)
        instance = std::make_unique<Deflater>(bits);
    return *instance;
}

class Inflater::Private {
public:
    Private()
    {
        std::memset(&stream, 0, sizeof stream);
        ok = inflateInit2(&stream, kRawDeflateWindowBits) == Z_OK;
    }
    ~Private()
    {
        if (ok)
            inflateEnd(&stream);
    }
    z_stream stream;
    QByteArray chunk;   // output piece, reused for every message on this thread
    bool ok = false;
};

Inflater::Inflater() : d(std::make_unique<Private>()) {}
Inflater::~Inflater() = default;

Inflater::Result Inflater::inflateStream(const QList<QByteArray> &compressed, qint64 maxOutput,
                                         const ChunkSink &sink, QByteArray *error)
{
    auto fail = [&](Result result, const QByteArray &text) {
        if (error)
            *error = text;
        return result;
    };
    if (!d->ok)
        return fail(Result::Corrupt, QByteArrayLiteral("inflater not initialised"));
    z_stream &zs = d->stream;
    inflateReset(&zs);   // client_no_context_takeover: no history from earlier messages
    if (d->chunk.size() != kStreamChunk)
        d->chunk.resize(kStreamChunk);
    auto *buffer = reinterpret_cast<Bytef *>(d->chunk.data());
    maxOutput = std::max<qint64>(0, maxOutput);
    qint64 produced = 0;
    Result result = Result::Ok;
    bool ended = false;

    // Feeds one input piece; false when inflation must stop (end, error, limit, sink).
    auto feed = [&](const unsigned char *data, qsizetype size) -> bool {
        zs.next_in = const_cast<Bytef *>(data);
        zs.avail_in = uInt(size);
        do {
            zs.next_out = buffer;
            zs.avail_out = uInt(kStreamChunk);
            const int rc = ::inflate(&zs, Z_NO_FLUSH);
            const qint64 got = kStreamChunk - qint64(zs.avail_out);
            if (got > 0) {
                const qint64 allowed = std::min(got, maxOutput - produced);
                if (allowed > 0 && !sink(QByteArrayView(d->chunk.constData(), qsizetype(allowed)))) {
                    result = Result::Stopped;
                    return false;
                }
                produced += allowed;
                if (allowed < got) {
                    result = Result::TooLarge;
                    return false;
                }
            }
            if (rc == Z_STREAM_END) {
                ended = true;
                return false;
            }
            if (rc == Z_BUF_ERROR && zs.avail_in == 0)
                return true;   // needs the next piece
            if (rc != Z_OK) {
                result = Result::Corrupt;
                return false;
            }
        } while (zs.avail_in > 0 || zs.avail_out == 0);
        return true;
    };

    bool going = true;
    for (const QByteArray &piece : compressed) {
        if (!going)
            break;
        if (!piece.isEmpty())
            going = feed(reinterpret_cast<const unsigned char *>(piece.constData()), piece.size());
    }
    if (going)
        feed(kInflateTail, sizeof kInflateTail);

    if (result == Result::Stopped)
        return result;
    if (result == Result::TooLarge)
        return fail(result, QByteArrayLiteral("maximum payload exceeded"));
    if (result == Result::Corrupt)
        return fail(result, "corrupt compressed data: " + zlibMessage(zs, Z_DATA_ERROR));
    if (!ended)
        return fail(Result::Corrupt, QByteArrayLiteral("corrupt compressed data: unexpected end of stream"));
    return Result::Ok;
}

Inflater::Result Inflater::inflate(const QList<QByteArray> &compressed, qint64 maxOutput, QByteArray &out,
                                   QByteArray *error)
{
    out.clear();
    const qint64 bound = std::max<qint64>(0, maxOutput);
    return inflateStream(compressed, bound, [&out, bound](QByteArrayView piece) {
        // Grow geometrically, but reserve exactly so the buffer never passes the bound.
        const qint64 need = out.size() + piece.size();
        if (need > out.capacity())
            out.reserve(qsizetype(std::min(bound, std::max(need, qint64(out.capacity()) * 2))));
        out.append(piece);
        return true;
    }, error);
}

Inflater &Inflater::forThisThread()
{
    thread_local Inflater instance;
    return instance;
}

} // namespace natsws::ws
