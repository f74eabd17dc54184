#pragma once
// Counters on both sides of the codec: wire bytes vs NATS payload bytes, which is where the
// dashboard's compression ratio comes from. Written by the owner thread, read by any.
#include <atomic>
#include <cstdint>

namespace natsws::ws {

struct CodecStats {
    std::atomic<qint64> wireBytesIn{0}, payloadBytesIn{0};
    std::atomic<qint64> wireBytesOut{0}, payloadBytesOut{0};
    std::atomic<qint64> compressedMsgsIn{0}, compressedMsgsOut{0}, uncompressedMsgsOut{0};
    std::atomic<qint64> inflateNanos{0}, deflateNanos{0};
    std::atomic<qint64> framesIn{0}, framesOut{0};
};

} // namespace natsws::ws
