#include "core/ws/FrameEncoder.h"

#include "core/ws/CodecStats.h"
#include "core/ws/Deflate.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>

namespace natsws::ws {

namespace {
constexpr unsigned char kFin = 0x80, kRsv1 = 0x40, kMaskBit = 0x80;

// A fresh random key per masked frame, as RFC 6455 §5.3 asks of a client.
void randomMaskKey(char key[4])
{
    const quint32 value = QRandomGenerator::system()->generate();
    for (int i = 0; i < 4; ++i)
        key[i] = char((value >> (8 * i)) & 0xFF);
}
} // namespace

FrameEncoder::FrameEncoder(Config config, CodecStats *stats) : m_config(config), m_stats(stats) {}

QByteArray FrameEncoder::header(Opcode opcode, bool fin, bool rsv1, quint64 length, const char *maskKey)
{
    QByteArray out;
    out.reserve(kMaxFrameHeader);
    out.append(char(std::uint8_t(opcode) | (fin ? kFin : 0) | (rsv1 ? kRsv1 : 0)));
    const unsigned char mask = maskKey ? kMaskBit : 0;
    if (length <= kMaxControlPayload) {
        out.append(char(mask | length));
    } else if (length <= 0xFFFF) {
        out.append(char(mask | 126));
        out.append(char(length >> 8));
        out.append(char(length & 0xFF));
    } else {
        out.append(char(mask | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((length >> shift) & 0xFF));
    }
    if (maskKey)
        out.append(maskKey, 4);
    return out;
}

QByteArray FrameEncoder::controlFrame(Opcode opcode, QByteArrayView payload)
{
    // A control payload never exceeds 125 bytes on the wire; callers pass at most that.
    const QByteArrayView body = payload.first(std::min<qsizetype>(payload.size(), kMaxControlPayload));
    QByteArray frame = header(opcode, true, false, quint64(body.size()));
    frame.append(body);
    return frame;
}

QByteArray FrameEncoder::closeFrame(std::uint16_t status, const QByteArray &body)
{
    return controlFrame(Opcode::Close, closePayload(status, body));
}

QByteArray FrameEncoder::emptyCloseFrame()
{
    return controlFrame(Opcode::Close, {});
}

namespace {

// Builds frames for one flush and keeps the byte counts the stats need.
class FrameList {
public:
    explicit FrameList(bool mask) : m_mask(mask) {}

    // One frame as a single buffer: the header, then `size` payload bytes that fill() appends.
    template <typename Fill>
    void addCopied(Opcode opcode, bool fin, bool rsv1, qsizetype size, Fill fill)
    {
        char key[4];
        if (m_mask)
            randomMaskKey(key);
        QByteArray frame = FrameEncoder::header(opcode, fin, rsv1, quint64(size), m_mask ? key : nullptr);
        const qsizetype headerSize = frame.size();
        frame.reserve(headerSize + size);
        fill(frame);
        if (m_mask)
            unmask(frame.data() + headerSize, size, reinterpret_cast<unsigned char *>(key), 0);
        m_wire += frame.size();
        ++m_frames;
        m_out.append(std::move(frame));
    }

    // One frame over the caller's buffers: a header, then the same QByteArrays (no copy
    // unless masking has to rewrite them).
    void addGathered(Opcode opcode, bool rsv1, const QList<QByteArray> &payload, qsizetype payloadSize)
    {
        char key[4];
        if (m_mask)
            randomMaskKey(key);
        QByteArray head = FrameEncoder::header(opcode, true, rsv1, quint64(payloadSize), m_mask ? key : nullptr);
        m_wire += head.size() + payloadSize;
        ++m_frames;
        m_out.append(std::move(head));
        int keyPos = 0;
        for (const QByteArray &buffer : payload) {
            if (buffer.isEmpty())
                continue;
            if (!m_mask) {
                m_out.append(buffer);
                continue;
            }
            QByteArray masked = buffer;
            keyPos = unmask(masked.data(), masked.size(), reinterpret_cast<unsigned char *>(key), keyPos);
            m_out.append(std::move(masked));
        }
    }

    QList<QByteArray> take() { return std::move(m_out); }
    qint64 wireBytes() const { return m_wire; }
    qint64 frames() const { return m_frames; }

private:
    bool m_mask;
    QList<QByteArray> m_out;
    qint64 m_wire = 0;
    qint64 m_frames = 0;
};

// Walks the pending buffers front to back, appending their bytes where asked.
class PendingCursor {
public:
    explicit PendingCursor(const QList<QByteArray> &buffers) : m_buffers(buffers) {}

    void appendTo(QByteArray &out, qsizetype count)
    {
        while (count > 0 && m_index < m_buffers.size()) {
            const QByteArray &buffer = m_buffers[m_index];
            const qsizetype take = std::min(count, buffer.size() - m_offset);
            out.append(buffer.constData() + m_offset, take);
            count -= take;
            m_offset += take;
            if (m_offset == buffer.size()) {
                ++m_index;
                m_offset = 0;
            }
        }
    }

private:
    const QList<QByteArray> &m_buffers;
    qsizetype m_index = 0, m_offset = 0;
};

} // namespace

QList<QByteArray> FrameEncoder::encode(const QList<QByteArray> &pending)
{
    qsizetype total = 0;
    for (const QByteArray &buffer : pending)
        total += buffer.size();
    if (total == 0)
        return {};

    FrameList frames(m_config.mask);
    qint64 compressedMsgs = 0, uncompressedMsgs = 0, deflateNanos = 0;

    if (m_config.compression && total > kCompressThreshold) {
        QElapsedTimer timer;
        timer.start();
        const QByteArray compressed = Deflater::forThisThread(m_config.windowBits).compress(pending);
        deflateNanos = timer.nsecsElapsed();
        const bool fragment = m_config.browser && !m_config.safari && compressed.size() > kBrowserFrameSize;
        if (!fragment) {
            frames.addGathered(Opcode::Binary, true, {compressed}, compressed.size());
        } else {
            // One compressed message in ≤ 4096-byte fragments: RSV1 and the opcode on the
            // first only, FIN on the last only.
            for (qsizetype offset = 0; offset < compressed.size(); offset += kBrowserFrameSize) {
                const QByteArrayView part = QByteArrayView(compressed).sliced(
                    offset, std::min<qsizetype>(kBrowserFrameSize, compressed.size() - offset));
                const bool first = offset == 0;
                const bool last = offset + part.size() == compressed.size();
                frames.addCopied(first ? Opcode::Binary : Opcode::Continuation, last, first, part.size(),
                                 [part](QByteArray &frame) { frame.append(part); });
            }
        }
        compressedMsgs = 1;
    } else if (m_config.browser) {
        // Browsers: every frame a complete binary message of ≤ 4096 bytes, packed in order.
        PendingCursor cursor(pending);
        for (qsizetype left = total; left > 0; left -= kBrowserFrameSize) {
            const qsizetype size = std::min<qsizetype>(left, kBrowserFrameSize);
            frames.addCopied(Opcode::Binary, true, false, size,
                             [&](QByteArray &frame) { cursor.appendTo(frame, size); });
            ++uncompressedMsgs;
        }
    } else {
        frames.addGathered(Opcode::Binary, false, pending, total);
        uncompressedMsgs = 1;
    }

    if (m_stats) {
        m_stats->payloadBytesOut += total;
        m_stats->wireBytesOut += frames.wireBytes();
        m_stats->framesOut += frames.frames();
        m_stats->compressedMsgsOut += compressedMsgs;
        m_stats->uncompressedMsgsOut += uncompressedMsgs;
        m_stats->deflateNanos += deflateNanos;
    }
    return frames.take();
}

} // namespace natsws::ws
