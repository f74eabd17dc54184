#pragma once
// Routing of published messages to subscribers, shared by every worker thread. It knows
// subscribers only through the Subscriber interface, so an upstream link can be one more
// subscriber with subscriptions, not a special case here.
#include "core/nats/Message.h"
#include "core/nats/Sublist.h"
#include "core/nats/Subscription.h"

#include <QByteArrayView>

namespace natsws::nats {

struct PublishResult {
    int delivered = 0;   // subscriptions that took the message (queue groups count once)
};

class Broker {
public:
    Broker() = default;
    Broker(const Broker &) = delete;
    Broker &operator=(const Broker &) = delete;

    // False when the subject is not valid for a subscription (nothing stored).
    bool subscribe(const SubscriptionPtr &subscription);
    // Idempotent: marks the subscription closed and takes it out of routing.
    void unsubscribe(const SubscriptionPtr &subscription);

    // Fan-out: every matching plain subscription, and one member of each matching queue
    // group (random start, next member when one declines). The publisher's own
    // subscriptions are skipped when it does not accept its own messages (echo=false).
    // Honours UNSUB max: the message that reaches max is delivered, then the subscription
    // goes away; later ones are dropped.
    PublishResult publish(const Subscriber *publisher, const Message &message);

    // The first plain subscription of `owner` that matches `subject` (no_responders uses it
    // to answer on the requester's reply subscription).
    SubscriptionPtr firstPlainSubscriptionOf(const Subscriber *owner, QByteArrayView subject) const;

    Sublist &sublist() { return m_sublist; }
    const Sublist &sublist() const { return m_sublist; }

private:
    bool offer(const SubscriptionPtr &subscription, const Subscriber *publisher, const Message &message);
    void expire(const SubscriptionPtr &subscription);
    // True when this call took it out (not already closed).
    bool retire(const SubscriptionPtr &subscription);

    Sublist m_sublist;
};

} // namespace natsws::nats
