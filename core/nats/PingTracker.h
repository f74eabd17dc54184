#pragma once
// What a ping-timer fire does for one client, by nats-server's processPingTimer rules: send a
// PING, skip it because the client was recently active, or declare the connection stale.
// Pure: the caller passes the time, so every rule is testable without waiting.
#include <chrono>
#include <optional>

namespace natsws::nats {

class PingTracker {
public:
    using Clock = std::chrono::steady_clock;
    enum class Decision { SendPing, Skip, Stale };

    PingTracker(std::chrono::milliseconds interval, int maxPingsOut);

    // CONNECT, PUB, SUB, UNSUB (nats-server's c.last); CONNECT also enables skipping.
    void noteTraffic(Clock::time_point now, bool isConnect = false);
    void noteClientPing(Clock::time_point now);   // the client sent PING
    void notePong() { m_outstanding = 0; }

    // SendPing also counts the PING as outstanding.
    Decision timerFired(Clock::time_point now);
    int outstanding() const { return m_outstanding; }

private:
    static bool within(std::optional<Clock::time_point> since, Clock::time_point now,
                       std::chrono::milliseconds span);

    const std::chrono::milliseconds m_interval;
    const int m_maxPingsOut;
    int m_outstanding = 0;
    bool m_connected = false;
    std::optional<Clock::time_point> m_lastTraffic, m_lastClientPing, m_lastPingSent;
};

} // namespace natsws::nats
