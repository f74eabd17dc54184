#pragma once
// The live set of connections, the bounded history of closed ones and of refused handshakes,
// and totals. Written by worker threads, read by the UI, exports and HTTP monitoring by
// polling (the UI refreshes about once a second: no signal per message).
#include "core/monitor/ConnectionInfo.h"

#include <QHash>
#include <QMutex>
#include <deque>
#include <functional>
#include <memory>

namespace natsws::monitor {

// Implemented by each live connection: produces its snapshot on demand (any thread).
class ConnectionProbe {
public:
    virtual ~ConnectionProbe() = default;
    virtual ConnectionSnapshot snapshot() const = 0;
    virtual void requestClose() = 0;     // operator asked to close it (thread-safe)
};

// One event in order: the journal the connection log and the UI's histories follow.
struct MonitorEvent {
    enum class Type { Opened, Closed, Rejected } type = Type::Opened;
    quint64 sequence = 0;
    ConnectionSnapshot opened;
    ClosedConnection closed;
    HandshakeRejection rejected;
};

struct Totals {
    qint64 connectionsTotal = 0;
    qint64 tcpOpen = 0, wsOpen = 0;
    qint64 closedTotal = 0, rejectedTotal = 0, originRejectedTotal = 0;
    TrafficCounters traffic;     // open plus closed connections
};

class ConnectionRegistry {
public:
    explicit ConnectionRegistry(int historyLimit = 10000);

    void setHistoryLimit(int limit);
    int historyLimit() const;

    void connectionOpened(const std::shared_ptr<ConnectionProbe> &probe);
    void connectionClosed(const ClosedConnection &record);
    void handshakeRejected(const HandshakeRejection &record);

    QList<ConnectionSnapshot> openConnections() const;
    QList<ClosedConnection> closedConnections() const;
    QList<HandshakeRejection> rejections() const;
    Totals totals() const;
    // The same from snapshots the caller just took with openConnections(): a poller that
    // needs both walks the probes once instead of twice.
    Totals totals(const QList<ConnectionSnapshot> &open) const;
    bool requestClose(quint64 id);

    // Events after `sequence`, oldest first (bounded by the history limit).
    QList<MonitorEvent> eventsSince(quint64 sequence) const;
    quint64 lastSequence() const;

    // Called synchronously, in order, for every event (connection log writer).
    using Listener = std::function<void(const MonitorEvent &)>;
    int addListener(Listener listener);
    void removeListener(int id);

private:
    void publish(MonitorEvent event);

    mutable QMutex m_mutex;
    QHash<quint64, std::shared_ptr<ConnectionProbe>> m_open;
    std::deque<ClosedConnection> m_closed;
    std::deque<HandshakeRejection> m_rejected;
    std::deque<MonitorEvent> m_events;
    int m_historyLimit;
    quint64 m_sequence = 0;
    Totals m_closedTotals;
    QList<std::pair<int, Listener>> m_listeners;
    int m_nextListener = 1;
};

} // namespace natsws::monitor
