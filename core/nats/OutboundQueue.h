#pragma once
// Bytes waiting to be written to one client. Any worker thread may append (message delivery);
// only the connection's own thread takes. The first append after a take calls the wake hook
// once, so a burst of deliveries costs one queued wake-up of the owner thread.
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <functional>

namespace natsws::nats {

class OutboundQueue {
public:
    using WakeHook = std::function<void()>;

    void setWakeHook(WakeHook hook);
    void setMaxPending(qint64 bytes) { m_maxPending = bytes; }

    // Returns false (and appends nothing) when the append would exceed max_pending (the caller
    // then closes the client as a slow consumer) or the queue is closed.
    bool append(QByteArray chunk);
    bool append(QList<QByteArray> chunks);

    // Everything pending, in order; resets the wake latch.
    QList<QByteArray> takeAll();
    qint64 pendingBytes() const;
    bool isEmpty() const { return pendingBytes() == 0; }

    // Calls the wake hook unless a wake-up is already pending: lets a delivering thread get
    // the owner's attention without appending (a slow consumer was marked).
    void wake();

    // The client is gone: refuse every later append (a delivery still in flight on another
    // thread lands nowhere). takeAll() still returns what was queued before.
    void close();
    bool isClosed() const;

private:
    WakeHook claimWakeLocked();

    mutable QMutex m_mutex;
    QList<QByteArray> m_chunks;
    qint64 m_bytes = 0;
    qint64 m_maxPending = 64 * 1024 * 1024;
    bool m_wakePending = false;
    bool m_closed = false;
    WakeHook m_wake;
};

} // namespace natsws::nats
