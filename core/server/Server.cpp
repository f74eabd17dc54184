#include "core/server/Server.h"

#include "core/monitor/ConnectionLog.h"
#include "core/monitor/ConnectionRegistry.h"
#include "core/nats/Broker.h"
#include "core/server/Authenticator.h"
#include "core/server/Logger.h"
#include "core/server/MonitorHttpServer.h"
#include "core/server/ServerContext.h"
#include "core/server/TlsSetup.h"
#include "core/server/Worker.h"

#include <QHostAddress>
#include <QRandomGenerator>
#include <QThread>

namespace natsws::server {

namespace {
constexpr int kStopTimeoutMs = 1500;

QString hostForUrl(const QString &host)
{
    return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
}

QHostAddress bindAddress(const QString &host)
{
    if (host.isEmpty() || host == QLatin1String("0.0.0.0"))
        return QHostAddress::AnyIPv4;
    if (host == QLatin1String("::"))
        return QHostAddress::Any;
    if (host == QLatin1String("localhost"))
        return QHostAddress::LocalHost;
    return QHostAddress(host);
}
} // namespace

QString generateServerId()
{
    // nats-server's ids are nkey public keys: 'N' then 55 base32 characters.
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    QString id = QStringLiteral("N");
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < 55; ++i)
        id += QLatin1Char(alphabet[rng->bounded(32)]);
    return id;
}

Listener::Listener(WorkerPool &pool, ListenerKind kind, QObject *parent)
    : QTcpServer(parent), m_pool(pool), m_kind(kind)
{
}

void Listener::incomingConnection(qintptr descriptor)
{
    m_pool.dispatch(descriptor, m_kind);
}

Server::Server(Options options, QObject *parent)
    : QObject(parent), m_registry(std::make_unique<monitor::ConnectionRegistry>(options.closedHistory)),
      m_broker(std::make_unique<nats::Broker>()), m_context(std::make_unique<ServerContext>())
{
    m_context->options = std::move(options);
    m_context->broker = m_broker.get();
    m_context->registry = m_registry.get();
}

Server::~Server()
{
    stop();
}

const Options &Server::options() const { return m_context->options; }
monitor::ConnectionRegistry &Server::registry() { return *m_registry; }
nats::Broker &Server::broker() { return *m_broker; }
QString Server::serverId() const { return m_context->tcpIdentity.serverId; }
bool Server::authRequired() const { return m_context->tcpIdentity.authRequired; }
quint16 Server::natsPort() const { return m_natsListener ? m_natsListener->serverPort() : 0; }
quint16 Server::wsPort() const { return m_wsListener ? m_wsListener->serverPort() : 0; }
quint16 Server::httpPort() const { return m_httpServer ? m_httpServer->serverPort() : 0; }

QString Server::natsUrl() const
{
    return QStringLiteral("nats://%1:%2").arg(hostForUrl(options().host)).arg(natsPort());
}

QString Server::wsUrl() const
{
    if (!m_wsListener)
        return QString();
    const bool tls = options().websocket.tls.configured;
    return QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("wss") : QStringLiteral("ws"),
                                            hostForUrl(options().websocket.host)).arg(wsPort());
}

void Server::buildContext()
{
    const Options &o = m_context->options;
    nats::ServerIdentity identity;
    identity.serverId = generateServerId();
    identity.serverName = o.serverName.isEmpty() ? identity.serverId : o.serverName;
    identity.version = QStringLiteral(NATSWS_VERSION);
    identity.host = o.host;
    identity.port = natsPort();
    m_context->authenticator = std::make_shared<const Authenticator>(o);
    const Authenticator &auth = *m_context->authenticator;
    identity.authRequired = auth.authRequired(ClientTransport::Standard);
    identity.tlsRequired = o.tls.configured;   // natsws has no allow_non_tls: never tls_available
    identity.tlsVerify = o.tls.configured && o.tls.verify;
    m_context->tcpIdentity = identity;

    nats::SessionLimits limits;
    limits.maxPayload = o.maxPayload;
    limits.maxControlLine = o.maxControlLine;
    limits.maxSubscriptions = o.maxSubscriptions;
    limits.maxPending = o.maxPending;
    limits.pingInterval = o.pingInterval;
    limits.maxPingsOut = o.maxPingsOut;
    limits.authTimeout = auth.authTimeout(ClientTransport::Standard);
    m_context->tcpLimits = limits;

    // WebSocket clients get the WS listener's host/port/tls in INFO (nats-server ≥ 2.10.16).
    const WebsocketOptions &w = o.websocket;
    identity.host = w.host;
    identity.port = wsPort();
    identity.tlsRequired = identity.tlsAvailable = w.tls.configured;
    identity.authRequired = auth.authRequired(ClientTransport::WebSocket);   // WS override
    limits.authTimeout = auth.authTimeout(ClientTransport::WebSocket);
    m_context->wsIdentity = identity;
    if (w.pingInterval.count() > 0)
        limits.pingInterval = w.pingInterval;
    m_context->wsLimits = limits;

    ws::HandshakePolicy &policy = m_context->handshakePolicy;
    policy.compression = w.compression;
    policy.tls = w.tls.configured;
    policy.origins = ws::OriginPolicy(w.sameOrigin, w.allowedOrigins);
    policy.extraHeaders = w.headers;
    policy.jwtCookie = w.jwtCookie.toUtf8();
    policy.userCookie = w.userCookie.toUtf8();
    policy.passCookie = w.passCookie.toUtf8();
    policy.tokenCookie = w.tokenCookie.toUtf8();
}

bool Server::start(QString *error)
{
    if (m_running)
        return true;
    const Options &o = m_context->options;
    const int threads = o.threads > 0 ? o.threads : std::max(1, QThread::idealThreadCount());
    m_pool = std::make_unique<WorkerPool>(*m_context, threads);

    logNotice(QStringLiteral("Starting natsws"));
    logNotice(QStringLiteral("  Version:  %1").arg(QStringLiteral(NATSWS_VERSION)));
    logNotice(QStringLiteral("  Threads:  %1").arg(threads));
    if (!o.configFile.isEmpty())
        logNotice(QStringLiteral("Using configuration file: %1").arg(o.configFile));

    auto fail = [&](const QString &message) {
        logError(message);
        if (error)
            *error = message;
        m_natsListener.reset();
        m_wsListener.reset();
        m_httpServer.reset();
        m_pool.reset();
        return false;
    };

    // --connection-log opens before anything listens, so the first connection is in it; it
    // stays open across stop/start so shutdown closes are logged too.
    if (!o.connectionLog.isEmpty() && !m_connectionLog) {
        m_connectionLog = std::make_unique<monitor::ConnectionLogWriter>(*m_registry, o.connectionLog);
        if (!m_connectionLog->isOpen()) {
            const QString why = m_connectionLog->errorString();
            m_connectionLog.reset();
            return fail(QStringLiteral("Unable to open connection log %1: %2").arg(o.connectionLog, why));
        }
    }

    // Certificates are loaded before anything listens: a bad file means no server, and the
    // message points at the option's line in the config file.
    TlsSetupError tlsError;
    const auto tlsFailure = [&] {
        const ConfigLocation at = o.sourceLocations.value(tlsError.option);
        return fail(ConfigIssue{at.file, at.line, at.column, tlsError.message}.toString());
    };
    const auto tcpTls = TlsSetup::build(o.tls, QStringLiteral("tls"), &tlsError);
    if (!tcpTls)
        return tlsFailure();
    const auto wsTls = TlsSetup::build(o.websocket.tls, QStringLiteral("websocket.tls"), &tlsError);
    if (!wsTls)
        return tlsFailure();
    m_context->tcpTls = *tcpTls;
    m_context->wsTls = o.websocket.port != 0 ? *wsTls : ListenerTls{};

    m_natsListener = std::make_unique<Listener>(*m_pool, ListenerKind::Nats);
    const int natsPortWanted = o.port < 0 ? 0 : o.port;
    if (!m_natsListener->listen(bindAddress(o.host), quint16(natsPortWanted)))
        return fail(QStringLiteral("Error listening on port: %1:%2, \"%3\"")
                        .arg(o.host).arg(o.port).arg(m_natsListener->errorString()));

    if (o.websocket.port != 0) {
        m_wsListener = std::make_unique<Listener>(*m_pool, ListenerKind::WebSocket);
        const int wsPortWanted = o.websocket.port < 0 ? 0 : o.websocket.port;
        if (!m_wsListener->listen(bindAddress(o.websocket.host), quint16(wsPortWanted)))
            return fail(QStringLiteral("Unable to listen for websocket connections: %1:%2, \"%3\"")
                            .arg(o.websocket.host).arg(o.websocket.port).arg(m_wsListener->errorString()));
    }
    buildContext();
    m_context->tcpIdentity.serverName = o.serverName.isEmpty() ? m_context->tcpIdentity.serverId : o.serverName;
    logNotice(QStringLiteral("  Name:     %1").arg(m_context->tcpIdentity.serverName));
    logNotice(QStringLiteral("  ID:       %1").arg(m_context->tcpIdentity.serverId));
    if (o.httpPort != 0) {
        m_httpServer = std::make_unique<MonitorHttpServer>(*this);
        if (!m_httpServer->listen(bindAddress(o.host), quint16(std::max(o.httpPort, 0))))
            return fail(QStringLiteral("Can't listen to the monitor port: %1:%2, \"%3\"")
                            .arg(o.host).arg(o.httpPort).arg(m_httpServer->errorString()));
        logNotice(QStringLiteral("Starting http monitor on %1:%2").arg(hostForUrl(o.host)).arg(httpPort()));
    }
    if (m_wsListener) {
        logNotice(QStringLiteral("Listening for websocket clients on %1").arg(wsUrl()));
        if (!o.websocket.tls.configured)
            logWarning(QStringLiteral("Websocket not configured with TLS. DO NOT USE IN PRODUCTION!"));
    }
    logNotice(QStringLiteral("Listening for client connections on %1:%2").arg(o.host).arg(natsPort()));
    if (o.tls.configured)
        logNotice(QStringLiteral("TLS required for client connections"));
    logNotice(QStringLiteral("Server is ready"));
    m_running = true;
    emit started();
    return true;
}

void Server::stop()
{
    if (!m_running)
        return;
    m_running = false;
    logNotice(QStringLiteral("Initiating Shutdown..."));
    if (m_natsListener)
        m_natsListener->close();
    if (m_wsListener)
        m_wsListener->close();
    m_httpServer.reset();
    m_pool->shutdown(kStopTimeoutMs);
    m_pool.reset();
    m_natsListener.reset();
    m_wsListener.reset();
    logNotice(QStringLiteral("Server Exiting.."));
    emit stopped();
}

} // namespace natsws::server
