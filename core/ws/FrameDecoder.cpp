#include "core/ws/FrameDecoder.h"

#include "core/ws/CodecStats.h"
#include "core/ws/Deflate.h"

#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <cstring>

namespace natsws::ws {

namespace {
constexpr unsigned char kFin = 0x80, kRsv1 = 0x40, kRsv2 = 0x20, kRsv3 = 0x10, kOpcodeBits = 0x0F;
constexpr unsigned char kMaskBit = 0x80, kLengthBits = 0x7F;
constexpr qint64 kCompressedCeiling = 64LL * 1024 * 1024;
constexpr qint64 kInflateTailSize = 9;   // Inflater appends 00 00 FF FF 01 00 00 FF FF

constexpr qint64 kDefaultMaxPayload = 1024 * 1024;

qint64 effectiveMaxPayload(qint64 maxPayload)
{
    return maxPayload > 0 ? maxPayload : kDefaultMaxPayload;
}

// Spec §4.6: a compressed message may take max_payload × 8 bytes, at most 64 MiB.
qint64 compressedLimitFor(qint64 maxPayload)
{
    return std::min(effectiveMaxPayload(maxPayload), kCompressedCeiling / 8) * 8;
}
} // namespace

class FrameDecoder::Private {
public:
    enum class State { Header, DataPayload, ControlPayload };

    Private(Config c, CodecStats *s)
        : config(c), stats(s),
          inflatedLimit(effectiveMaxPayload(c.maxPayload) + std::max<qint64>(0, c.maxControlLine) + 4),
          compressedLimit(compressedLimitFor(c.maxPayload))
    {
    }

    qsizetype consumeHeader(const char *data, qsizetype size, FrameSink &sink);
    qsizetype consumeData(char *data, qsizetype size, FrameSink &sink);
    qsizetype consumeControl(char *data, qsizetype size, FrameSink &sink);

    bool checkFirstByte(FrameSink &sink);
    bool checkSecondByte(FrameSink &sink);
    bool checkExtendedLength(FrameSink &sink);
    void startFrame(FrameSink &sink);
    void endDataFrame(FrameSink &sink);
    void handleControl(FrameSink &sink);
    void inflateMessage(FrameSink &sink);
    bool deliver(QByteArrayView payload, FrameSink &sink);
    void fail(std::uint16_t status, const QByteArray &text, FrameSink &sink);

    Config config;
    CodecStats *stats;
    qint64 inflatedLimit;     // max_payload + one control line: bounds one inflated message
    qint64 compressedLimit;   // bounds one compressed message, inflate tail included
    bool done = false;

    // The frame being read.
    State state = State::Header;
    unsigned char header[kMaxFrameHeader] = {};
    int headerHave = 0, headerNeed = 2, lengthBytes = 0;
    Opcode opcode = Opcode::Continuation;
    bool fin = false, rsv1 = false, masked = false;
    quint64 remaining = 0;
    unsigned char key[4] = {};
    int keyPos = 0;
    QByteArray control;   // ≤ 125 bytes

    // The message the data frames belong to.
    bool messageOpen = false;   // a fragmented message is waiting for its FIN frame
    bool messageCompressed = false;
    QList<QByteArray> compressed;
    qint64 compressedSize = 0;
};

FrameDecoder::FrameDecoder(Config config, CodecStats *stats) : d(std::make_unique<Private>(config, stats)) {}
FrameDecoder::~FrameDecoder() = default;

bool FrameDecoder::finished() const
{
    return d->done;
}

void FrameDecoder::feed(QByteArray wire, FrameSink &sink)
{
    if (d->done || wire.isEmpty())
        return;
    if (d->stats)
        d->stats->wireBytesIn += wire.size();
    char *data = wire.data();
    const qsizetype size = wire.size();
    qsizetype pos = 0;
    while (pos < size && !d->done) {
        switch (d->state) {
        case Private::State::Header:
            pos += d->consumeHeader(data + pos, size - pos, sink);
            break;
        case Private::State::DataPayload:
            pos += d->consumeData(data + pos, size - pos, sink);
            break;
        case Private::State::ControlPayload:
            pos += d->consumeControl(data + pos, size - pos, sink);
            break;
        }
    }
}

void FrameDecoder::Private::fail(std::uint16_t status, const QByteArray &text, FrameSink &sink)
{
    done = true;
    sink.onProtocolError(status, text);
}

bool FrameDecoder::Private::deliver(QByteArrayView payload, FrameSink &sink)
{
    if (payload.isEmpty())
        return true;
    if (stats)
        stats->payloadBytesIn += payload.size();
    if (!sink.onData(payload)) {
        done = true;
        return false;
    }
    return true;
}

qsizetype FrameDecoder::Private::consumeHeader(const char *data, qsizetype size, FrameSink &sink)
{
    qsizetype used = 0;
    while (used < size && headerHave < headerNeed) {
        header[headerHave++] = static_cast<unsigned char>(data[used++]);
        // Each check runs as soon as its bytes are there, in nats-server's order.
        bool ok = true;
        if (headerHave == 1)
            ok = checkFirstByte(sink);
        else if (headerHave == 2)
            ok = checkSecondByte(sink);
        else if (lengthBytes > 0 && headerHave == 2 + lengthBytes)
            ok = checkExtendedLength(sink);
        if (!ok)
            return used;
    }
    if (headerHave == headerNeed)
        startFrame(sink);
    return used;
}

bool FrameDecoder::Private::checkFirstByte(FrameSink &sink)
{
    const unsigned char b0 = header[0];
    if (b0 & (kRsv2 | kRsv3)) {
        fail(CloseStatus::ProtocolError, QByteArrayLiteral("RSV2 and RSV3 must be clear"), sink);
        return false;
    }
    if ((b0 & kRsv1) && !config.compression) {
        fail(CloseStatus::ProtocolError,
             QByteArrayLiteral("compressed frame received without negotiated permessage-deflate"), sink);
        return false;
    }
    return true;
}

bool FrameDecoder::Private::checkSecondByte(FrameSink &sink)
{
    const unsigned char b0 = header[0], b1 = header[1];
    fin = b0 & kFin;
    rsv1 = b0 & kRsv1;
    masked = b1 & kMaskBit;
    const int code = b0 & kOpcodeBits;
    opcode = static_cast<Opcode>(code);
    if (config.requireMask && !masked) {
        fail(CloseStatus::ProtocolError, QByteArrayLiteral("mask bit missing"), sink);
        return false;
    }
    const int length7 = b1 & kLengthBits;
    switch (code) {
    case int(Opcode::Close):
    case int(Opcode::Ping):
    case int(Opcode::Pong):
        if (length7 > kMaxControlPayload) {
            fail(CloseStatus::ProtocolError,
                 QByteArrayLiteral("control frame length bigger than maximum allowed of 125 bytes"), sink);
            return false;
        }
        if (!fin) {
            fail(CloseStatus::ProtocolError, QByteArrayLiteral("control frame does not have final bit set"), sink);
            return false;
        }
        if (rsv1) {
            fail(CloseStatus::ProtocolError, QByteArrayLiteral("control frame must not be compressed"), sink);
            return false;
        }
        break;
    case int(Opcode::Text):
    case int(Opcode::Binary):
        if (messageOpen) {
            fail(CloseStatus::ProtocolError,
                 QByteArrayLiteral("new message started before final frame for previous message was received"),
                 sink);
            return false;
        }
        break;
    case int(Opcode::Continuation):
        if (!messageOpen || rsv1) {
            fail(CloseStatus::ProtocolError, QByteArrayLiteral("invalid continuation frame"), sink);
            return false;
        }
        break;
    default:
        fail(CloseStatus::ProtocolError, "unknown opcode " + QByteArray::number(code), sink);
        return false;
    }
    // RFC 6455: the mask bit says whether a key follows, even when masking is not required.
    lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    remaining = lengthBytes ? 0 : quint64(length7);
    headerNeed = 2 + lengthBytes + (masked ? 4 : 0);
    return true;
}

bool FrameDecoder::Private::checkExtendedLength(FrameSink &sink)
{
    quint64 length = 0;
    for (int i = 0; i < lengthBytes; ++i)
        length = (length << 8) | header[2 + i];
    if (lengthBytes == 8 && (length >> 63)) {
        fail(CloseStatus::ProtocolError, QByteArrayLiteral("invalid 64-bit payload length"), sink);
        return false;
    }
    remaining = length;
    return true;
}

void FrameDecoder::Private::startFrame(FrameSink &sink)
{
    if (masked)
        std::memcpy(key, header + headerNeed - 4, 4);
    keyPos = 0;
    headerHave = 0;
    headerNeed = 2;
    lengthBytes = 0;
    if (stats)
        ++stats->framesIn;

    if (isControl(opcode)) {
        control.clear();
        state = State::ControlPayload;
        if (remaining == 0)
            handleControl(sink);
        return;
    }
    if (opcode != Opcode::Continuation) {
        messageCompressed = rsv1;
        compressed.clear();
        compressedSize = 0;
    }
    messageOpen = !fin;
    state = State::DataPayload;
    if (remaining == 0)
        endDataFrame(sink);
}

qsizetype FrameDecoder::Private::consumeData(char *data, qsizetype size, FrameSink &sink)
{
    const qsizetype take = qsizetype(std::min<quint64>(remaining, quint64(size)));
    if (masked)
        keyPos = unmask(data, take, key, keyPos);
    remaining -= quint64(take);
    if (messageCompressed) {
        if (compressedSize + take > compressedLimit) {
            fail(CloseStatus::MessageTooBig, QByteArrayLiteral("maximum payload exceeded"), sink);
            return take;
        }
        compressedSize += take;
        compressed.append(QByteArray(data, take));
    } else if (!deliver(QByteArrayView(data, take), sink)) {
        return take;
    }
    if (remaining == 0)
        endDataFrame(sink);
    return take;
}

void FrameDecoder::Private::endDataFrame(FrameSink &sink)
{
    state = State::Header;
    if (fin && messageCompressed) {
        messageCompressed = false;
        if (compressedSize + kInflateTailSize > compressedLimit) {
            fail(CloseStatus::MessageTooBig, QByteArrayLiteral("maximum payload exceeded"), sink);
            return;
        }
        inflateMessage(sink);
    }
}

void FrameDecoder::Private::inflateMessage(FrameSink &sink)
{
    // Streamed to the NATS parser in 32 KiB pieces, so memory stays at one piece. The whole
    // message is bounded by max_payload plus one control line: nats-server's bound of
    // max_payload alone refuses a compressed PUB of exactly max_payload (compatibility.md).
    QByteArray error;
    QElapsedTimer timer;
    timer.start();
    qint64 deliverNanos = 0;
    const Inflater::Result result = Inflater::forThisThread().inflateStream(
        compressed, inflatedLimit,
        [&](QByteArrayView piece) {
            QElapsedTimer inParser;
            inParser.start();
            const bool more = deliver(piece, sink);
            deliverNanos += inParser.nsecsElapsed();
            return more;
        },
        &error);
    if (stats) {
        stats->inflateNanos += timer.nsecsElapsed() - deliverNanos;
        ++stats->compressedMsgsIn;
    }
    compressed.clear();
    compressedSize = 0;
    if (result == Inflater::Result::TooLarge)
        fail(CloseStatus::MessageTooBig, QByteArrayLiteral("maximum payload exceeded"), sink);
    else if (result == Inflater::Result::Corrupt)
        fail(CloseStatus::InvalidPayload, error, sink);
}

qsizetype FrameDecoder::Private::consumeControl(char *data, qsizetype size, FrameSink &sink)
{
    const qsizetype take = qsizetype(std::min<quint64>(remaining, quint64(size)));
    if (masked)
        keyPos = unmask(data, take, key, keyPos);
    control.append(data, take);
    remaining -= quint64(take);
    if (remaining == 0)
        handleControl(sink);
    return take;
}

void FrameDecoder::Private::handleControl(FrameSink &sink)
{
    state = State::Header;
    switch (opcode) {
    case Opcode::Ping:
        sink.onPing(control);
        break;
    case Opcode::Pong:
        sink.onPong(control);
        break;
    default: {
        const CloseReply reply = closeReplyForPayload(control);
        if (reply.protocolError) {
            fail(reply.status.value_or(CloseStatus::ProtocolError), reply.body, sink);
            break;
        }
        done = true;   // nothing after a Close is read
        std::optional<std::uint16_t> status;
        if (control.size() >= 2)
            status = std::uint16_t((std::uint8_t(control[0]) << 8) | std::uint8_t(control[1]));
        sink.onClose(status, QByteArrayView(control).sliced(std::min<qsizetype>(2, control.size())));
        break;
    }
    }
}

} // namespace natsws::ws
