#pragma once
// One I/O thread's event loop and the connections that live on it for their whole life.
#include <QObject>
#include <QSet>
#include <QThread>

namespace natsws::server {

struct ServerContext;
class ClientConnection;

enum class ListenerKind { Nats, WebSocket };

class Worker : public QObject {
    Q_OBJECT
public:
    explicit Worker(ServerContext &context);

    Q_INVOKABLE void adopt(qintptr descriptor, int kind);
    // Sends every connection its server-shutdown close; emits drained() once all are gone.
    Q_INVOKABLE void closeAll();
    int connectionCount() const;

Q_SIGNALS:
    void drained();

private:
    void forget(ClientConnection *connection);
    ServerContext &m_context;
    QSet<ClientConnection *> m_connections;
    std::atomic<int> m_count{0};
    bool m_shuttingDown = false;
    bool m_drainedSent = false;
};

class WorkerPool {
public:
    WorkerPool(ServerContext &context, int threads);
    ~WorkerPool();
    void dispatch(qintptr descriptor, ListenerKind kind);
    // Closes every connection on every worker, waits at most `timeoutMs`, stops the threads.
    void shutdown(int timeoutMs);
    int size() const { return int(m_workers.size()); }

private:
    std::vector<QThread *> m_threads;
    std::vector<Worker *> m_workers;
    std::atomic<unsigned> m_next{0};
};

} // namespace natsws::server
