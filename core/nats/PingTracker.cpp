#include "core/nats/PingTracker.h"

namespace natsws::nats {
namespace {
// nats-server re-measures the round trip this often, pinging even a busy client.
constexpr std::chrono::hours kRttRefresh{1};
} // namespace

PingTracker::PingTracker(std::chrono::milliseconds interval, int maxPingsOut)
    : m_interval(interval), m_maxPingsOut(maxPingsOut)
{
}

void PingTracker::noteTraffic(Clock::time_point now, bool isConnect)
{
    m_lastTraffic = now;
    m_connected = m_connected || isConnect;
}

void PingTracker::noteClientPing(Clock::time_point now)
{
    m_lastClientPing = now;
}

bool PingTracker::within(std::optional<Clock::time_point> since, Clock::time_point now,
                         std::chrono::milliseconds span)
{
    return since && now - *since < span;
}

PingTracker::Decision PingTracker::timerFired(Clock::time_point now)
{
    // Until a round trip is known (no CONNECT yet, no PING sent, or the last one is old),
    // always ping; after that a client active within the interval is left alone.
    const bool needRoundTrip = !m_connected || !within(m_lastPingSent, now, kRttRefresh);
    if (!needRoundTrip
        && (within(m_lastTraffic, now, m_interval) || within(m_lastClientPing, now, m_interval)))
        return Decision::Skip;
    if (m_outstanding + 1 > m_maxPingsOut)
        return Decision::Stale;
    ++m_outstanding;
    m_lastPingSent = now;
    return Decision::SendPing;
}

} // namespace natsws::nats
