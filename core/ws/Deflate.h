#pragma once
// permessage-deflate with zlib, no context takeover either way: raw DEFLATE, a reset per
// message, so one compressor and one decompressor per worker thread serve every connection.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <memory>

namespace natsws::ws {

class Deflater {
public:
    Deflater();
    ~Deflater();
    // Level-1 raw deflate of the buffers as one message, sync-flushed, 00 00 FF FF removed.
    QByteArray compress(const QList<QByteArray> &input);
    static Deflater &forThisThread();
private:
    class Private;
    std::unique_ptr<Private> d;
};

class Inflater {
public:
    enum class Result { Ok, TooLarge, Corrupt };
    Inflater();
    ~Inflater();
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
