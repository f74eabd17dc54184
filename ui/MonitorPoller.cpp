#include "ui/MonitorPoller.h"

#include <QTimer>

namespace natsws::ui {

MonitorPoller::MonitorPoller(QObject *parent) : QObject(parent), m_timer(new QTimer)
{
    qRegisterMetaType<MonitorSample>();
    m_clock.start();
    m_thread.setObjectName(QStringLiteral("natsws monitor poller"));
    m_timer->moveToThread(&m_thread);
    connect(m_timer, &QTimer::timeout, m_timer, [this] { pollInBackground(); });
}

MonitorPoller::~MonitorPoller()
{
    stop();
    m_thread.quit();
    m_thread.wait();
    delete m_timer;
}

void MonitorPoller::setRegistry(monitor::ConnectionRegistry *registry)
{
    QMutexLocker lock(&m_mutex);      // waits for a background read of the old registry
    m_registry = registry;
    m_sequence = 0;
    m_generation.fetch_add(1);
}

void MonitorPoller::setInterval(int msecs)
{
    m_interval = msecs;
    if (m_active)
        start();
}

void MonitorPoller::start()
{
    if (!m_thread.isRunning())
        m_thread.start();
    const int interval = m_interval;
    QMetaObject::invokeMethod(m_timer, [timer = m_timer, interval] { timer->start(interval); }, Qt::QueuedConnection);
    m_active = true;
}

void MonitorPoller::stop()
{
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_timer, [timer = m_timer] { timer->stop(); }, Qt::BlockingQueuedConnection);
    m_active = false;
}

void MonitorPoller::poll()
{
    MonitorSample sample;
    quint64 generation = 0;
    if (takeSample(sample, generation))
        emit sampled(sample);
}

void MonitorPoller::pollInBackground()
{
    // One sample in flight at most: a busy UI thread gets fewer, never a backlog.
    if (m_inFlight.load())
        return;
    MonitorSample sample;
    quint64 generation = 0;
    if (!takeSample(sample, generation))
        return;
    m_inFlight.store(true);
    QMetaObject::invokeMethod(this, [this, sample = std::move(sample), generation] {
        m_inFlight.store(false);
        if (generation == m_generation.load())
            emit sampled(sample);
    }, Qt::QueuedConnection);
}

bool MonitorPoller::takeSample(MonitorSample &sample, quint64 &generation)
{
    QMutexLocker lock(&m_mutex);
    if (!m_registry)
        return false;
    QElapsedTimer timer;
    timer.start();
    generation = m_generation.load();
    sample.time = QDateTime::currentDateTimeUtc();
    sample.elapsedMs = m_clock.elapsed();
    const QList<monitor::MonitorEvent> events = m_registry->eventsSince(m_sequence);
    // The journal keeps a bounded number of events; a gap means some were dropped, so the
    // histories are taken whole instead.
    const bool gap = !events.isEmpty() && events.first().sequence != m_sequence + 1;
    if (gap) {
        sample.resynchronised = true;
        sample.closed = m_registry->closedConnections();
        sample.rejections = m_registry->rejections();
    } else {
        for (const auto &event : events) {
            if (event.type == monitor::MonitorEvent::Type::Closed)
                sample.closed.append(event.closed);
            else if (event.type == monitor::MonitorEvent::Type::Rejected)
                sample.rejections.append(event.rejected);
        }
    }
    if (!events.isEmpty())
        m_sequence = events.last().sequence;
    sample.open = m_registry->openConnections();
    sample.totals = m_registry->totals(sample.open);
    m_lastSampleMicros.store(timer.nsecsElapsed() / 1000);
    return true;
}

} // namespace natsws::ui
