#pragma once
// One allow or deny list of a user's permissions, matched the way nats-server matches its
// permission sublists. Entries are subjects with wildcards, optionally followed by a queue
// name ("orders.* workers", subscribe lists only).
//
// The tested subject's tokens are compared literally, so a wildcard in it only meets a
// wildcard of the pattern: SUB "foo.*" is not covered by an allow of "foo.bar", and (as in
// nats-server) SUB "foo.>" is covered by an allow of "foo.*".
#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace natsws::nats {

class SubjectPatterns {
public:
    SubjectPatterns() = default;
    // Invalid entries are skipped, as nats-server does (the config loader refuses them first).
    explicit SubjectPatterns(const QStringList &entries);

    bool isEmpty() const { return m_patterns.isEmpty(); }

    struct Match {
        bool plain = false;         // an entry without a queue matched
        QByteArrayList queues;      // queue names of the entries with a queue that matched
    };
    Match match(QByteArrayView subject) const;

private:
    struct Pattern {
        QByteArrayList tokens;
        QByteArray queue;
    };
    QList<Pattern> m_patterns;
};

// nats-server's queueMatches: `queue` equals one of `queues`, or falls inside a wildcard one.
bool queueMatches(QByteArrayView queue, const QByteArrayList &queues);

// nats-server's subjectIsSubsetMatch: everything `subject` matches, `pattern` matches too.
bool isSubsetMatch(QByteArrayView subject, QByteArrayView pattern);

} // namespace natsws::nats
