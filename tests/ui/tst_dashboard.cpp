// The poll → models → views path against a registry filled with fake probes (no sockets).
#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Logger.h"
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/ConnectionDetails.h"
#include "ui/ConnectionsView.h"
#include "ui/DashboardModels.h"
#include "ui/FilteredTable.h"
#include "ui/LogPane.h"
#include "ui/MainWindow.h"
#include "ui/MonitorPoller.h"
#include "ui/ServerController.h"
#include "ui/StatusLine.h"

#include <QAction>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTest>

using namespace natsws;
using namespace natsws::ui;

class TestDashboard : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void firstPollBringsHistory();
    void laterPollsBringOnlyNewEvents();
    void journalGapResynchronises();
    void backgroundPollsArriveOnTheUiThread();
    void detachingDropsQueuedSamples();
    void windowShowsConnectionsAndDetails();
    void selectionFollowsTheConnection();
    void closeActionAsksTheRegistry();
    void logPaneAppendsInBatches();
};

namespace {
MonitorSample pollOnce(MonitorPoller &poller)
{
    QSignalSpy spy(&poller, &MonitorPoller::sampled);
    poller.poll();
    return spy.isEmpty() ? MonitorSample{} : spy.first().first().value<MonitorSample>();
}
} // namespace

void TestDashboard::firstPollBringsHistory()
{
    monitor::ConnectionRegistry registry;
    registry.connectionOpened(std::make_shared<testing::FakeProbe>(testing::sampleWebSocket(1)));
    registry.connectionClosed(testing::sampleClosed(2));
    registry.handshakeRejected(testing::sampleRejection(QStringLiteral("http://evil.example")));
    MonitorPoller poller;
    poller.setRegistry(&registry);
    const MonitorSample sample = pollOnce(poller);
    QCOMPARE(sample.open.size(), 1);
    QCOMPARE(sample.closed.size(), 1);
    QCOMPARE(sample.rejections.size(), 1);
    QVERIFY(!sample.resynchronised);
    QCOMPARE(sample.totals.wsOpen, 1);
}

void TestDashboard::laterPollsBringOnlyNewEvents()
{
    monitor::ConnectionRegistry registry;
    MonitorPoller poller;
    poller.setRegistry(&registry);
    registry.connectionClosed(testing::sampleClosed(1));
    QCOMPARE(pollOnce(poller).closed.size(), 1);
    QCOMPARE(pollOnce(poller).closed.size(), 0);
    registry.connectionClosed(testing::sampleClosed(2));
    registry.connectionClosed(testing::sampleClosed(3));
    const MonitorSample sample = pollOnce(poller);
    QCOMPARE(sample.closed.size(), 2);
    QCOMPARE(sample.closed[1].connection.id, quint64(3));
}

void TestDashboard::journalGapResynchronises()
{
    monitor::ConnectionRegistry registry(3);
    MonitorPoller poller;
    poller.setRegistry(&registry);
    pollOnce(poller);
    for (quint64 id = 1; id <= 5; ++id)
        registry.connectionClosed(testing::sampleClosed(id));
    const MonitorSample sample = pollOnce(poller);
    QVERIFY(sample.resynchronised);
    QCOMPARE(sample.closed.size(), 3);                  // the registry's whole (bounded) history
    DashboardModels models(3);
    models.closed().append({testing::sampleClosed(99)});
    models.apply(sample);
    QCOMPARE(models.closed().rowCount(), 3);
    QCOMPARE(models.closed().record(0).connection.id, quint64(3));
}

void TestDashboard::backgroundPollsArriveOnTheUiThread()
{
    monitor::ConnectionRegistry registry;
    registry.connectionOpened(std::make_shared<testing::FakeProbe>(testing::sampleWebSocket(1)));
    MonitorPoller poller;
    poller.setRegistry(&registry);
    QThread *deliveredOn = nullptr;
    int opened = 0;
    connect(&poller, &MonitorPoller::sampled, this, [&](const MonitorSample &s) {
        deliveredOn = QThread::currentThread();
        opened = int(s.open.size());
    });
    poller.setInterval(20);
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(deliveredOn != nullptr, 3000);
    poller.stop();
    QCOMPARE(deliveredOn, QThread::currentThread());
    QCOMPARE(opened, 1);
}

void TestDashboard::detachingDropsQueuedSamples()
{
    auto registry = std::make_unique<monitor::ConnectionRegistry>();
    MonitorPoller poller;
    poller.setRegistry(registry.get());
    QSignalSpy spy(&poller, &MonitorPoller::sampled);
    poller.setInterval(5);
    poller.start();
    QThread::msleep(50);                 // background samples queue up for this thread
    poller.setRegistry(nullptr);
    registry.reset();                    // allowed now: nothing reads it any more
    QTest::qWait(50);                    // deliver whatever was queued
    QCOMPARE(spy.size(), 0);
    poller.stop();
}

void TestDashboard::windowShowsConnectionsAndDetails()
{
    ServerController controller(server::Options{});     // never started: the registry is ours
    auto probe = std::make_shared<testing::FakeProbe>(testing::sampleWebSocket(1));
    controller.registry().connectionOpened(probe);
    controller.registry().connectionOpened(std::make_shared<testing::FakeProbe>(testing::sampleTcp(2)));
    MainWindow window(controller);
    window.poller().poll();

    QCOMPARE(window.models().connections().rowCount(), 2);
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Connections (2)"));
    QVERIFY(window.statusLine()->text().contains(QStringLiteral("TCP 1 · WebSocket 1")));

    ConnectionsView *view = window.connectionsView();
    QVERIFY(!view->closeAction()->isEnabled());
    QVERIFY(view->selectId(1));
    QCOMPARE(view->selectedId(), std::optional<quint64>(1));
    QVERIFY(view->closeAction()->isEnabled());
    ConnectionDetails *details = view->details();
    QCOMPARE(details->shownId(), std::optional<quint64>(1));
    QCOMPARE(details->headersSection()->childCount(), 3);
    QCOMPARE(details->headersSection()->child(2)->text(0), QStringLiteral("Cookie"));
    QCOMPARE(details->headersSection()->child(2)->text(1), QStringLiteral("••••••"));
    QCOMPARE(details->subscriptionsSection()->childCount(), 2);
    QVERIFY(details->extensionSection()->text(1).startsWith(QStringLiteral("permessage-deflate")));

    // A new poll with more traffic updates the details in place.
    probe->update([](monitor::ConnectionSnapshot &s) { s.subscriptions.append(QStringLiteral("late.>")); });
    window.poller().poll();
    QCOMPARE(details->subscriptionsSection()->childCount(), 3);

    // The connection goes away: the details pane empties.
    monitor::ClosedConnection closed;
    closed.connection = probe->snapshot();
    controller.registry().connectionClosed(closed);
    window.poller().poll();
    QCOMPARE(window.models().connections().rowCount(), 1);
    QCOMPARE(window.models().closed().rowCount(), 1);
    QCOMPARE(details->shownId(), std::optional<quint64>());
}

void TestDashboard::selectionFollowsTheConnection()
{
    ServerController controller(server::Options{});
    for (quint64 id = 1; id <= 3; ++id)
        controller.registry().connectionOpened(std::make_shared<testing::FakeProbe>(testing::sampleWebSocket(id)));
    MainWindow window(controller);
    window.poller().poll();
    QVERIFY(window.connectionsView()->selectId(3));
    monitor::ClosedConnection first;
    first.connection = testing::sampleWebSocket(1);
    controller.registry().connectionClosed(first);        // a row above the selection goes
    window.poller().poll();
    QCOMPARE(window.connectionsView()->selectedId(), std::optional<quint64>(3));
    QCOMPARE(window.connectionsView()->details()->shownId(), std::optional<quint64>(3));
}

void TestDashboard::closeActionAsksTheRegistry()
{
    ServerController controller(server::Options{});
    auto probe = std::make_shared<testing::FakeProbe>(testing::sampleWebSocket(7));
    controller.registry().connectionOpened(probe);
    MainWindow window(controller);
    window.poller().poll();
    QVERIFY(window.connectionsView()->selectId(7));
    window.connectionsView()->closeAction()->trigger();
    QCOMPARE(probe->closeRequests(), 1);
}

void TestDashboard::logPaneAppendsInBatches()
{
    LogPane pane;
    for (int i = 0; i < 3; ++i)
        server::logNotice(QStringLiteral("dashboard log line %1").arg(i));
    QCOMPARE(pane.view()->blockCount(), 1);                // nothing until the timer flushes
    pane.flushQueued();
    const QString text = pane.view()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("[INF] dashboard log line 0")));
    QVERIFY(text.contains(QStringLiteral("dashboard log line 2")));
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
