#pragma once
// Publish/subscribe permissions of an authenticated user, with nats-server's semantics:
// an allow list (when present) admits only what it matches, a deny list then removes from
// that (deny wins), and allow_responses lets a client answer the requests it received.
#include "core/nats/SubjectPatterns.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QMutex>
#include <QStringList>
#include <chrono>
#include <memory>
#include <optional>

namespace natsws::nats {

// allow_responses: after receiving a request, the client may publish to its reply subject
// at most maxMessages times and within `expires` (a value <= 0 means no such limit).
struct ResponsePermission {
    int maxMessages = 1;
    std::chrono::milliseconds expires{std::chrono::minutes(2)};
};

// One user's permissions as configured.
struct PermissionRules {
    QStringList publishAllow, publishDeny;       // empty allow: everything not denied
    QStringList subscribeAllow, subscribeDeny;   // entries may name a queue: "subject queue"
    std::optional<ResponsePermission> responses;
};

// The compiled rules; immutable, so all sessions of one user share them across threads.
class Permissions {
public:
    explicit Permissions(const PermissionRules &rules);

    // The allow/deny lists alone. With allow_responses the allow list is closed even when
    // empty (nats-server turns off the blanket allow), so only responses get through.
    bool publishAllowed(QByteArrayView subject) const;
    bool subscribeAllowed(QByteArrayView subject, QByteArrayView queue) const;
    // A message that an allowed subscription must still not receive: a wildcard or queue
    // subscription that overlaps a deny entry (SUB "foo.*" with deny "foo.bar").
    bool deliveryDenied(QByteArrayView subject, QByteArrayView queue) const;
    bool hasSubscribeDeny() const { return !m_subscribeDeny.isEmpty(); }
    const std::optional<ResponsePermission> &responses() const { return m_responses; }

private:
    bool m_publishClosed = false;   // an allow list is in force
    SubjectPatterns m_publishAllow, m_publishDeny, m_subscribeAllow, m_subscribeDeny;
    std::optional<ResponsePermission> m_responses;
};

// allow_responses bookkeeping of one session: reply subjects of the requests delivered to
// it. Deliveries note replies from publisher threads; the owner thread consumes them.
class ResponseTracker {
public:
    using Clock = std::chrono::steady_clock;
    explicit ResponseTracker(ResponsePermission limits);

    void noteRequest(QByteArrayView reply, Clock::time_point now);
    // True when `subject` is a reply subject still open for one more response (consumes it).
    bool takeResponse(QByteArrayView subject, Clock::time_point now);
    int trackedCount() const;

    // nats-server prunes after this many new replies or this long since the last prune.
    static constexpr int kPruneAfterReplies = 4096;
    static constexpr std::chrono::seconds kPruneInterval{1};
    // natsws bound: beyond this many open replies (limits off, no answers) new ones are not
    // tracked, so a client that never answers cannot grow the server's memory without end.
    static constexpr int kMaxTracked = 65536;

private:
    struct Entry {
        Clock::time_point received;
        int responses = 0;
    };
    bool exhausted(const Entry &entry, Clock::time_point now) const;
    void pruneLocked(Clock::time_point now);

    const ResponsePermission m_limits;
    mutable QMutex m_mutex;
    QHash<QByteArray, Entry> m_replies;
    int m_sincePrune = 0;
    Clock::time_point m_lastPrune;
};

// What one session enforces: its user's rules plus its own response tracking. Shared by
// the session (owner thread) and its outlet (publisher threads).
class SessionPermissions {
public:
    using Clock = ResponseTracker::Clock;
    explicit SessionPermissions(std::shared_ptr<const Permissions> rules);

    bool mayPublish(QByteArrayView subject, Clock::time_point now);
    bool maySubscribe(QByteArrayView subject, QByteArrayView queue) const
    {
        return m_rules->subscribeAllowed(subject, queue);
    }
    bool deliveryDenied(QByteArrayView subject, QByteArrayView queue) const
    {
        return m_rules->hasSubscribeDeny() && m_rules->deliveryDenied(subject, queue);
    }
    // A request with `reply` was delivered to this client.
    void noteDelivered(QByteArrayView reply, Clock::time_point now);
    const ResponseTracker *responses() const { return m_responses.get(); }

private:
    const std::shared_ptr<const Permissions> m_rules;
    const std::unique_ptr<ResponseTracker> m_responses;   // null without allow_responses
};

// nats-server's -ERR texts (without the -ERR '...' framing).
QByteArray publishViolationText(QByteArrayView subject);
QByteArray subscribeViolationText(QByteArrayView subject, QByteArrayView queue);

} // namespace natsws::nats
