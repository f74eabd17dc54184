#include "core/server/Worker.h"

#include "core/server/TcpClientConnection.h"
#include "core/server/WsClientConnection.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
#include <atomic>
#include <memory>

namespace natsws::server {

Worker::Worker(ServerContext &context) : m_context(context) {}

void Worker::adopt(qintptr descriptor, int kind)
{
    ClientConnection *connection = nullptr;
    if (static_cast<ListenerKind>(kind) == ListenerKind::WebSocket)
        connection = new WsClientConnection(m_context, this);
    else
        connection = new TcpClientConnection(m_context, this);
    if (!connection->adopt(descriptor) || m_shuttingDown) {
        delete connection;
        return;
    }
    m_connections.insert(connection);
    m_count = int(m_connections.size());
    connect(connection, &ClientConnection::finished, this, [this, connection] { forget(connection); });
    if (auto *ws = qobject_cast<WsClientConnection *>(connection))
        ws->begin();
    else
        static_cast<TcpClientConnection *>(connection)->begin();
}

void Worker::forget(ClientConnection *connection)
{
    if (m_connections.remove(connection))
        connection->deleteLater();
    m_count = int(m_connections.size());
    if (m_shuttingDown && m_connections.isEmpty() && !m_drainedSent) {
        m_drainedSent = true;
        emit drained();
    }
}

void Worker::closeAll()
{
    m_shuttingDown = true;
    if (m_connections.isEmpty()) {
        if (!m_drainedSent) {
            m_drainedSent = true;
            emit drained();
        }
        return;
    }
    const auto connections = m_connections;   // closing may remove entries
    for (ClientConnection *connection : connections)
        connection->shutdownClose();
}

int Worker::connectionCount() const
{
    return m_count.load();
}

WorkerPool::WorkerPool(ServerContext &context, int threads)
{
    threads = std::max(threads, 1);
    for (int i = 0; i < threads; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("natsws-io-%1").arg(i));
        auto *worker = new Worker(context);
        worker->moveToThread(thread);
        QObject::connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
}

WorkerPool::~WorkerPool()
{
    shutdown(0);
}

void WorkerPool::dispatch(qintptr descriptor, ListenerKind kind)
{
    Worker *worker = m_workers[m_next.fetch_add(1) % m_workers.size()];
    QMetaObject::invokeMethod(
        worker, [worker, descriptor, kind] { worker->adopt(descriptor, static_cast<int>(kind)); },
        Qt::QueuedConnection);
}

void WorkerPool::shutdown(int timeoutMs)
{
    if (m_threads.empty())
        return;
    auto remaining = std::make_shared<std::atomic<int>>(int(m_workers.size()));
    for (Worker *worker : m_workers) {
        QObject::connect(worker, &Worker::drained, worker, [remaining] { remaining->fetch_sub(1); },
                         Qt::DirectConnection);
        QMetaObject::invokeMethod(worker, [worker] { worker->closeAll(); }, Qt::QueuedConnection);
    }
    QDeadlineTimer deadline(timeoutMs);
    while (remaining->load() > 0 && !deadline.hasExpired())
        QThread::msleep(10);
    for (QThread *thread : m_threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();   // deleted on their threads' finished signal
}

} // namespace natsws::server
