#include "core/nats/Broker.h"

#include <QRandomGenerator>

namespace natsws::nats {
namespace {

// Per-thread generator: the global one serialises every caller behind one lock.
QRandomGenerator &threadRandom()
{
    thread_local QRandomGenerator generator(QRandomGenerator::global()->generate());
    return generator;
}

} // namespace

bool Broker::subscribe(const SubscriptionPtr &subscription)
{
    return m_sublist.insert(subscription);
}

void Broker::unsubscribe(const SubscriptionPtr &subscription)
{
    retire(subscription);
}

bool Broker::retire(const SubscriptionPtr &subscription)
{
    if (!subscription || subscription->closed.exchange(true))
        return false;
    m_sublist.remove(subscription);
    return true;
}

void Broker::expire(const SubscriptionPtr &subscription)
{
    if (retire(subscription))
        subscription->subscriber->subscriptionExpired(*subscription);
}

PublishResult Broker::publish(const Subscriber *publisher, const Message &message)
{
    PublishResult outcome;
    const SublistResultPtr matches = m_sublist.match(message.subject);
    for (const SubscriptionPtr &subscription : matches->plain) {
        if (offer(subscription, publisher, message))
            ++outcome.delivered;
    }
    for (const QueueGroup &group : matches->queues) {
        const size_t size = group.members.size();
        const size_t start = size > 1 ? threadRandom().bounded(quint32(size)) : 0;
        for (size_t step = 0; step < size; ++step) {
            if (offer(group.members[(start + step) % size], publisher, message)) {
                ++outcome.delivered;
                break;
            }
        }
    }
    return outcome;
}

SubscriptionPtr Broker::firstPlainSubscriptionOf(const Subscriber *owner, QByteArrayView subject) const
{
    const SublistResultPtr matches = m_sublist.match(subject);
    for (const SubscriptionPtr &subscription : matches->plain) {
        if (subscription->subscriber.get() == owner && !subscription->closed.load())
            return subscription;
    }
    return nullptr;
}

bool Broker::offer(const SubscriptionPtr &subscription, const Subscriber *publisher, const Message &message)
{
    Subscriber *target = subscription->subscriber.get();
    if (!target || subscription->closed.load(std::memory_order_acquire))
        return false;
    if (target == publisher && !target->acceptsOwnMessages())
        return false;
    if (target->refusesDelivery(*subscription, message))
        return false;

    // Count first, as nats-server does, so concurrent publishers agree on which message is
    // the last one an UNSUB max allows.
    const qint64 number = subscription->delivered.fetch_add(1, std::memory_order_acq_rel) + 1;
    const qint64 max = subscription->maxMessages.load(std::memory_order_acquire);
    if (max > 0 && number > max) {
        expire(subscription);
        return false;
    }
    const bool taken = target->deliver(*subscription, message);
    if (max > 0 && number == max)
        expire(subscription);
    return taken;
}

} // namespace natsws::nats
