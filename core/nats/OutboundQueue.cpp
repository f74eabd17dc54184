#include "core/nats/OutboundQueue.h"

#include <QMutexLocker>

namespace natsws::nats {

void OutboundQueue::setWakeHook(WakeHook hook)
{
    QMutexLocker lock(&m_mutex);
    m_wake = std::move(hook);
}

bool OutboundQueue::append(QByteArray chunk)
{
    if (chunk.isEmpty())
        return true;
    WakeHook wake;
    {
        QMutexLocker lock(&m_mutex);
        if (m_closed || m_bytes + chunk.size() > m_maxPending)
            return false;
        m_bytes += chunk.size();
        m_chunks.append(std::move(chunk));
        wake = claimWakeLocked();
    }
    if (wake)
        wake();
    return true;
}

bool OutboundQueue::append(QList<QByteArray> chunks)
{
    qint64 size = 0;
    for (const QByteArray &chunk : chunks)
        size += chunk.size();
    if (size == 0)
        return true;
    WakeHook wake;
    {
        QMutexLocker lock(&m_mutex);
        if (m_closed || m_bytes + size > m_maxPending)
            return false;
        m_bytes += size;
        for (QByteArray &chunk : chunks) {
            if (!chunk.isEmpty())
                m_chunks.append(std::move(chunk));
        }
        wake = claimWakeLocked();
    }
    if (wake)
        wake();
    return true;
}

void OutboundQueue::wake()
{
    WakeHook wake;
    {
        QMutexLocker lock(&m_mutex);
        wake = claimWakeLocked();
    }
    if (wake)
        wake();
}

QList<QByteArray> OutboundQueue::takeAll()
{
    QMutexLocker lock(&m_mutex);
    QList<QByteArray> taken;
    taken.swap(m_chunks);
    m_bytes = 0;
    m_wakePending = false;
    return taken;
}

void OutboundQueue::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
}

bool OutboundQueue::isClosed() const
{
    QMutexLocker lock(&m_mutex);
    return m_closed;
}

qint64 OutboundQueue::pendingBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_bytes;
}

OutboundQueue::WakeHook OutboundQueue::claimWakeLocked()
{
    // The hook runs outside the lock (it may post to another thread's event loop), so hand
    // back a copy; only the first caller after a take gets one.
    if (m_wakePending || !m_wake)
        return {};
    m_wakePending = true;
    return m_wake;
}

} // namespace natsws::nats
