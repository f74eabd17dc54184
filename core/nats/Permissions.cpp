#include "core/nats/Permissions.h"

#include "core/nats/GoQuote.h"

#include <QMutexLocker>

namespace natsws::nats {

Permissions::Permissions(const PermissionRules &rules)
    : m_publishClosed(!rules.publishAllow.isEmpty() || rules.responses.has_value()),
      m_publishAllow(rules.publishAllow), m_publishDeny(rules.publishDeny),
      m_subscribeAllow(rules.subscribeAllow), m_subscribeDeny(rules.subscribeDeny),
      m_responses(rules.responses)
{
}

bool Permissions::publishAllowed(QByteArrayView subject) const
{
    // Publish lists carry no queues; an entry that had one still counts by its subject.
    const auto matches = [&](const SubjectPatterns &list) {
        const SubjectPatterns::Match m = list.match(subject);
        return m.plain || !m.queues.isEmpty();
    };
    if (m_publishClosed && !matches(m_publishAllow))
        return false;
    return m_publishDeny.isEmpty() || !matches(m_publishDeny);
}

bool Permissions::subscribeAllowed(QByteArrayView subject, QByteArrayView queue) const
{
    bool allowed = true;
    if (!m_subscribeAllow.isEmpty()) {
        // "foo" admits any queue on foo; "foo v1" admits only queue v1 (and no plain SUB).
        const SubjectPatterns::Match m = m_subscribeAllow.match(subject);
        allowed = m.plain;
        if (!queue.isEmpty() && !m.queues.isEmpty())
            allowed = queueMatches(queue, m.queues);
    }
    if (allowed && !m_subscribeDeny.isEmpty()) {
        const SubjectPatterns::Match m = m_subscribeDeny.match(subject);
        allowed = !m.plain;
        if (allowed && !queue.isEmpty() && !m.queues.isEmpty())
            allowed = !queueMatches(queue, m.queues);
    }
    return allowed;
}

bool Permissions::deliveryDenied(QByteArrayView subject, QByteArrayView queue) const
{
    // nats-server loads this filter only once a subscription overlaps a deny entry; checking
    // every delivery gives the same answers (a subscription that passed the deny check at
    // SUB time cannot receive a subject it denies unless it overlaps).
    const SubjectPatterns::Match m = m_subscribeDeny.match(subject);
    if (m.plain)
        return true;
    return !queue.isEmpty() && !m.queues.isEmpty() && queueMatches(queue, m.queues);
}

ResponseTracker::ResponseTracker(ResponsePermission limits) : m_limits(limits) {}

bool ResponseTracker::exhausted(const Entry &entry, Clock::time_point now) const
{
    return (m_limits.maxMessages > 0 && entry.responses >= m_limits.maxMessages)
           || (m_limits.expires.count() > 0 && now - entry.received > m_limits.expires);
}

void ResponseTracker::pruneLocked(Clock::time_point now)
{
    m_replies.removeIf([&](const QHash<QByteArray, Entry>::iterator it) { return exhausted(it.value(), now); });
    m_sincePrune = 0;
    m_lastPrune = now;
}

void ResponseTracker::noteRequest(QByteArrayView reply, Clock::time_point now)
{
    QMutexLocker lock(&m_mutex);
    const QByteArray key = reply.toByteArray();
    if (!m_replies.contains(key) && m_replies.size() >= kMaxTracked) {
        pruneLocked(now);
        if (m_replies.size() >= kMaxTracked)
            return;
    }
    // A reply subject seen again starts afresh (nats-server 2.9.10).
    m_replies.insert(key, Entry{now, 0});
    if (++m_sincePrune > kPruneAfterReplies || now - m_lastPrune > kPruneInterval)
        pruneLocked(now);
}

bool ResponseTracker::takeResponse(QByteArrayView subject, Clock::time_point now)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_replies.find(QByteArray::fromRawData(subject.data(), subject.size()));
    if (it == m_replies.end())
        return false;
    // Counted first, so the response after the last allowed one is refused and forgotten.
    Entry &entry = it.value();
    ++entry.responses;
    const bool overMax = m_limits.maxMessages > 0 && entry.responses > m_limits.maxMessages;
    const bool expired = m_limits.expires.count() > 0 && now - entry.received > m_limits.expires;
    if (overMax || expired) {
        m_replies.erase(it);
        return false;
    }
    return true;
}

int ResponseTracker::trackedCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_replies.size());
}

SessionPermissions::SessionPermissions(std::shared_ptr<const Permissions> rules)
    : m_rules(std::move(rules)),
      m_responses(m_rules->responses() ? std::make_unique<ResponseTracker>(*m_rules->responses()) : nullptr)
{
}

bool SessionPermissions::mayPublish(QByteArrayView subject, Clock::time_point now)
{
    if (m_rules->publishAllowed(subject))
        return true;
    return m_responses && m_responses->takeResponse(subject, now);
}

void SessionPermissions::noteDelivered(QByteArrayView reply, Clock::time_point now)
{
    // Only replies the client could not publish to anyway need tracking.
    if (m_responses && !reply.isEmpty() && !m_rules->publishAllowed(reply))
        m_responses->noteRequest(reply, now);
}

QByteArray publishViolationText(QByteArrayView subject)
{
    return QByteArrayLiteral("Permissions Violation for Publish to ") + goQuote(subject);
}

QByteArray subscribeViolationText(QByteArrayView subject, QByteArrayView queue)
{
    QByteArray text = QByteArrayLiteral("Permissions Violation for Subscription to ") + goQuote(subject);
    if (!queue.isEmpty())
        text += QByteArrayLiteral(" using queue ") + goQuote(queue);
    return text;
}

} // namespace natsws::nats
