#pragma once
// The subject trie shared by every worker thread: SUB/UNSUB insert and remove, every PUB
// matches. Read-mostly: matches take a shared lock and never block each other; a cache of
// match results keyed by subject is invalidated as a whole by a generation counter that
// every insert/remove bumps, so a stale entry is simply never returned.
#include "core/nats/Subscription.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QReadWriteLock>
#include <atomic>
#include <memory>
#include <vector>

namespace natsws::nats {

struct QueueGroup {
    QByteArray name;
    std::vector<SubscriptionPtr> members;
};

struct SublistResult {
    std::vector<SubscriptionPtr> plain;
    std::vector<QueueGroup> queues;   // one entry per queue name, each delivered to once
    bool isEmpty() const { return plain.empty() && queues.empty(); }
};

using SublistResultPtr = std::shared_ptr<const SublistResult>;

class Sublist {
public:
    explicit Sublist(int cacheLimit = 1024);
    ~Sublist();
    Sublist(const Sublist &) = delete;
    Sublist &operator=(const Sublist &) = delete;

    // False (and nothing stored) when the subject is not valid for a subscription.
    bool insert(const SubscriptionPtr &subscription);
    // False when that subscription was not stored.
    bool remove(const SubscriptionPtr &subscription);
    // Everything interested in a published subject; never null. Subjects with empty tokens
    // match nothing.
    SublistResultPtr match(QByteArrayView subject) const;

    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }
    int count() const;
    int cacheSize() const;
    quint64 cacheHits() const { return m_cacheHits.load(std::memory_order_relaxed); }

private:
    struct Node;
    struct CacheEntry {
        quint64 generation = 0;
        SublistResultPtr result;
    };

    SublistResultPtr cached(QByteArrayView subject, quint64 generation) const;
    void storeInCache(QByteArrayView subject, quint64 generation, SublistResultPtr result) const;

    mutable QReadWriteLock m_trieLock;
    std::unique_ptr<Node> m_root;
    int m_count = 0;
    std::atomic<quint64> m_generation{0};

    mutable QReadWriteLock m_cacheLock;
    mutable QHash<QByteArray, CacheEntry> m_cache;
    const int m_cacheLimit;
    mutable std::atomic<quint64> m_cacheHits{0};
};

} // namespace natsws::nats
