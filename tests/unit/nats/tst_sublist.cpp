// Sublist: literal, "*" and ">" matching, queue groups, removal and pruning, the
// generation-checked match cache, and matches running concurrently with SUB/UNSUB.
#include "core/nats/Sublist.h"

#include <QTest>
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace natsws::nats;

namespace {

class NullSubscriber : public Subscriber {
public:
    bool acceptsOwnMessages() const override { return true; }
    bool deliver(const Subscription &, const Message &) override { return true; }
};

// "subject" or "subject queue"; the sid is the spec's index in its list.
SubscriptionPtr makeSubscription(const QByteArray &spec, int index)
{
    static const auto subscriber = std::make_shared<NullSubscriber>();
    const QByteArrayList parts = spec.split(' ');
    return std::make_shared<Subscription>(parts[0], parts.value(1), QByteArray::number(index), subscriber);
}

QByteArrayList plainSids(const SublistResult &result)
{
    QByteArrayList sids;
    for (const SubscriptionPtr &s : result.plain)
        sids.append(s->sid);
    std::sort(sids.begin(), sids.end());
    return sids;
}

// "queue:sid,sid" per group, sorted.
QByteArrayList queueGroups(const SublistResult &result)
{
    QByteArrayList groups;
    for (const QueueGroup &group : result.queues) {
        QByteArrayList sids;
        for (const SubscriptionPtr &s : group.members)
            sids.append(s->sid);
        std::sort(sids.begin(), sids.end());
        groups.append(group.name + ':' + sids.join(','));
    }
    std::sort(groups.begin(), groups.end());
    return groups;
}

} // namespace

class TestSublist : public QObject {
    Q_OBJECT
private slots:
    void match_data();
    void match();
    void insertRejectsInvalidSubjects_data();
    void insertRejectsInvalidSubjects();
    void removeTakesOutOnlyThatSubscription();
    void removeUnknownReturnsFalse();
    void removePrunesEmptyBranches();
    void lastQueueMemberRemovesTheGroup();
    void repeatedMatchIsServedFromCache();
    void insertInvalidatesCache();
    void removeInvalidatesCache();
    void cacheStaysWithinItsLimit();
    void invalidPublishSubjectIsNotCached();
    void resultOutlivesRemoval();
    void concurrentReadersWithWriter();
};

void TestSublist::match_data()
{
    QTest::addColumn<QByteArrayList>("subscriptions");
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QByteArrayList>("plain");
    QTest::addColumn<QByteArrayList>("queues");

    auto row = [](const char *name, QByteArrayList subs, const char *subject, QByteArrayList plain,
                  QByteArrayList queues = {}) {
        QTest::newRow(name) << subs << QByteArray(subject) << plain << queues;
    };
    row("literal", {"foo.bar"}, "foo.bar", {"0"});
    row("literal other token", {"foo.bar"}, "foo.baz", {});
    row("literal shorter subject", {"foo.bar"}, "foo", {});
    row("literal longer subject", {"foo"}, "foo.bar", {});
    row("star in the middle", {"foo.*.baz"}, "foo.x.baz", {"0"});
    row("star needs its token", {"foo.*.baz"}, "foo.baz", {});
    row("star last", {"foo.*"}, "foo.bar", {"0"});
    row("star is one token only", {"foo.*"}, "foo.bar.baz", {});
    row("star needs a token", {"foo.*"}, "foo", {});
    row("star alone", {"*"}, "a", {"0"});
    row("star alone not two tokens", {"*"}, "a.b", {});
    row("gt one token", {"foo.>"}, "foo.bar", {"0"});
    row("gt many tokens", {"foo.>"}, "foo.bar.baz.qux", {"0"});
    row("gt needs a token", {"foo.>"}, "foo", {});
    row("gt alone", {">"}, "a.b.c", {"0"});
    row("star then gt", {"*.>"}, "a.b", {"0"});
    row("star then gt needs two", {"*.>"}, "a", {});
    row("everything that fits", {"a.b", "a.*", "a.>", "*.b", ">", "a.b.c", "*.*.*", "b.>"}, "a.b",
        {"0", "1", "2", "3", "4"});
    row("same subject twice", {"a", "a"}, "a", {"0", "1"});
    row("queue groups by name", {"q.a g1", "q.* g1", "q.a g2", "q.a"}, "q.a", {"3"}, {"g1:0,1", "g2:2"});
    row("queue group via gt", {"q.> g", "q.x.y g"}, "q.x.y", {}, {"g:0,1"});
    row("empty token matches nothing", {">", "a.*.b"}, "a..b", {});
    row("leading dot matches nothing", {">"}, ".a", {});
    // A published "*" is a literal token for literal subscriptions but reaches "*" ones,
    // which is what nats-server's trie walk does too.
    row("published star reaches star subscription", {"foo.*", "foo.bar"}, "foo.*", {"0"});
}

void TestSublist::match()
{
    QFETCH(QByteArrayList, subscriptions);
    QFETCH(QByteArray, subject);
    QFETCH(QByteArrayList, plain);
    QFETCH(QByteArrayList, queues);
    Sublist sublist;
    for (int i = 0; i < subscriptions.size(); ++i)
        QVERIFY(sublist.insert(makeSubscription(subscriptions[i], i)));
    QCOMPARE(sublist.count(), subscriptions.size());
    const SublistResultPtr result = sublist.match(subject);
    QCOMPARE(plainSids(*result), plain);
    QCOMPARE(queueGroups(*result), queues);
}

void TestSublist::insertRejectsInvalidSubjects_data()
{
    QTest::addColumn<QByteArray>("subject");
    QTest::newRow("empty token") << QByteArray("foo..bar");
    QTest::newRow("gt not last") << QByteArray("foo.>.bar");
    QTest::newRow("trailing dot") << QByteArray("foo.");
    QTest::newRow("empty") << QByteArray();
}

void TestSublist::insertRejectsInvalidSubjects()
{
    QFETCH(QByteArray, subject);
    Sublist sublist;
    QVERIFY(!sublist.insert(makeSubscription(subject, 0)));
    QCOMPARE(sublist.count(), 0);
    QCOMPARE(sublist.generation(), quint64(0));
}

void TestSublist::removeTakesOutOnlyThatSubscription()
{
    Sublist sublist;
    const auto a = makeSubscription("x.y", 0), b = makeSubscription("x.*", 1), c = makeSubscription("x.y", 2);
    for (const auto &s : {a, b, c})
        QVERIFY(sublist.insert(s));
    QVERIFY(sublist.remove(c));
    QCOMPARE(plainSids(*sublist.match("x.y")), (QByteArrayList{"0", "1"}));
    QVERIFY(sublist.remove(a));
    QCOMPARE(plainSids(*sublist.match("x.y")), QByteArrayList{"1"});
    QCOMPARE(sublist.count(), 1);
}

void TestSublist::removeUnknownReturnsFalse()
{
    Sublist sublist;
    const auto stored = makeSubscription("a.b", 0);
    QVERIFY(sublist.insert(stored));
    const quint64 generation = sublist.generation();
    QVERIFY(!sublist.remove(makeSubscription("a.b", 0)));   // same subject, other object
    QVERIFY(!sublist.remove(makeSubscription("a.c", 1)));
    QVERIFY(sublist.remove(stored));
    QVERIFY(!sublist.remove(stored));
    QCOMPARE(sublist.generation(), generation + 1);
}

void TestSublist::removePrunesEmptyBranches()
{
    Sublist sublist;
    const auto deep = makeSubscription("a.b.c.d", 0), shallow = makeSubscription("a", 1);
    QVERIFY(sublist.insert(deep));
    QVERIFY(sublist.insert(shallow));
    QVERIFY(sublist.remove(deep));
    // The pruned branch is gone, the shallow one still works, and re-inserting rebuilds it.
    QVERIFY(sublist.match("a.b.c.d")->isEmpty());
    QCOMPARE(plainSids(*sublist.match("a")), QByteArrayList{"1"});
    QVERIFY(sublist.insert(deep));
    QCOMPARE(plainSids(*sublist.match("a.b.c.d")), QByteArrayList{"0"});
    QVERIFY(sublist.remove(deep));
    QVERIFY(sublist.remove(shallow));
    QCOMPARE(sublist.count(), 0);
}

void TestSublist::lastQueueMemberRemovesTheGroup()
{
    Sublist sublist;
    const auto first = makeSubscription("w g", 0), second = makeSubscription("w g", 1);
    QVERIFY(sublist.insert(first));
    QVERIFY(sublist.insert(second));
    QVERIFY(sublist.remove(first));
    QCOMPARE(queueGroups(*sublist.match("w")), QByteArrayList{"g:1"});
    QVERIFY(sublist.remove(second));
    QVERIFY(sublist.match("w")->queues.empty());
}

void TestSublist::repeatedMatchIsServedFromCache()
{
    Sublist sublist;
    QVERIFY(sublist.insert(makeSubscription("c.d", 0)));
    const SublistResultPtr first = sublist.match("c.d");
    QCOMPARE(sublist.cacheHits(), quint64(0));
    const SublistResultPtr second = sublist.match("c.d");
    QCOMPARE(sublist.cacheHits(), quint64(1));
    QCOMPARE(second.get(), first.get());
}

void TestSublist::insertInvalidatesCache()
{
    Sublist sublist;
    QVERIFY(sublist.insert(makeSubscription("c.d", 0)));
    QCOMPARE(plainSids(*sublist.match("c.d")), QByteArrayList{"0"});
    const quint64 generation = sublist.generation();
    QVERIFY(sublist.insert(makeSubscription("c.*", 1)));
    QCOMPARE(sublist.generation(), generation + 1);
    QCOMPARE(plainSids(*sublist.match("c.d")), (QByteArrayList{"0", "1"}));
    QCOMPARE(sublist.cacheHits(), quint64(0));
}

void TestSublist::removeInvalidatesCache()
{
    Sublist sublist;
    const auto wildcard = makeSubscription("c.>", 0);
    QVERIFY(sublist.insert(wildcard));
    QVERIFY(sublist.insert(makeSubscription("c.d", 1)));
    QCOMPARE(plainSids(*sublist.match("c.d")), (QByteArrayList{"0", "1"}));
    QVERIFY(sublist.remove(wildcard));
    QCOMPARE(plainSids(*sublist.match("c.d")), QByteArrayList{"1"});
}

void TestSublist::cacheStaysWithinItsLimit()
{
    Sublist sublist(4);
    QVERIFY(sublist.insert(makeSubscription(">", 0)));
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(sublist.match("s." + QByteArray::number(i))->plain.size(), size_t(1));
        QVERIFY(sublist.cacheSize() <= 4);
    }
}

void TestSublist::invalidPublishSubjectIsNotCached()
{
    Sublist sublist;
    QVERIFY(sublist.insert(makeSubscription(">", 0)));
    QVERIFY(sublist.match("a..b")->isEmpty());
    QCOMPARE(sublist.cacheSize(), 0);
}

void TestSublist::resultOutlivesRemoval()
{
    Sublist sublist;
    auto subscription = makeSubscription("r", 0);
    QVERIFY(sublist.insert(subscription));
    const SublistResultPtr held = sublist.match("r");
    QVERIFY(sublist.remove(subscription));
    subscription.reset();
    // The match result keeps the subscription alive for a delivery still in flight.
    QCOMPARE(held->plain.size(), size_t(1));
    QCOMPARE(held->plain[0]->subject, QByteArray("r"));
    QVERIFY(sublist.match("r")->isEmpty());
}

void TestSublist::concurrentReadersWithWriter()
{
    Sublist sublist;
    QVERIFY(sublist.insert(makeSubscription("t.a", 0)));
    std::atomic<bool> stop{false};
    std::atomic<int> missingPermanent{0}, matches{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r) {
        readers.emplace_back([&] {
            // A minimum of work each, so readers really overlap the writer's churn.
            for (int i = 0; i < 2000 || (!stop.load() && i < 200000); ++i) {
                const SublistResultPtr result = sublist.match(i % 2 ? "t.a" : "t.b");
                if (i % 2 && std::none_of(result->plain.begin(), result->plain.end(),
                                          [](const SubscriptionPtr &s) { return s->sid == "0"; }))
                    missingPermanent.fetch_add(1);
                matches.fetch_add(1);
            }
        });
    }
    for (int i = 0; i < 2000; ++i) {
        const auto churn = makeSubscription(i % 3 ? "t.*" : "t.> g", i + 1);
        QVERIFY(sublist.insert(churn));
        QVERIFY(sublist.remove(churn));
    }
    stop.store(true);
    for (std::thread &reader : readers)
        reader.join();
    QCOMPARE(missingPermanent.load(), 0);
    QVERIFY(matches.load() > 0);
    QCOMPARE(sublist.count(), 1);
    QCOMPARE(plainSids(*sublist.match("t.a")), QByteArrayList{"0"});
    QVERIFY(sublist.match("t.b")->isEmpty());
}

QTEST_APPLESS_MAIN(TestSublist)
#include "tst_sublist.moc"
