// OutboundQueue: one wake-up per batch, max_pending as nats-server counts it (up to and
// including the limit), all-or-nothing list appends, and appends from several threads.
#include "core/nats/OutboundQueue.h"

#include <QTest>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

using namespace natsws::nats;

namespace {
QByteArray joined(const QList<QByteArray> &chunks)
{
    QByteArray all;
    for (const QByteArray &c : chunks)
        all += c;
    return all;
}
} // namespace

class TestOutboundQueue : public QObject {
    Q_OBJECT
private slots:
    void wakeOncePerBatch();
    void maxPending_data();
    void maxPending();
    void listAppendIsAllOrNothing();
    void emptyAppendDoesNotWake();
    void explicitWakeRespectsTheLatch();
    void closedQueueRefusesAppends();
    void hookRunsOutsideTheLock();
    void concurrentAppendsKeepPerThreadOrder();
};

void TestOutboundQueue::wakeOncePerBatch()
{
    OutboundQueue queue;
    int wakes = 0;
    queue.setWakeHook([&] { ++wakes; });
    QVERIFY(queue.append(QByteArray("a")));
    QVERIFY(queue.append(QByteArray("b")));
    QVERIFY(queue.append(QList<QByteArray>{"c", "d"}));
    QCOMPARE(wakes, 1);
    QCOMPARE(queue.pendingBytes(), qint64(4));
    QCOMPARE(joined(queue.takeAll()), QByteArray("abcd"));
    QVERIFY(queue.isEmpty());
    QVERIFY(queue.append(QByteArray("e")));
    QCOMPARE(wakes, 2);
    QVERIFY(queue.takeAll() == QList<QByteArray>{"e"});
    QVERIFY(queue.takeAll().isEmpty());
}

void TestOutboundQueue::maxPending_data()
{
    QTest::addColumn<qint64>("max");
    QTest::addColumn<QList<int>>("appendSizes");
    QTest::addColumn<QList<bool>>("accepted");
    QTest::addColumn<qint64>("pending");
    QTest::newRow("up to the limit") << qint64(10) << QList<int>{6, 4} << QList<bool>{true, true} << qint64(10);
    QTest::newRow("one byte over") << qint64(10) << QList<int>{6, 5} << QList<bool>{true, false} << qint64(6);
    QTest::newRow("smaller one still fits") << qint64(10) << QList<int>{6, 5, 4} << QList<bool>{true, false, true}
                                            << qint64(10);
    QTest::newRow("single chunk over") << qint64(3) << QList<int>{4} << QList<bool>{false} << qint64(0);
}

void TestOutboundQueue::maxPending()
{
    QFETCH(qint64, max);
    QFETCH(QList<int>, appendSizes);
    QFETCH(QList<bool>, accepted);
    QFETCH(qint64, pending);
    OutboundQueue queue;
    queue.setMaxPending(max);
    for (int i = 0; i < appendSizes.size(); ++i)
        QCOMPARE(queue.append(QByteArray(appendSizes[i], 'x')), accepted[i]);
    QCOMPARE(queue.pendingBytes(), pending);
}

void TestOutboundQueue::listAppendIsAllOrNothing()
{
    OutboundQueue queue;
    queue.setMaxPending(5);
    int wakes = 0;
    queue.setWakeHook([&] { ++wakes; });
    QVERIFY(!queue.append(QList<QByteArray>{"abc", "def"}));
    QCOMPARE(queue.pendingBytes(), qint64(0));
    QCOMPARE(wakes, 0);
    QVERIFY(queue.append(QList<QByteArray>{"ab", "", "cde"}));
    QCOMPARE(queue.takeAll(), (QList<QByteArray>{"ab", "cde"}));
}

void TestOutboundQueue::emptyAppendDoesNotWake()
{
    OutboundQueue queue;
    int wakes = 0;
    queue.setWakeHook([&] { ++wakes; });
    QVERIFY(queue.append(QByteArray()));
    QVERIFY(queue.append(QList<QByteArray>{}));
    QCOMPARE(wakes, 0);
    QVERIFY(queue.isEmpty());
}

void TestOutboundQueue::explicitWakeRespectsTheLatch()
{
    OutboundQueue queue;
    int wakes = 0;
    queue.setWakeHook([&] { ++wakes; });
    queue.wake();
    queue.wake();
    QCOMPARE(wakes, 1);
    QVERIFY(queue.append(QByteArray("x")));   // already woken: no second call
    QCOMPARE(wakes, 1);
    queue.takeAll();
    queue.wake();
    QCOMPARE(wakes, 2);
}

void TestOutboundQueue::closedQueueRefusesAppends()
{
    OutboundQueue queue;
    QVERIFY(queue.append(QByteArray("-ERR 'x'\r\n")));
    queue.close();
    QVERIFY(queue.isClosed());
    QVERIFY(!queue.append(QByteArray("late")));
    QVERIFY(!queue.append(QList<QByteArray>{"late"}));
    QCOMPARE(queue.takeAll(), QList<QByteArray>{"-ERR 'x'\r\n"});   // what came before still goes out
}

void TestOutboundQueue::hookRunsOutsideTheLock()
{
    OutboundQueue queue;
    qint64 seenFromHook = -1;
    // Would deadlock if the hook were called with the queue's mutex held.
    queue.setWakeHook([&] { seenFromHook = queue.pendingBytes(); });
    auto appended = std::async(std::launch::async, [&] { return queue.append(QByteArray("abc")); });
    if (appended.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
        qFatal("wake hook deadlocked the queue");
    QVERIFY(appended.get());
    QCOMPARE(seenFromHook, qint64(3));
}

void TestOutboundQueue::concurrentAppendsKeepPerThreadOrder()
{
    OutboundQueue queue;
    std::atomic<int> wakes{0};
    queue.setWakeHook([&] { wakes.fetch_add(1); });
    constexpr int kThreads = 4, kEach = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&queue, t] {
            for (int i = 0; i < kEach; ++i)
                queue.append(QByteArray::number(t) + ':' + QByteArray::number(i));
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    const QList<QByteArray> chunks = queue.takeAll();
    QCOMPARE(chunks.size(), kThreads * kEach);
    QCOMPARE(wakes.load(), 1);
    QList<int> next(kThreads, 0);
    for (const QByteArray &chunk : chunks) {
        const QByteArrayList parts = chunk.split(':');
        const int thread = parts[0].toInt();
        QCOMPARE(parts[1].toInt(), next[thread]);
        ++next[thread];
    }
}

QTEST_APPLESS_MAIN(TestOutboundQueue)
#include "tst_outboundqueue.moc"
