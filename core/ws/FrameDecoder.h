#pragma once
// Incremental, socket-free decoder of client frames: header checks in nats-server's order
// (spec §4.2), unmasking with the key position carried across reads, control frames between
// fragments, compressed messages reassembled and inflated under a size bound.
#include "core/ws/Frame.h"

#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <memory>
#include <optional>

namespace natsws::ws {

class Inflater;
struct CodecStats;

class FrameSink {
public:
    virtual ~FrameSink() = default;
    // Unmasked (and inflated) message bytes; frame and message boundaries carry no meaning.
    // Return false to stop decoding (the NATS session closed the connection).
    virtual bool onData(QByteArrayView payload) = 0;
    virtual void onPing(QByteArrayView payload) = 0;
    virtual void onPong(QByteArrayView payload) = 0;
    // A Close arrived. status is empty for an empty Close payload.
    virtual void onClose(std::optional<std::uint16_t> status, QByteArrayView reason) = 0;
    // A framing or compression error. closeStatus is the status to send (1002, 1007, 1009) or 0
    // when nats-server sends no Close (read error); text is the reason for the log and the Close.
    virtual void onProtocolError(std::uint16_t closeStatus, const QByteArray &text) = 0;
};

class FrameDecoder {
public:
    struct Config {
        bool compression = false;    // permessage-deflate negotiated
        bool requireMask = true;     // false after Nats-No-Masking: true
        qint64 maxPayload = 1024 * 1024; // bounds an inflated message (and ×8, ≤ 64 MiB, compressed)
        // Room for one PUB's control line and CRLFs on top of max_payload, so a compressed PUB
        // of exactly max_payload bytes (what nats.ws sends at the limit) still fits.
        qint64 maxControlLine = 4096;
    };
    explicit FrameDecoder(Config config, CodecStats *stats = nullptr);
    ~FrameDecoder();

    // Decodes everything it can; keeps a partial header or control payload for the next call.
    // Unmasks data in place, hence the by-value buffer. After a Close or an error it ignores input.
    void feed(QByteArray wire, FrameSink &sink);
    bool finished() const;           // a Close or an error was seen

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace natsws::ws
