#include "core/nats/ClientOutlet.h"

namespace natsws::nats {
namespace {
// Below this the head and the payload travel as one chunk (one allocation, and the writer
// gets fewer, larger buffers); above it the shared payload buffer is queued as is.
constexpr qsizetype kInlinePayloadLimit = 1024;
} // namespace

QByteArray ClientOutlet::messageHead(const Subscription &subscription, const Message &message,
                                     bool withHeaders, qsizetype spare)
{
    const bool headerForm = withHeaders && message.hasHeaders();
    QByteArray head;
    head.reserve(32 + message.subject.size() + subscription.sid.size() + message.reply.size() + spare);
    head.append(headerForm ? "HMSG " : "MSG ").append(message.subject).append(' ');
    if (!subscription.sid.isEmpty())
        head.append(subscription.sid).append(' ');
    if (!message.reply.isEmpty())
        head.append(message.reply).append(' ');
    if (headerForm)
        head.append(message.headerSizeText).append(' ').append(message.totalSizeText);
    else if (message.hasHeaders())
        head.append(QByteArray::number(message.bodySize()));   // headers stripped
    else
        head.append(message.totalSizeText);
    head.append("\r\n", 2);
    return head;
}

bool ClientOutlet::deliver(const Subscription &subscription, const Message &message)
{
    if (isClosed() || isSlowConsumer())
        return false;
    const bool withHeaders = headers();
    const bool stripHeaders = message.hasHeaders() && !withHeaders;
    const QByteArray &body = stripHeaders ? message.bodyWire() : message.fullWire();
    const bool inlineBody = body.size() <= kInlinePayloadLimit;
    QByteArray head = messageHead(subscription, message, withHeaders, inlineBody ? body.size() : 0);

    const bool queued = inlineBody ? m_queue.append(head.append(body))
                                   : m_queue.append(QList<QByteArray>{std::move(head), body});
    if (!queued && m_queue.isClosed())
        return false;   // closed while this delivery was on its way
    if (!queued) {
        // Only the owner thread may close the client: flag it and make sure it wakes up.
        m_slowConsumer.store(true, std::memory_order_release);
        m_queue.wake();
        return false;
    }
    m_counters.msgsOut.fetch_add(1, std::memory_order_relaxed);
    m_counters.bytesOut.fetch_add(body.size() - 2, std::memory_order_relaxed);
    if (!message.reply.isEmpty() && m_restricted.load(std::memory_order_acquire)) {
        if (const auto rules = permissions())
            rules->noteDelivered(message.reply, SessionPermissions::Clock::now());   // allow_responses
    }
    return true;
}

bool ClientOutlet::refusesDelivery(const Subscription &subscription, const Message &message) const
{
    if (!m_restricted.load(std::memory_order_acquire))
        return false;
    const auto rules = permissions();
    return rules && rules->deliveryDenied(message.subject, subscription.queue);
}

void ClientOutlet::setPermissions(std::shared_ptr<SessionPermissions> permissions)
{
    const bool restricted = permissions != nullptr;
    std::atomic_store_explicit(&m_permissions, std::move(permissions), std::memory_order_release);
    m_restricted.store(restricted, std::memory_order_release);
}

std::shared_ptr<SessionPermissions> ClientOutlet::permissions() const
{
    return std::atomic_load_explicit(&m_permissions, std::memory_order_acquire);
}

} // namespace natsws::nats
