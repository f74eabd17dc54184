#include "core/monitor/ConnectionRegistry.h"

namespace natsws::monitor {

QString connectionKindText(ConnectionKind kind)
{
    switch (kind) {
    case ConnectionKind::Tcp: return QStringLiteral("TCP");
    case ConnectionKind::WebSocket: return QStringLiteral("WebSocket");
    case ConnectionKind::Leaf: return QStringLiteral("Leafnode");
    case ConnectionKind::Mqtt: return QStringLiteral("MQTT");
    }
    return QString();
}

namespace {
void addTraffic(TrafficCounters &sum, const TrafficCounters &t)
{
    sum.msgsIn += t.msgsIn;
    sum.msgsOut += t.msgsOut;
    sum.bytesIn += t.bytesIn;
    sum.bytesOut += t.bytesOut;
    sum.wireBytesIn += t.wireBytesIn;
    sum.wireBytesOut += t.wireBytesOut;
    sum.frameBytesIn += t.frameBytesIn;
    sum.frameBytesOut += t.frameBytesOut;
    sum.compressedMsgsOut += t.compressedMsgsOut;
    sum.uncompressedMsgsOut += t.uncompressedMsgsOut;
    sum.compressedMsgsIn += t.compressedMsgsIn;
    sum.deflateNanos += t.deflateNanos;
    sum.inflateNanos += t.inflateNanos;
}

template <typename T>
void pushBounded(std::deque<T> &queue, T value, int limit)
{
    queue.push_back(std::move(value));
    while (queue.size() > size_t(std::max(limit, 0)))
        queue.pop_front();
}
} // namespace

ConnectionRegistry::ConnectionRegistry(int historyLimit) : m_historyLimit(historyLimit) {}

void ConnectionRegistry::setHistoryLimit(int limit)
{
    QMutexLocker lock(&m_mutex);
    m_historyLimit = limit;
}

int ConnectionRegistry::historyLimit() const
{
    QMutexLocker lock(&m_mutex);
    return m_historyLimit;
}

void ConnectionRegistry::connectionOpened(const std::shared_ptr<ConnectionProbe> &probe)
{
    MonitorEvent event;
    event.type = MonitorEvent::Type::Opened;
    event.opened = probe->snapshot();
    QMutexLocker lock(&m_mutex);
    m_open.insert(event.opened.id, probe);
    m_closedTotals.connectionsTotal++;
    publish(std::move(event));
}

void ConnectionRegistry::connectionClosed(const ClosedConnection &record)
{
    MonitorEvent event;
    event.type = MonitorEvent::Type::Closed;
    event.closed = record;
    QMutexLocker lock(&m_mutex);
    m_open.remove(record.connection.id);
    m_closedTotals.closedTotal++;
    addTraffic(m_closedTotals.traffic, record.connection.traffic);
    pushBounded(m_closed, record, m_historyLimit);
    publish(std::move(event));
}

void ConnectionRegistry::handshakeRejected(const HandshakeRejection &record)
{
    MonitorEvent event;
    event.type = MonitorEvent::Type::Rejected;
    event.rejected = record;
    QMutexLocker lock(&m_mutex);
    m_closedTotals.rejectedTotal++;
    if (record.originRejected)
        m_closedTotals.originRejectedTotal++;
    pushBounded(m_rejected, record, m_historyLimit);
    publish(std::move(event));
}

void ConnectionRegistry::publish(MonitorEvent event)
{
    // Caller holds m_mutex: listeners see events in sequence order.
    event.sequence = ++m_sequence;
    for (const auto &listener : std::as_const(m_listeners))
        listener.second(event);
    pushBounded(m_events, std::move(event), m_historyLimit);
}

QList<ConnectionSnapshot> ConnectionRegistry::openConnections() const
{
    QList<std::shared_ptr<ConnectionProbe>> probes;
    {
        QMutexLocker lock(&m_mutex);
        probes.reserve(m_open.size());
        for (const auto &probe : m_open)
            probes.append(probe);
    }
    // Snapshots are taken outside the lock: probes read atomics and their own small locks.
    QList<ConnectionSnapshot> result;
    result.reserve(probes.size());
    for (const auto &probe : std::as_const(probes))
        result.append(probe->snapshot());
    std::sort(result.begin(), result.end(),
              [](const ConnectionSnapshot &a, const ConnectionSnapshot &b) { return a.id < b.id; });
    return result;
}

QList<ClosedConnection> ConnectionRegistry::closedConnections() const
{
    QMutexLocker lock(&m_mutex);
    return QList<ClosedConnection>(m_closed.begin(), m_closed.end());
}

QList<HandshakeRejection> ConnectionRegistry::rejections() const
{
    QMutexLocker lock(&m_mutex);
    return QList<HandshakeRejection>(m_rejected.begin(), m_rejected.end());
}

Totals ConnectionRegistry::totals() const
{
    return totals(openConnections());
}

Totals ConnectionRegistry::totals(const QList<ConnectionSnapshot> &open) const
{
    Totals totals;
    {
        QMutexLocker lock(&m_mutex);
        totals = m_closedTotals;
    }
    for (const auto &snapshot : open) {
        addTraffic(totals.traffic, snapshot.traffic);
        if (snapshot.kind == ConnectionKind::Tcp)
            totals.tcpOpen++;
        else
            totals.wsOpen++;
    }
    return totals;
}

bool ConnectionRegistry::requestClose(quint64 id)
{
    std::shared_ptr<ConnectionProbe> probe;
    {
        QMutexLocker lock(&m_mutex);
        probe = m_open.value(id);
    }
    if (!probe)
        return false;
    probe->requestClose();
    return true;
}

QList<MonitorEvent> ConnectionRegistry::eventsSince(quint64 sequence) const
{
    QMutexLocker lock(&m_mutex);
    QList<MonitorEvent> result;
    for (const auto &event : m_events)
        if (event.sequence > sequence)
            result.append(event);
    return result;
}

quint64 ConnectionRegistry::lastSequence() const
{
    QMutexLocker lock(&m_mutex);
    return m_sequence;
}

int ConnectionRegistry::addListener(Listener listener)
{
    QMutexLocker lock(&m_mutex);
    m_listeners.append({m_nextListener, std::move(listener)});
    return m_nextListener++;
}

void ConnectionRegistry::removeListener(int id)
{
    QMutexLocker lock(&m_mutex);
    m_listeners.removeIf([id](const auto &l) { return l.first == id; });
}

} // namespace natsws::monitor
