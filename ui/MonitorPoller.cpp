#include "ui/MonitorPoller.h"

namespace natsws::ui {

MonitorPoller::MonitorPoller(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<MonitorSample>();
    m_timer.setInterval(1000);
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &MonitorPoller::poll);
}

void MonitorPoller::setRegistry(monitor::ConnectionRegistry *registry)
{
    m_registry = registry;
    m_sequence = 0;
}

void MonitorPoller::setInterval(int msecs)
{
    m_timer.setInterval(msecs);
}

void MonitorPoller::start()
{
    m_timer.start();
}

void MonitorPoller::stop()
{
    m_timer.stop();
}

void MonitorPoller::poll()
{
    if (!m_registry)
        return;
    emit sampled(takeSample());
}

MonitorSample MonitorPoller::takeSample()
{
    MonitorSample sample;
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
    sample.totals = m_registry->totals();
    return sample;
}

} // namespace natsws::ui
