// ui_stall: how long the dashboard's UI thread can be blocked under load. Feeds 5,000 fake
// connections whose counters move at a configurable message rate, plus a stream of
// closes/opens and refused handshakes, into the registry the window polls, and measures the
// largest gap between ticks of a 5 ms UI-thread timer that also asks the table to repaint.
// Not a test: it prints numbers. Usage: ui_stall [--connections N] [--msgs-per-sec N]
// [--events-per-sec N] [--seconds N]
#include "core/monitor/ConnectionRegistry.h"
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/FilteredTable.h"
#include "ui/ConnectionsView.h"
#include "ui/DashboardModels.h"
#include "ui/MainWindow.h"
#include "ui/MonitorPoller.h"
#include "ui/ServerController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <vector>

using namespace natsws;

namespace {

struct Load {
    int connections = 5000;
    qint64 msgsPerSec = 50000;
    int eventsPerSec = 200;
    int seconds = 10;
};

// Moves counters and opens/closes connections from its own thread, like worker threads do.
class Feeder : public QThread {
public:
    Feeder(monitor::ConnectionRegistry &registry, Load load) : m_registry(registry), m_load(load) {}
    void stopFeeding() { m_stop = true; }
    qint64 messagesFed() const { return m_messages.load(); }
    qint64 eventsFed() const { return m_events.load(); }

protected:
    void run() override
    {
        std::vector<std::shared_ptr<testing::FakeProbe>> probes;
        quint64 nextId = 1;
        auto open = [&] {
            auto probe = std::make_shared<testing::FakeProbe>(
                nextId % 3 ? testing::sampleWebSocket(nextId) : testing::sampleTcp(nextId));
            probe->update([](monitor::ConnectionSnapshot &s) {
                s.started = s.lastActivity = QDateTime::currentDateTimeUtc();
                s.traffic = {};
            });
            ++nextId;
            m_registry.connectionOpened(probe);
            probes.push_back(std::move(probe));
            m_events.fetch_add(1);
        };
        for (int i = 0; i < m_load.connections; ++i)
            open();
        QElapsedTimer clock;
        clock.start();
        qint64 msgsDue = 0, eventsDue = 0;
        auto *rng = QRandomGenerator::global();
        while (!m_stop) {
            QThread::usleep(1000);
            const qint64 elapsedUs = clock.nsecsElapsed() / 1000;
            const qint64 msgTarget = elapsedUs * m_load.msgsPerSec / 1000000;
            const qint64 eventTarget = elapsedUs * m_load.eventsPerSec / 1000000;
            // Spread this millisecond's messages over a few connections, as a fan-out would.
            for (; msgsDue < msgTarget; msgsDue += 10) {
                auto &probe = probes[rng->bounded(quint32(probes.size()))];
                probe->update([](monitor::ConnectionSnapshot &s) {
                    s.traffic.msgsIn += 10;
                    s.traffic.msgsOut += 10;
                    s.traffic.bytesIn += 640;
                    s.traffic.bytesOut += 640;
                    s.traffic.frameBytesOut += 900;
                    s.traffic.wireBytesOut += 300;
                    s.lastActivity = QDateTime::currentDateTimeUtc();
                });
                m_messages.fetch_add(10);
            }
            // Events: mostly a close followed by a new connection, sometimes a refused origin.
            for (; eventsDue < eventTarget; ++eventsDue) {
                if (eventsDue % 5 == 4) {
                    m_registry.handshakeRejected(testing::sampleRejection(QStringLiteral("http://evil%1.example").arg(eventsDue % 7)));
                    m_events.fetch_add(1);
                    continue;
                }
                const size_t victim = rng->bounded(quint32(probes.size()));
                monitor::ClosedConnection closed;
                closed.connection = probes[victim]->snapshot();
                closed.closedAt = QDateTime::currentDateTimeUtc();
                closed.reason = QStringLiteral("Client Closed");
                closed.closeFrameReceived = closed.closeFrameSent = true;
                closed.wsStatusReceived = closed.wsStatusSent = 1001;
                m_registry.connectionClosed(closed);
                probes.erase(probes.begin() + qsizetype(victim));
                m_events.fetch_add(1);
                open();
            }
        }
    }

private:
    monitor::ConnectionRegistry &m_registry;
    Load m_load;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_messages{0}, m_events{0};
};

Load parseLoad(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("open connections"), QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption msgs(QStringLiteral("msgs-per-sec"), QStringLiteral("message rate"), QStringLiteral("n"), QStringLiteral("50000"));
    const QCommandLineOption events(QStringLiteral("events-per-sec"), QStringLiteral("close/open/reject rate"), QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("duration"), QStringLiteral("n"), QStringLiteral("10"));
    parser.addOptions({connections, msgs, events, seconds});
    parser.addHelpOption();
    parser.process(arguments);
    Load load;
    load.connections = std::max(1, parser.value(connections).toInt());
    load.msgsPerSec = std::max<qint64>(0, parser.value(msgs).toLongLong());
    load.eventsPerSec = std::max(0, parser.value(events).toInt());
    load.seconds = std::max(1, parser.value(seconds).toInt());
    return load;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Load load = parseLoad(app.arguments());

    ui::ServerController controller(server::Options{});      // never started: fake connections only
    ui::MainWindow window(controller);
    window.resize(1400, 900);
    window.show();
    Feeder feeder(controller.registry(), load);
    feeder.start();

    // The probe: a 5 ms timer on the UI thread that also repaints the visible table rows.
    constexpr qint64 kTickMs = 5;
    QElapsedTimer sinceTick, total;
    std::vector<qint64> gapsUs;
    qint64 ticks = 0;
    qint64 worstApplyUs = 0, applyCount = 0, applyTotalUs = 0, readTotalUs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(int(kTickMs));
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        gapsUs.push_back(sinceTick.nsecsElapsed() / 1000);
        sinceTick.restart();
        if (++ticks % 6 == 0)      // ~30 repaints a second, like a busy live table
            window.connectionsView()->table()->table()->viewport()->update();
        if (total.elapsed() > load.seconds * 1000)
            app.quit();
    });
    // The window polls as it always does (registry read on the poller's thread); time the part
    // that runs on the UI thread: from the connections model's update to the end of refresh.
    QElapsedTimer applyTimer;
    QObject::connect(&window.models().connections(), &ui::ConnectionsModel::aboutToUpdate, &window,
                     [&] { applyTimer.start(); });
    QObject::connect(&window.models(), &ui::DashboardModels::refreshed, &window, [&] {
        if (!total.isValid())
            return;
        const qint64 us = applyTimer.nsecsElapsed() / 1000;
        worstApplyUs = std::max(worstApplyUs, us);
        applyTotalUs += us;
        readTotalUs += window.poller().lastSampleMicros();
        ++applyCount;
    });
    // Let the initial connections arrive before measuring.
    while (controller.registry().openConnections().size() < qsizetype(load.connections))
        QThread::msleep(10);
    {
        // Warm-up: the first polls insert 5,000 rows and size the columns once.
        QEventLoop warmUp;
        QTimer::singleShot(2000, &warmUp, &QEventLoop::quit);
        warmUp.exec();
    }

    total.start();
    sinceTick.start();
    probe.start();
    app.exec();
    feeder.stopFeeding();
    feeder.wait();

    std::sort(gapsUs.begin(), gapsUs.end());
    const auto percentile = [&](double p) {
        return gapsUs.empty() ? 0.0 : double(gapsUs[size_t(p * double(gapsUs.size() - 1))]) / 1000.0;
    };
    const double worstStallMs = gapsUs.empty() ? 0.0 : double(gapsUs.back()) / 1000.0 - double(kTickMs);
    std::printf("connections           %d (open now: %lld)\n", load.connections,
                static_cast<long long>(window.models().connections().rowCount()));
    std::printf("messages fed          %.0f/s\n", double(feeder.messagesFed()) / load.seconds);
    std::printf("events fed            %.0f/s (closes, opens, refused handshakes)\n",
                double(feeder.eventsFed() - load.connections) / load.seconds);
    std::printf("polls applied (UI)    %lld, average %.1f ms, worst %.1f ms\n", static_cast<long long>(applyCount),
                applyCount ? double(applyTotalUs) / double(applyCount) / 1000.0 : 0.0, double(worstApplyUs) / 1000.0);
    std::printf("registry read         average %.1f ms (poller thread, not the UI's)\n",
                applyCount ? double(readTotalUs) / double(applyCount) / 1000.0 : 0.0);
    std::printf("UI timer gaps         median %.1f ms, p99 %.1f ms, max %.1f ms (tick %lld ms)\n", percentile(0.5),
                percentile(0.99), percentile(1.0), static_cast<long long>(kTickMs));
    std::printf("worst UI stall        %.1f ms\n", std::max(0.0, worstStallMs));
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        std::printf("machine load          %s (on %d cores)\n", loadavg.readLine().trimmed().constData(),
                    QThread::idealThreadCount());
    return 0;
}
