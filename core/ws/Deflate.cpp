#include "core/ws/Deflate.h"

#include <zlib.h>

#include <algorithm>
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
    Private()
    {
        std::memset(&stream, 0, sizeof stream);
        ok = deflateInit2(&stream, 1, Z_DEFLATED, kRawDeflateWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Private()
    {
        if (ok)
            deflateEnd(&stream);
    }
    z_stream stream;
    bool ok = false;
};

Deflater::Deflater() : d(std::make_unique<Private>()) {}
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

Deflater &Deflater::forThisThread()
{
    thread_local Deflater instance;
    return instance;
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
    bool ok = false;
};

Inflater::Inflater() : d(std::make_unique<Private>()) {}
Inflater::~Inflater() = default;

Inflater::Result Inflater::inflate(const QList<QByteArray> &compressed, qint64 maxOutput, QByteArray &out,
                                   QByteArray *error)
{
    out.clear();
    auto fail = [&](Result result, const QByteArray &text) {
        if (error)
            *error = text;
        return result;
    };
    if (!d->ok)
        return fail(Result::Corrupt, QByteArrayLiteral("inflater not initialised"));
    z_stream &zs = d->stream;
    inflateReset(&zs);   // client_no_context_takeover: no history from earlier messages

    qint64 inputSize = sizeof kInflateTail;
    for (const QByteArray &chunk : compressed)
        inputSize += chunk.size();
    // Grow geometrically from a guess; never past the bound.
    maxOutput = std::max<qint64>(0, maxOutput);
    qint64 capacity = std::min<qint64>(maxOutput, std::max<qint64>(kMinOutputChunk, inputSize * 4));
    // reserve() allocates exactly; resize() alone would round up past the bound.
    auto setCapacity = [&out](qint64 size) {
        out.reserve(qsizetype(size));
        out.resize(qsizetype(size));
    };
    setCapacity(capacity);
    qint64 produced = 0;
    bool ended = false;

    // Feeds one input chunk; returns false when inflation must stop (error, limit or end).
    auto feed = [&](const unsigned char *data, qsizetype size, Result &result) -> bool {
        zs.next_in = const_cast<Bytef *>(data);
        zs.avail_in = uInt(size);
        for (;;) {
            if (produced == capacity && capacity < maxOutput) {
                capacity = std::min<qint64>(maxOutput, capacity * 2);
                setCapacity(capacity);
            }
            int rc;
            if (produced == capacity) {
                // Full at the bound: one more byte of output means the message is too large.
                unsigned char probe;
                zs.next_out = &probe;
                zs.avail_out = 1;
                rc = ::inflate(&zs, Z_NO_FLUSH);
                if (zs.avail_out == 0) {
                    result = Result::TooLarge;
                    return false;
                }
            } else {
                zs.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
                zs.avail_out = uInt(capacity - produced);
                rc = ::inflate(&zs, Z_NO_FLUSH);
                produced = capacity - zs.avail_out;
            }
            if (rc == Z_STREAM_END) {
                ended = true;
                return false;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                result = Result::Corrupt;
                return false;
            }
            if (zs.avail_in == 0 && zs.avail_out > 0)
                return true;   // this chunk is used up and zlib holds no more output
            if (rc == Z_BUF_ERROR) {
                result = Result::Corrupt;   // no progress although input and room remain
                return false;
            }
        }
    };

    Result result = Result::Ok;
    bool going = true;
    for (const QByteArray &chunk : compressed) {
        if (!going)
            break;
        if (!chunk.isEmpty())
            going = feed(reinterpret_cast<const unsigned char *>(chunk.constData()), chunk.size(), result);
    }
    if (going)
        going = feed(kInflateTail, sizeof kInflateTail, result);
    out.truncate(qsizetype(produced));

    if (result == Result::TooLarge)
        return fail(result, QByteArrayLiteral("maximum payload exceeded"));
    if (result == Result::Corrupt)
        return fail(result, "corrupt compressed data: " + zlibMessage(zs, Z_DATA_ERROR));
    if (!ended)
        return fail(Result::Corrupt, QByteArrayLiteral("corrupt compressed data: unexpected end of stream"));
    return Result::Ok;
}

Inflater &Inflater::forThisThread()
{
    thread_local Inflater instance;
    return instance;
}

} // namespace natsws::ws
