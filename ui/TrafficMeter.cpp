#include "ui/TrafficMeter.h"

namespace natsws::ui {

namespace {
void addWs(CompressionCounters &sum, const monitor::ConnectionSnapshot &c)
{
    if (c.kind != monitor::ConnectionKind::WebSocket || !c.compression)
        return;
    sum.frameIn += c.traffic.frameBytesIn;
    sum.wireIn += c.traffic.wireBytesIn;
    sum.frameOut += c.traffic.frameBytesOut;
    sum.wireOut += c.traffic.wireBytesOut;
}

double ratio(qint64 frame, qint64 wire)
{
    return wire > 0 && frame > 0 ? double(frame) / double(wire) : 0.0;
}
} // namespace

CompressionCounters TrafficMeter::compressionAfter(const MonitorSample &sample)
{
    if (sample.resynchronised)
        m_closedWs = {};
    for (const auto &closed : sample.closed)
        addWs(m_closedWs, closed.connection);
    CompressionCounters now = m_closedWs;
    for (const auto &open : sample.open)
        addWs(now, open);
    return now;
}

std::optional<TrafficPoint> TrafficMeter::add(const MonitorSample &sample)
{
    const CompressionCounters compression = compressionAfter(sample);
    const monitor::TrafficCounters &t = sample.totals.traffic;
    std::optional<TrafficPoint> point;
    if (m_lastTotals && m_lastCompression && sample.elapsedMs > m_lastElapsed) {
        const monitor::TrafficCounters &p = *m_lastTotals;
        const bool countersWentBack = t.msgsIn < p.msgsIn || t.msgsOut < p.msgsOut
                                      || t.bytesIn < p.bytesIn || t.bytesOut < p.bytesOut;
        if (!countersWentBack) {
            const double seconds = double(sample.elapsedMs - m_lastElapsed) / 1000.0;
            TrafficPoint tp;
            tp.elapsedMs = sample.elapsedMs;
            tp.msgsInPerSec = double(t.msgsIn - p.msgsIn) / seconds;
            tp.msgsOutPerSec = double(t.msgsOut - p.msgsOut) / seconds;
            tp.bytesInPerSec = double(t.bytesIn - p.bytesIn) / seconds;
            tp.bytesOutPerSec = double(t.bytesOut - p.bytesOut) / seconds;
            const CompressionCounters &c = *m_lastCompression;
            tp.ratioIn = ratio(compression.frameIn - c.frameIn, compression.wireIn - c.wireIn);
            tp.ratioOut = ratio(compression.frameOut - c.frameOut, compression.wireOut - c.wireOut);
            point = tp;
        }
    }
    m_lastTotals = t;
    m_lastCompression = compression;
    m_lastElapsed = sample.elapsedMs;
    return point;
}

void TrafficMeter::reset()
{
    m_closedWs = {};
    m_lastCompression.reset();
    m_lastTotals.reset();
    m_lastElapsed = 0;
}

double TrafficMeter::overallRatioIn() const
{
    return m_lastCompression ? ratio(m_lastCompression->frameIn, m_lastCompression->wireIn) : 0.0;
}

double TrafficMeter::overallRatioOut() const
{
    return m_lastCompression ? ratio(m_lastCompression->frameOut, m_lastCompression->wireOut) : 0.0;
}

} // namespace natsws::ui
