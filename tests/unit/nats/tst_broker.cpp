// Broker routing through the Subscriber interface alone (what a future upstream link would
// implement): fan-out, echo, queue groups with declining members, UNSUB max under
// concurrent publishers, and deliveries racing with unsubscribe and session close.
#include "NatsTestSupport.h"

#include <QMutex>
#include <QMutexLocker>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace natsws::nats;
using natsws::nats::testing::drain;
using natsws::nats::testing::SessionUnderTest;

namespace {

class FakeSubscriber : public Subscriber {
public:
    explicit FakeSubscriber(bool echo = true) : m_echo(echo) {}
    bool acceptsOwnMessages() const override { return m_echo; }
    bool deliver(const Subscription &subscription, const Message &message) override
    {
        if (onDeliver)
            onDeliver();
        if (!accepting.load())
            return false;
        QMutexLocker lock(&m_mutex);
        m_got.append(subscription.sid + ' ' + message.subject.toByteArray() + ' ' + message.payload.toByteArray());
        return true;
    }
    QByteArrayList got() const
    {
        QMutexLocker lock(&m_mutex);
        return m_got;
    }
    void subscriptionExpired(const Subscription &) override { expired.fetch_add(1); }
    std::atomic<bool> accepting{true};
    std::atomic<int> expired{0};
    std::function<void()> onDeliver;

private:
    const bool m_echo;
    mutable QMutex m_mutex;
    QByteArrayList m_got;
};

Message message(QByteArrayView subject, QByteArrayView payload)
{
    Message m;
    m.subject = subject;
    m.payload = payload;
    m.totalSizeText = "0";
    return m;
}

SubscriptionPtr subscribe(Broker &broker, const std::shared_ptr<FakeSubscriber> &who, const char *subject,
                          const char *sid, const char *queue = "")
{
    auto subscription = std::make_shared<Subscription>(subject, queue, sid, who);
    if (!broker.subscribe(subscription))
        return nullptr;
    return subscription;
}

} // namespace

class TestBroker : public QObject {
    Q_OBJECT
private slots:
    void fanOutToEveryPlainSubscription();
    void echo_data();
    void echo();
    void queueGroupTriesNextMemberWhenOneDeclines();
    void queueGroupAllDeclining();
    void unsubMaxDeliversExactlyMax();
    void unsubMaxUnderConcurrentPublishers();
    void unsubscribedDuringFanOutGetsNothing();
    void firstPlainSubscriptionOfOwnerOnly();
    void invalidSubjectIsRefused();
    void deliveriesRacingWithClose();
};

void TestBroker::fanOutToEveryPlainSubscription()
{
    Broker broker;
    auto a = std::make_shared<FakeSubscriber>(), b = std::make_shared<FakeSubscriber>();
    QVERIFY(subscribe(broker, a, "x.*", "1"));
    QVERIFY(subscribe(broker, a, "x.>", "2"));
    QVERIFY(subscribe(broker, b, ">", "3"));
    QCOMPARE(broker.publish(nullptr, message("x.y", "hi")).delivered, 3);
    QByteArrayList toA = a->got();
    std::sort(toA.begin(), toA.end());
    QCOMPARE(toA, (QByteArrayList{"1 x.y hi", "2 x.y hi"}));
    QCOMPARE(b->got(), QByteArrayList{"3 x.y hi"});
    QCOMPARE(broker.publish(nullptr, message("z", "no")).delivered, 1);
}

void TestBroker::echo_data()
{
    QTest::addColumn<bool>("echo");
    QTest::addColumn<int>("delivered");
    QTest::newRow("echo on: own subscription gets it") << true << 2;
    QTest::newRow("echo off: only the other one") << false << 1;
}

void TestBroker::echo()
{
    QFETCH(bool, echo);
    QFETCH(int, delivered);
    Broker broker;
    auto self = std::make_shared<FakeSubscriber>(echo), other = std::make_shared<FakeSubscriber>();
    QVERIFY(subscribe(broker, self, "e", "1"));
    QVERIFY(subscribe(broker, other, "e", "2"));
    QCOMPARE(broker.publish(self.get(), message("e", "m")).delivered, delivered);
    QCOMPARE(self->got().size(), delivered - 1);
    QCOMPARE(other->got().size(), 1);
}

void TestBroker::queueGroupTriesNextMemberWhenOneDeclines()
{
    Broker broker;
    auto full = std::make_shared<FakeSubscriber>(), open = std::make_shared<FakeSubscriber>();
    full->accepting = false;
    QVERIFY(subscribe(broker, full, "q", "1", "g"));
    QVERIFY(subscribe(broker, open, "q", "2", "g"));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(broker.publish(nullptr, message("q", QByteArray::number(i))).delivered, 1);
    QCOMPARE(open->got().size(), 20);
}

void TestBroker::queueGroupAllDeclining()
{
    Broker broker;
    auto full = std::make_shared<FakeSubscriber>();
    full->accepting = false;
    QVERIFY(subscribe(broker, full, "q", "1", "g"));
    QVERIFY(subscribe(broker, full, "q", "2", "g"));
    QCOMPARE(broker.publish(nullptr, message("q", "x")).delivered, 0);
}

void TestBroker::unsubMaxDeliversExactlyMax()
{
    Broker broker;
    auto who = std::make_shared<FakeSubscriber>();
    const SubscriptionPtr subscription = subscribe(broker, who, "m", "1");
    subscription->maxMessages = 2;
    QCOMPARE(broker.publish(nullptr, message("m", "a")).delivered, 1);
    QCOMPARE(broker.sublist().count(), 1);
    QCOMPARE(broker.publish(nullptr, message("m", "b")).delivered, 1);
    QCOMPARE(broker.sublist().count(), 0);   // gone right after the max-th message
    QVERIFY(subscription->closed.load());
    QCOMPARE(broker.publish(nullptr, message("m", "c")).delivered, 0);
    QCOMPARE(who->got(), (QByteArrayList{"1 m a", "1 m b"}));
    QCOMPARE(who->expired.load(), 1);   // told once, so its owner can drop the sid
}

void TestBroker::unsubMaxUnderConcurrentPublishers()
{
    Broker broker;
    auto who = std::make_shared<FakeSubscriber>();
    const SubscriptionPtr subscription = subscribe(broker, who, "hot", "1");
    subscription->maxMessages = 100;
    std::atomic<int> delivered{0};
    std::vector<std::thread> publishers;
    for (int t = 0; t < 6; ++t) {
        publishers.emplace_back([&] {
            for (int i = 0; i < 500; ++i)
                delivered.fetch_add(broker.publish(nullptr, message("hot", "x")).delivered);
        });
    }
    for (std::thread &publisher : publishers)
        publisher.join();
    QCOMPARE(delivered.load(), 100);
    QCOMPARE(who->got().size(), 100);
    QCOMPARE(who->expired.load(), 1);
    QCOMPARE(broker.sublist().count(), 0);
}

void TestBroker::unsubscribedDuringFanOutGetsNothing()
{
    Broker broker;
    auto first = std::make_shared<FakeSubscriber>(), second = std::make_shared<FakeSubscriber>();
    QVERIFY(subscribe(broker, first, "r", "1"));
    const SubscriptionPtr late = subscribe(broker, second, "r", "2");
    // The match result still holds `late`; its closed flag must stop the delivery.
    first->onDeliver = [&] { broker.unsubscribe(late); };
    QCOMPARE(broker.publish(nullptr, message("r", "x")).delivered, 1);
    QVERIFY(second->got().isEmpty());
    QCOMPARE(second->expired.load(), 0);   // an explicit unsubscribe is not an expiry
}

void TestBroker::firstPlainSubscriptionOfOwnerOnly()
{
    Broker broker;
    auto owner = std::make_shared<FakeSubscriber>(), other = std::make_shared<FakeSubscriber>();
    QVERIFY(subscribe(broker, other, "_INBOX.*", "1"));
    QVERIFY(subscribe(broker, owner, "_INBOX.*", "2", "q"));
    QVERIFY(!broker.firstPlainSubscriptionOf(owner.get(), "_INBOX.a"));
    const SubscriptionPtr mine = subscribe(broker, owner, "_INBOX.>", "3");
    QCOMPARE(broker.firstPlainSubscriptionOf(owner.get(), "_INBOX.a"), mine);
    broker.unsubscribe(mine);
    QVERIFY(!broker.firstPlainSubscriptionOf(owner.get(), "_INBOX.a"));
}

void TestBroker::invalidSubjectIsRefused()
{
    Broker broker;
    auto who = std::make_shared<FakeSubscriber>();
    QVERIFY(!subscribe(broker, who, "a..b", "1"));
    QCOMPARE(broker.sublist().count(), 0);
}

void TestBroker::deliveriesRacingWithClose()
{
    // Publishers on other threads keep delivering while the subscriber's session closes:
    // nothing crashes, and once closed nothing more is queued for it.
    Broker broker;
    auto subscriber = std::make_unique<SessionUnderTest>(broker, 1);
    subscriber->exchange("CONNECT {\"verbose\":false}\r\nSUB race 1\r\n");
    std::atomic<bool> stop{false};
    std::vector<std::thread> publishers;
    for (int t = 0; t < 3; ++t) {
        publishers.emplace_back([&broker, &stop, t] {
            SessionUnderTest publisher(broker, 10 + t);
            publisher.exchange("CONNECT {\"verbose\":false}\r\n");
            for (int i = 0; i < 3000 || (!stop.load() && i < 300000); ++i)
                publisher.exchange("PUB race 1\r\nx\r\n");
        });
    }
    QTest::qWait(5);
    qint64 drainedMessages = drain(*subscriber->session).count("MSG race 1 1\r\nx\r\n");
    subscriber->session->close(CloseReason::ClientClosed);
    drainedMessages += drain(*subscriber->session).count("MSG race 1 1\r\nx\r\n");
    stop = true;
    for (std::thread &publisher : publishers)
        publisher.join();
    QVERIFY(drainedMessages > 0);
    QCOMPARE(broker.sublist().count(), 0);
    QCOMPARE(subscriber->session->outbound().pendingBytes(), qint64(0));   // nothing after close
    QCOMPARE(subscriber->session->counters().msgsOut.load(), drainedMessages);
    subscriber.reset();
}

QTEST_GUILESS_MAIN(TestBroker)
#include "tst_broker.moc"
