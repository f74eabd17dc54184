#pragma once
// A subscription and the party behind it. Routing only knows the Subscriber interface: a
// client session is one kind, an upstream (leafnode) link can later be another.
//
// Subscriptions are shared: the Sublist, match results and the owning session all hold a
// shared_ptr, so a delivery that started before an UNSUB or close finishes on valid memory
// and then sees `closed`.
#include "core/nats/Message.h"

#include <QByteArray>
#include <atomic>
#include <memory>

namespace natsws::nats {

struct Subscription;

class Subscriber {
public:
    virtual ~Subscriber() = default;
    // False when messages this subscriber publishes must not come back to it (echo=false).
    virtual bool acceptsOwnMessages() const = 0;
    // True when this message must not reach that subscription although it matches (a
    // subscribe deny entry); checked before the delivery counts toward an UNSUB max.
    virtual bool refusesDelivery(const Subscription &, const Message &) const { return false; }
    // Queues the message for the subscriber; false when it was not taken (closed, full).
    // Called from any publisher's thread.
    virtual bool deliver(const Subscription &subscription, const Message &message) = 0;
    // The broker ended this subscription after its UNSUB max (on the publisher's thread).
    virtual void subscriptionExpired(const Subscription &) {}
};

struct Subscription {
    Subscription(QByteArray subjectIn, QByteArray queueIn, QByteArray sidIn,
                 std::shared_ptr<Subscriber> subscriberIn)
        : subject(std::move(subjectIn)), queue(std::move(queueIn)), sid(std::move(sidIn)),
          subscriber(std::move(subscriberIn))
    {
    }

    bool isQueue() const { return !queue.isEmpty(); }

    const QByteArray subject;
    const QByteArray queue;          // empty: plain subscription
    const QByteArray sid;
    const std::shared_ptr<Subscriber> subscriber;
    std::atomic<qint64> maxMessages{0};   // UNSUB <sid> <max>; 0 = unlimited
    std::atomic<qint64> delivered{0};     // messages offered so far (nats-server's nm)
    std::atomic<bool> closed{false};      // unsubscribed; late deliveries are dropped
};

using SubscriptionPtr = std::shared_ptr<Subscription>;

} // namespace natsws::nats
