// Rates and compression ratios from successive polls; chart scale; the log queue bound.
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/ChartsPanel.h"
#include "ui/LineChart.h"
#include "ui/LogPane.h"
#include "ui/TrafficMeter.h"

#include <QTest>

using namespace natsws;
using namespace natsws::ui;

namespace {
MonitorSample sampleAt(qint64 elapsedMs, qint64 msgsIn, qint64 bytesOut, QList<monitor::ConnectionSnapshot> open = {})
{
    MonitorSample s;
    s.elapsedMs = elapsedMs;
    s.totals.traffic.msgsIn = msgsIn;
    s.totals.traffic.bytesOut = bytesOut;
    s.open = std::move(open);
    return s;
}

monitor::ConnectionSnapshot wsWith(quint64 id, qint64 frameOut, qint64 wireOut)
{
    monitor::ConnectionSnapshot c = testing::sampleWebSocket(id);
    c.traffic.frameBytesOut = frameOut;
    c.traffic.wireBytesOut = wireOut;
    c.traffic.frameBytesIn = c.traffic.wireBytesIn = 0;
    return c;
}
} // namespace

class TestTrafficMeter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void firstSampleHasNoRate();
    void ratesOverTheInterval_data();
    void ratesOverTheInterval();
    void countersGoingBackStartOver();
    void compressionCountsDeflateOnlyAndKeepsClosedConnections();
    void niceCeiling_data();
    void niceCeiling();
    void chartsKeepTheWindow();
    void logQueueDropsOldest();
};

void TestTrafficMeter::firstSampleHasNoRate()
{
    TrafficMeter meter;
    QVERIFY(!meter.add(sampleAt(1000, 10, 10)).has_value());
}

void TestTrafficMeter::ratesOverTheInterval_data()
{
    QTest::addColumn<qint64>("intervalMs");
    QTest::addColumn<qint64>("msgs");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<double>("msgsPerSec");
    QTest::addColumn<double>("bytesPerSec");
    QTest::newRow("one second") << qint64(1000) << qint64(500) << qint64(2048) << 500.0 << 2048.0;
    QTest::newRow("half a second") << qint64(500) << qint64(500) << qint64(100) << 1000.0 << 200.0;
    QTest::newRow("idle") << qint64(1000) << qint64(0) << qint64(0) << 0.0 << 0.0;
}

void TestTrafficMeter::ratesOverTheInterval()
{
    QFETCH(qint64, intervalMs);
    QFETCH(qint64, msgs);
    QFETCH(qint64, bytes);
    QFETCH(double, msgsPerSec);
    QFETCH(double, bytesPerSec);
    TrafficMeter meter;
    meter.add(sampleAt(10000, 100, 1000));
    const auto point = meter.add(sampleAt(10000 + intervalMs, 100 + msgs, 1000 + bytes));
    QVERIFY(point.has_value());
    QCOMPARE(point->msgsInPerSec, msgsPerSec);
    QCOMPARE(point->bytesOutPerSec, bytesPerSec);
    QCOMPARE(point->elapsedMs, 10000 + intervalMs);
}

void TestTrafficMeter::countersGoingBackStartOver()
{
    TrafficMeter meter;
    meter.add(sampleAt(1000, 100, 100));
    QVERIFY(!meter.add(sampleAt(2000, 5, 5)).has_value());    // a new server: no negative rate
    const auto point = meter.add(sampleAt(3000, 15, 5));
    QVERIFY(point.has_value());
    QCOMPARE(point->msgsInPerSec, 10.0);
}

void TestTrafficMeter::compressionCountsDeflateOnlyAndKeepsClosedConnections()
{
    TrafficMeter meter;
    monitor::ConnectionSnapshot tcp = testing::sampleTcp(2);
    tcp.traffic.wireBytesOut = 1000000;                      // would dilute the ratio if counted
    monitor::ConnectionSnapshot plain = wsWith(3, 900, 1000); // WebSocket without deflate: same
    plain.compression = false;
    meter.add(sampleAt(1000, 0, 0, {wsWith(1, 1000, 500), tcp, plain}));
    QCOMPARE(meter.overallRatioOut(), 2.0);

    // Connection 1 closes having sent 3000 protocol bytes in 1000 wire bytes; 4 is new.
    plain.traffic.frameBytesOut += 5000;
    plain.traffic.wireBytesOut += 5500;
    MonitorSample next = sampleAt(2000, 0, 0, {wsWith(4, 400, 100), tcp, plain});
    monitor::ClosedConnection closed;
    closed.connection = wsWith(1, 3000, 1000);
    next.closed = {closed};
    const auto point = meter.add(next);
    QVERIFY(point.has_value());
    // Interval: (3000 + 400 - 1000) / (1000 + 100 - 500) = 2400 / 600.
    QCOMPARE(point->ratioOut, 4.0);
    QCOMPARE(point->ratioIn, 0.0);
    QCOMPARE(meter.overallRatioOut(), 3400.0 / 1100.0);
}

void TestTrafficMeter::niceCeiling_data()
{
    QTest::addColumn<double>("maximum");
    QTest::addColumn<double>("ceiling");
    QTest::newRow("zero uses the floor") << 0.0 << 1.0;
    QTest::newRow("exact power") << 100.0 << 100.0;
    QTest::newRow("to two") << 130.0 << 200.0;
    QTest::newRow("to five") << 3100.0 << 5000.0;
    QTest::newRow("to ten") << 7.5 << 10.0;
    QTest::newRow("fraction") << 0.3 << 1.0;
}

void TestTrafficMeter::niceCeiling()
{
    QFETCH(double, maximum);
    QFETCH(double, ceiling);
    QCOMPARE(LineChart::niceCeiling(maximum), ceiling);
}

void TestTrafficMeter::chartsKeepTheWindow()
{
    ChartsPanel panel;
    for (int second = 0; second < 400; ++second) {
        TrafficPoint p;
        p.elapsedMs = second * 1000;
        p.msgsInPerSec = second;
        panel.addPoint(p);
    }
    QVERIFY(panel.pointCount() <= int(ChartsPanel::kWindowSeconds) + 2);
    QVERIFY(panel.pointCount() >= int(ChartsPanel::kWindowSeconds));
    const ChartSeries &in = panel.messagesChart()->series().first();
    QCOMPARE(in.points.last().y(), 399.0);
    panel.resize(500, 300);
    QVERIFY(!panel.grab().isNull());                           // paints without asserting
}

void TestTrafficMeter::logQueueDropsOldest()
{
    LogQueue queue(3);
    for (int i = 0; i < 5; ++i)
        queue.push(QString::number(i));
    qint64 dropped = 0;
    QCOMPARE(queue.take(&dropped), (QStringList{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4")}));
    QCOMPARE(dropped, 2);
    QVERIFY(queue.take(&dropped).isEmpty());
    QCOMPARE(dropped, 0);
}

QTEST_MAIN(TestTrafficMeter)
#include "tst_trafficmeter.moc"
