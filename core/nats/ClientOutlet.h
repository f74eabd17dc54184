#pragma once
// The part of a client that other threads deliver into: its outbound queue, the CONNECT
// flags delivery depends on (echo, headers), its counters and its closed/slow-consumer
// state. Shared (shared_ptr) by the session and every subscription, so a delivery racing
// with the client's close still lands on valid memory and is simply dropped.
#include "core/nats/ClientSession.h"
#include "core/nats/OutboundQueue.h"
#include "core/nats/Permissions.h"
#include "core/nats/Subscription.h"

#include <atomic>
#include <memory>

namespace natsws::nats {

class ClientOutlet final : public Subscriber {
public:
    ClientOutlet() = default;

    OutboundQueue &queue() { return m_queue; }
    SessionCounters &counters() { return m_counters; }
    const SessionCounters &counters() const { return m_counters; }

    void setEcho(bool echo) { m_echo.store(echo, std::memory_order_release); }
    void setHeaders(bool headers) { m_headers.store(headers, std::memory_order_release); }
    bool headers() const { return m_headers.load(std::memory_order_acquire); }

    bool acceptsOwnMessages() const override { return m_echo.load(std::memory_order_acquire); }
    // Subscribe deny entries filter deliveries to wildcard and queue subscriptions.
    bool refusesDelivery(const Subscription &subscription, const Message &message) const override;
    // Set by the owner thread at authentication; null: no restrictions.
    void setPermissions(std::shared_ptr<SessionPermissions> permissions);
    std::shared_ptr<SessionPermissions> permissions() const;
    // Formats MSG/HMSG (or MSG with the headers stripped for a client without headers) and
    // queues it. Over max_pending: marks a slow consumer, wakes the owner, returns false.
    bool deliver(const Subscription &subscription, const Message &message) override;

    // Stops deliveries for good, including ones already past the closed check.
    // Counts auto-unsubscribes so the session prunes its sid map only when one happened.
    void subscriptionExpired(const Subscription &) override
    {
        m_expired.fetch_add(1, std::memory_order_release);
    }
    int takeExpiredCount() { return m_expired.exchange(0, std::memory_order_acq_rel); }

    void markClosed()
    {
        m_closed.store(true, std::memory_order_release);
        m_queue.close();
    }
    bool isClosed() const { return m_closed.load(std::memory_order_acquire); }
    bool isSlowConsumer() const { return m_slowConsumer.load(std::memory_order_acquire); }

    // MSG/HMSG control line for one subscription, as nats-server writes it, with room for
    // `spare` more bytes (the body, when it travels in the same chunk).
    static QByteArray messageHead(const Subscription &subscription, const Message &message,
                                  bool withHeaders, qsizetype spare = 0);

private:
    OutboundQueue m_queue;
    SessionCounters m_counters;
    std::atomic<bool> m_echo{true};
    std::atomic<bool> m_headers{false};
    std::atomic<bool> m_closed{false};
    std::atomic<bool> m_slowConsumer{false};
    std::atomic<int> m_expired{0};
    // Read by publisher threads: the flag keeps the unrestricted case free of the shared_ptr
    // atomics.
    std::atomic<bool> m_restricted{false};
    std::shared_ptr<SessionPermissions> m_permissions;   // std::atomic_load/atomic_store only
};

} // namespace natsws::nats
