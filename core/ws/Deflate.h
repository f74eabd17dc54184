#pragma once
// permessage-deflate with zlib, no context takeover either way: raw DEFLATE, a reset per
// message, so one compressor and one decompressor per worker thread serve every connection.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <functional>
#include <memory>

namespace natsws::ws {

class Deflater {
public:
    explicit Deflater(int windowBits = 15);   // 9..15: the LZ77 window is 2^windowBits bytes
    ~Deflater();
    // Level-1 raw deflate of the buffers as one message, sync-flushed, 00 00 FF FF removed.
    QByteArray compress(const QList<QByteArray> &input);
    // One per window size and thread: nearly every client uses 15, so usually just one.
    static Deflater &forThisThread(int windowBits = 15);
private:
    class Private;
    std::unique_ptr<Private> d;
};

class Inflater {
public:
    enum class Result { Ok, TooLarge, Corrupt, Stopped };
    // Receives inflated bytes in pieces of at most kStreamChunk; false stops inflation.
    using ChunkSink = std::function<bool(QByteArrayView)>;
    static constexpr qsizetype kStreamChunk = 32 * 1024;
    Inflater();
    ~Inflater();
    // Inflates one whole compressed message (tail appended here) and streams the output, so
    // memory stays at one chunk whatever the message inflates to. Output past maxOutput
    // bytes is not delivered (TooLarge); the bytes up to the bound are.
    Result inflateStream(const QList<QByteArray> &compressed, qint64 maxOutput, const ChunkSink &sink,
                         QByteArray *error = nullptr);
    // Inflates one whole compressed message (tail appended here). Stops once the output would
    // pass maxOutput bytes (TooLarge) without allocating more than that.
    Result inflate(const QList<QByteArray> &compressed, qint64 maxOutput, QByteArray &out,
                   QByteArray *error = nullptr);
    static Inflater &forThisThread();
private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace natsws::ws
