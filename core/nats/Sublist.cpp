#include "core/nats/Sublist.h"

#include "core/nats/Subject.h"

#include <QReadLocker>
#include <QWriteLocker>
#include <algorithm>
#include <unordered_map>

namespace natsws::nats {
namespace {

struct ByteArrayHash {
    size_t operator()(const QByteArray &key) const noexcept { return qHash(key); }
};

// A non-owning key for lookups, so matching a published subject allocates nothing per token.
QByteArray lookupKey(QByteArrayView token)
{
    return QByteArray::fromRawData(token.data(), token.size());
}

void appendQueueMembers(std::vector<QueueGroup> &into, const QueueGroup &group)
{
    auto slot = std::find_if(into.begin(), into.end(),
                             [&](const QueueGroup &g) { return g.name == group.name; });
    if (slot == into.end()) {
        into.push_back(group);
        return;
    }
    slot->members.insert(slot->members.end(), group.members.begin(), group.members.end());
}

template <typename List>
bool eraseSubscription(List &list, const SubscriptionPtr &subscription)
{
    auto it = std::find(list.begin(), list.end(), subscription);
    if (it == list.end())
        return false;
    list.erase(it);
    return true;
}

} // namespace

// One trie node: the subscriptions ending at it and the next level, split by token kind.
struct Sublist::Node {
    std::unordered_map<QByteArray, std::unique_ptr<Node>, ByteArrayHash> literals;
    std::unique_ptr<Node> star;   // "*"
    std::unique_ptr<Node> tail;   // ">"
    std::vector<SubscriptionPtr> plain;
    std::vector<QueueGroup> queues;

    bool isEmpty() const
    {
        return literals.empty() && !star && !tail && plain.empty() && queues.empty();
    }

    std::unique_ptr<Node> &childSlot(QByteArrayView token)
    {
        if (isStarToken(token))
            return star;
        if (isTailToken(token))
            return tail;
        return literals[QByteArray(token.data(), token.size())];
    }

    Node *existingChild(QByteArrayView token) const
    {
        if (isStarToken(token))
            return star.get();
        if (isTailToken(token))
            return tail.get();
        auto it = literals.find(lookupKey(token));
        return it == literals.end() ? nullptr : it->second.get();
    }

    void dropChild(QByteArrayView token)
    {
        if (isStarToken(token))
            star.reset();
        else if (isTailToken(token))
            tail.reset();
        else
            literals.erase(lookupKey(token));
    }

    void collectInto(SublistResult &result) const
    {
        result.plain.insert(result.plain.end(), plain.begin(), plain.end());
        for (const QueueGroup &group : queues)
            appendQueueMembers(result.queues, group);
    }

    bool removeSubscription(const SubscriptionPtr &subscription)
    {
        if (!subscription->isQueue())
            return eraseSubscription(plain, subscription);
        for (auto group = queues.begin(); group != queues.end(); ++group) {
            if (group->name != subscription->queue)
                continue;
            if (!eraseSubscription(group->members, subscription))
                return false;
            if (group->members.empty())
                queues.erase(group);
            return true;
        }
        return false;
    }

    // The published subject's tokens[i..] against this level. "*" takes exactly one token,
    // ">" one or more, so a ">" child matches whenever at least one token is left.
    void match(const SubjectTokens &tokens, qsizetype i, SublistResult &result) const
    {
        if (tail)
            tail->collectInto(result);
        const bool last = i + 1 == tokens.size();
        if (star) {
            if (last)
                star->collectInto(result);
            else
                star->match(tokens, i + 1, result);
        }
        auto it = literals.find(lookupKey(tokens[i]));
        if (it == literals.end())
            return;
        if (last)
            it->second->collectInto(result);
        else
            it->second->match(tokens, i + 1, result);
    }
};

Sublist::Sublist(int cacheLimit) : m_root(std::make_unique<Node>()), m_cacheLimit(cacheLimit) {}

Sublist::~Sublist() = default;

bool Sublist::insert(const SubscriptionPtr &subscription)
{
    if (!subscription || !isValidSubscriptionSubject(subscription->subject))
        return false;
    const SubjectTokens tokens = splitSubject(subscription->subject);

    QWriteLocker lock(&m_trieLock);
    Node *node = m_root.get();
    for (QByteArrayView token : tokens) {
        std::unique_ptr<Node> &slot = node->childSlot(token);
        if (!slot)
            slot = std::make_unique<Node>();
        node = slot.get();
    }
    if (subscription->isQueue()) {
        auto group = std::find_if(node->queues.begin(), node->queues.end(),
                                  [&](const QueueGroup &g) { return g.name == subscription->queue; });
        if (group == node->queues.end())
            node->queues.push_back(QueueGroup{subscription->queue, {subscription}});
        else
            group->members.push_back(subscription);
    } else {
        node->plain.push_back(subscription);
    }
    ++m_count;
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

bool Sublist::remove(const SubscriptionPtr &subscription)
{
    if (!subscription)
        return false;
    const SubjectTokens tokens = splitSubject(subscription->subject);

    QWriteLocker lock(&m_trieLock);
    std::vector<Node *> path{m_root.get()};
    for (QByteArrayView token : tokens) {
        Node *child = path.back()->existingChild(token);
        if (!child)
            return false;
        path.push_back(child);
    }
    if (!path.back()->removeSubscription(subscription))
        return false;
    // Prune nodes left empty, deepest first, so the trie does not keep dead branches.
    for (qsizetype depth = tokens.size(); depth > 0; --depth) {
        if (!path[depth]->isEmpty())
            break;
        path[depth - 1]->dropChild(tokens[depth - 1]);
    }
    --m_count;
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

SublistResultPtr Sublist::match(QByteArrayView subject) const
{
    static const SublistResultPtr kEmpty = std::make_shared<const SublistResult>();
    const SubjectTokens tokens = splitSubject(subject);
    for (QByteArrayView token : tokens) {
        if (token.isEmpty())
            return kEmpty;
    }

    if (SublistResultPtr hit = cached(subject, generation()))
        return hit;

    auto result = std::make_shared<SublistResult>();
    quint64 generationSeen = 0;
    {
        QReadLocker lock(&m_trieLock);
        // Writers bump the generation under the write lock, so this value belongs to the
        // trie state being read.
        generationSeen = generation();
        m_root->match(tokens, 0, *result);
    }
    SublistResultPtr shared = result->isEmpty() ? kEmpty : SublistResultPtr(std::move(result));
    storeInCache(subject, generationSeen, shared);
    return shared;
}

int Sublist::count() const
{
    QReadLocker lock(&m_trieLock);
    return m_count;
}

int Sublist::cacheSize() const
{
    QReadLocker lock(&m_cacheLock);
    return int(m_cache.size());
}

SublistResultPtr Sublist::cached(QByteArrayView subject, quint64 generation) const
{
    QReadLocker lock(&m_cacheLock);
    auto it = m_cache.constFind(lookupKey(subject));
    if (it == m_cache.cend() || it->generation != generation)
        return nullptr;
    m_cacheHits.fetch_add(1, std::memory_order_relaxed);
    return it->result;
}

void Sublist::storeInCache(QByteArrayView subject, quint64 generation, SublistResultPtr result) const
{
    if (m_cacheLimit <= 0)
        return;
    QWriteLocker lock(&m_cacheLock);
    if (m_cache.size() >= m_cacheLimit) {
        // Entries of older generations are dead weight; when none are, start over.
        m_cache.removeIf([&](QHash<QByteArray, CacheEntry>::iterator entry) {
            return entry->generation != generation;
        });
        if (m_cache.size() >= m_cacheLimit)
            m_cache.clear();
    }
    m_cache.insert(QByteArray(subject.data(), subject.size()), CacheEntry{generation, std::move(result)});
}

} // namespace natsws::nats
