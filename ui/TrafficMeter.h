#pragma once
// Turns successive polls into rates: messages/s and bytes/s in and out over the last
// interval, and the WebSocket compression ratio (protocol bytes / wire bytes) over it.
// Compression is summed over WebSocket connections that negotiated permessage-deflate only:
// TCP and uncompressed WebSocket bytes would dilute what compression buys.
#include "ui/MonitorSample.h"

#include <optional>

namespace natsws::ui {

struct TrafficPoint {
    qint64 elapsedMs = 0;
    double msgsInPerSec = 0, msgsOutPerSec = 0;
    double bytesInPerSec = 0, bytesOutPerSec = 0;
    double ratioIn = 0, ratioOut = 0;       // 0 when no WebSocket bytes moved in the interval
};

// The counters compression is computed from, cumulative over all WebSocket connections seen.
struct CompressionCounters {
    qint64 frameIn = 0, wireIn = 0, frameOut = 0, wireOut = 0;
};

class TrafficMeter {
public:
    // Empty for the first sample (no interval yet) and after a counter reset (new server).
    std::optional<TrafficPoint> add(const MonitorSample &sample);
    void reset();

    // Cumulative WebSocket compression ratio (protocol / wire bytes) since the start.
    double overallRatioIn() const;
    double overallRatioOut() const;

private:
    CompressionCounters compressionAfter(const MonitorSample &sample);

    CompressionCounters m_closedWs;          // from connections that have closed
    std::optional<CompressionCounters> m_lastCompression;
    std::optional<monitor::TrafficCounters> m_lastTotals;
    qint64 m_lastElapsed = 0;
};

} // namespace natsws::ui
