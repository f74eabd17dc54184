// PingTracker: nats-server's ping-timer rules, driven by scripted timelines. Each step is
// "event@ms" or "fire@ms=decision"; ping interval 100 ms, ping_max 2.
#include "core/nats/PingTracker.h"

#include <QByteArrayList>
#include <QTest>

using namespace natsws::nats;
using namespace std::chrono_literals;

class TestPingTracker : public QObject {
    Q_OBJECT
private slots:
    void timeline_data();
    void timeline();
};

void TestPingTracker::timeline_data()
{
    QTest::addColumn<QByteArrayList>("steps");
    QTest::newRow("idle client goes stale after ping_max pings")
        << QByteArrayList{"connect@0", "fire@100=send", "fire@200=send", "fire@300=stale"};
    QTest::newRow("before CONNECT it always pings")
        << QByteArrayList{"traffic@90", "fire@100=send", "traffic@190", "fire@200=send", "fire@300=stale"};
    QTest::newRow("first fire after CONNECT pings despite traffic")
        << QByteArrayList{"connect@0", "traffic@95", "fire@100=send"};
    QTest::newRow("traffic within the interval skips")
        << QByteArrayList{"connect@0", "fire@100=send", "traffic@150", "fire@200=skip", "fire@300=send",
                          "fire@400=stale"};
    QTest::newRow("client PING within the interval skips")
        << QByteArrayList{"connect@0", "fire@100=send", "ping@150", "fire@200=skip"};
    QTest::newRow("traffic a whole interval ago does not skip")
        << QByteArrayList{"connect@0", "fire@100=send", "traffic@100", "fire@200=send"};
    QTest::newRow("PONG clears outstanding pings")
        << QByteArrayList{"connect@0", "fire@100=send", "fire@200=send", "pong@250", "fire@300=send",
                          "fire@400=send", "fire@500=stale"};
    QTest::newRow("busy client is pinged again after an hour")
        << QByteArrayList{"connect@0", "fire@100=send", "traffic@3600050", "fire@3600099=skip",
                          "fire@3600100=send"};
    QTest::newRow("skipping never makes it stale")
        << QByteArrayList{"connect@0", "fire@100=send", "traffic@150", "fire@200=skip", "traffic@250",
                          "fire@300=skip", "traffic@350", "fire@400=skip"};
}

void TestPingTracker::timeline()
{
    QFETCH(QByteArrayList, steps);
    const PingTracker::Clock::time_point start{};
    PingTracker tracker(100ms, 2);
    for (const QByteArray &step : steps) {
        const QByteArrayList parts = step.split('@');
        const QByteArrayList at = parts[1].split('=');
        const auto when = start + std::chrono::milliseconds(at[0].toLongLong());
        const QByteArray &event = parts[0];
        if (event == "connect") {
            tracker.noteTraffic(when, true);
        } else if (event == "traffic") {
            tracker.noteTraffic(when);
        } else if (event == "ping") {
            tracker.noteClientPing(when);
        } else if (event == "pong") {
            tracker.notePong();
        } else {
            const PingTracker::Decision decision = tracker.timerFired(when);
            const QByteArray got = decision == PingTracker::Decision::SendPing ? "send"
                : decision == PingTracker::Decision::Skip                      ? "skip"
                                                                               : "stale";
            QVERIFY2(got == at[1], step.constData());
        }
    }
}

QTEST_APPLESS_MAIN(TestPingTracker)
#include "tst_pingtracker.moc"
