#pragma once
// Server-side framing of outgoing NATS bytes (spec §5): unmasked binary frames; browsers get
// complete messages of ≤ 4096 payload bytes; others one frame per flush over the original
// buffers; compressed flushes (> 64 bytes) as one deflated message, fragmented for browsers
// except Safari.
#include "core/ws/Frame.h"

#include <QByteArray>
#include <QList>
#include <cstdint>

namespace natsws::ws {

struct CodecStats;

class FrameEncoder {
public:
    struct Config {
        bool compression = false;
        bool browser = false;
        bool safari = false;
        bool mask = false;           // only a client side masks; kept for tests and a future uplink
        int windowBits = 15;         // server_max_window_bits agreed in the handshake
    };
    explicit FrameEncoder(Config config, CodecStats *stats = nullptr);

    // Frames one flush worth of pending bytes; returns buffers ready for one gather write.
    QList<QByteArray> encode(const QList<QByteArray> &pending);

    static QByteArray header(Opcode opcode, bool fin, bool rsv1, quint64 length,
                             const char *maskKey = nullptr);
    static QByteArray controlFrame(Opcode opcode, QByteArrayView payload);
    static QByteArray closeFrame(std::uint16_t status, const QByteArray &body);
    static QByteArray emptyCloseFrame();

private:
    Config m_config;
    CodecStats *m_stats;
};

} // namespace natsws::ws
