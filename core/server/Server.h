#pragma once
// The whole server: listeners on the main thread, connections on worker threads, one broker
// and one monitor registry. start() binds; stop() closes every client within 2 s.
#include "core/server/Options.h"

#include <QObject>
#include <QTcpServer>
#include <memory>

namespace natsws::nats { class Broker; }
namespace natsws::monitor { class ConnectionRegistry; class ConnectionLogWriter; }

namespace natsws::server {

struct ServerContext;
class WorkerPool;
class MonitorHttpServer;
enum class ListenerKind;

class Listener : public QTcpServer {
    Q_OBJECT
public:
    Listener(WorkerPool &pool, ListenerKind kind, QObject *parent = nullptr);
protected:
    void incomingConnection(qintptr descriptor) override;
private:
    WorkerPool &m_pool;
    ListenerKind m_kind;
};

class Server : public QObject {
    Q_OBJECT
public:
    explicit Server(Options options, QObject *parent = nullptr);
    ~Server() override;

    bool start(QString *error);
    void stop();
    bool isRunning() const { return m_running; }

    const Options &options() const;
    monitor::ConnectionRegistry &registry();
    nats::Broker &broker();
    quint16 natsPort() const;
    quint16 wsPort() const;        // 0 when the WebSocket listener is off
    quint16 httpPort() const;      // 0 when HTTP monitoring is off
    QString natsUrl() const;
    QString wsUrl() const;
    QString serverId() const;
    bool authRequired() const;     // what TCP clients' INFO says

Q_SIGNALS:
    void started();
    void stopped();

private:
    void buildContext();
    std::unique_ptr<monitor::ConnectionRegistry> m_registry;
    std::unique_ptr<nats::Broker> m_broker;
    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<WorkerPool> m_pool;
    std::unique_ptr<Listener> m_natsListener, m_wsListener;
    std::unique_ptr<MonitorHttpServer> m_httpServer;
    std::unique_ptr<monitor::ConnectionLogWriter> m_connectionLog;   // declared last: goes before m_registry
    bool m_running = false;
};

QString generateServerId();

} // namespace natsws::server
