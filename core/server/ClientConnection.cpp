#include "core/server/ClientConnection.h"

#include "core/nats/GoQuote.h"
#include "core/server/Authenticator.h"
#include "core/server/Logger.h"
#include "core/server/ServerContext.h"
#include "core/server/TlsHandshake.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QSslCipher>
#include <QSslSocket>

#ifdef Q_OS_WIN
#include <winsock2.h>
#define NATSWS_SHUT_WR SD_SEND
#else
#include <sys/socket.h>
#define NATSWS_SHUT_WR SHUT_WR
#endif

namespace natsws::server {

using nats::CloseReason;

namespace {
// Above this many bytes in the socket's own buffer, stop moving data from the session's queue
// so max_pending (slow consumer) applies to a client that does not read.
constexpr qint64 kSocketHighWater = 1024 * 1024;
constexpr int kDrainMillis = 1000;
constexpr int kCloseFlushMillis = 2000;
} // namespace

void WakeTarget::wake()
{
    QMutexLocker lock(&m_mutex);
    // A typed queued call: no lookup of the method by name on every delivery wake.
    if (ClientConnection *target = m_target)
        QMetaObject::invokeMethod(target, [target] { target->flush(); }, Qt::QueuedConnection);
}

void WakeTarget::attach(ClientConnection *target)
{
    QMutexLocker lock(&m_mutex);
    m_target = target;
}

void WakeTarget::detach()
{
    QMutexLocker lock(&m_mutex);
    m_target = nullptr;
}

// The registry's view of one connection: live while the connection exists, frozen after.
class ConnectionProbeImpl : public monitor::ConnectionProbe {
public:
    explicit ConnectionProbeImpl(ClientConnection *connection) : m_connection(connection) {}

    monitor::ConnectionSnapshot snapshot() const override
    {
        QMutexLocker lock(&m_mutex);
        if (!m_connection)
            return m_final;
        monitor::ConnectionSnapshot s = m_connection->buildSnapshot();
        applyCopied(s);
        return s;
    }

    void requestClose() override
    {
        QMutexLocker lock(&m_mutex);
        if (m_connection)
            QMetaObject::invokeMethod(m_connection, "operatorClose", Qt::QueuedConnection);
    }

    // Owner thread: CONNECT fields and subscriptions change rarely; copy them under the lock.
    void updateFromSession(const nats::ClientSession &session, bool subsChanged)
    {
        QMutexLocker lock(&m_mutex);
        const auto &info = session.connectInfo();
        m_clientName = info.name;
        m_lang = info.lang;
        m_version = info.version;
        // The authenticated name and method only: no credential reaches the monitor.
        const nats::AuthResult &auth = session.authResult();
        m_user = !auth.user.isEmpty() ? auth.user : info.user;
        m_authMethod = nats::authMethodText(auth);
        if (subsChanged)
            m_subscriptions = session.subscriptionSubjects();
    }

    void freeze(const monitor::ConnectionSnapshot &final)
    {
        QMutexLocker lock(&m_mutex);
        m_final = final;
        applyCopied(m_final);
        m_connection = nullptr;
    }

private:
    void applyCopied(monitor::ConnectionSnapshot &s) const
    {
        s.clientName = m_clientName;
        s.lang = m_lang;
        s.version = m_version;
        s.user = m_user;
        s.authMethod = m_authMethod;
        s.subscriptions = m_subscriptions;
    }

    mutable QMutex m_mutex;
    ClientConnection *m_connection;
    monitor::ConnectionSnapshot m_final;
    QString m_clientName, m_lang, m_version, m_user, m_authMethod;
    QStringList m_subscriptions;
};

ClientConnection::ClientConnection(ServerContext &context, monitor::ConnectionKind kind, QObject *parent)
    : QObject(parent), m_context(context), m_kind(kind),
      m_id(context.nextClientId.fetch_add(1)), m_wake(std::make_shared<WakeTarget>()),
      m_probe(std::make_shared<ConnectionProbeImpl>(this))
{
    m_wake->attach(this);
    m_pingTimer.setParent(this);
    m_writeDeadline.setSingleShot(true);
    m_drainTimer.setSingleShot(true);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        if (m_session && !m_closing) {
            m_session->pingTimerFired();
            flush();
        }
    });
    connect(&m_writeDeadline, &QTimer::timeout, this,
            [this] { closeWith(CloseReason::SlowConsumerWriteDeadline); });
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        if (!m_drained)
            halfCloseAndDrain();   // the flush deadline passed: give up on the rest
        else
            finalize();
    });
}

ClientConnection::~ClientConnection()
{
    m_wake->detach();
    if (!m_finalized)
        m_probe->freeze(buildSnapshot());
}

bool ClientConnection::adopt(qintptr descriptor)
{
    const bool webSocket = m_kind == monitor::ConnectionKind::WebSocket;
    const ListenerTls &tls = webSocket ? m_context.wsTls : m_context.tcpTls;
    QSslSocket *sslSocket = tls.enabled ? new QSslSocket(this) : nullptr;
    m_socket = sslSocket ? sslSocket : new QTcpSocket(this);
    if (!m_socket->setSocketDescriptor(descriptor)) {
        logError(QStringLiteral("cannot adopt socket: %1").arg(m_socket->errorString()));
        return false;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_peerIp = m_socket->peerAddress().toString();
    m_peerPort = m_socket->peerPort();
    m_started = QDateTime::currentDateTimeUtc();
    m_lastActivityMs = m_started.toMSecsSinceEpoch();
    if (sslSocket) {
        // Created before the disconnected handler below: a drop during the handshake is a
        // handshake failure first. Reading is connected once encrypted.
        m_tls = new TlsHandshake(*sslSocket, tls, webSocket, this);
        connect(m_tls, &TlsHandshake::established, this, &ClientConnection::onTlsEstablished);
        // Once closing for another reason (handshake_timeout, shutdown), the handshake's own
        // end is no news: the client is recorded once.
        connect(m_tls, &TlsHandshake::failed, this, [this](const QString &detail) {
            if (!m_closing)
                onTlsFailed(detail);
        });
        connect(m_tls, &TlsHandshake::plainHttpRequest, this, [this] {
            if (!m_closing)
                onPlainHttpOnTlsPort();
        });
        connect(sslSocket, &QSslSocket::encryptedBytesWritten, this, &ClientConnection::onBytesWritten);
    } else {
        connect(m_socket, &QTcpSocket::readyRead, this, &ClientConnection::onReadyRead);
    }
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ClientConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_closing)
            finalize();
        else
            onSocketDisconnected();
    });
    return true;
}

QString ClientConnection::peerText() const
{
    return QStringLiteral("%1:%2").arg(m_peerIp).arg(m_peerPort);
}

void ClientConnection::startSession(const nats::ServerIdentity &identity, const nats::SessionLimits &limits)
{
    m_session = std::make_unique<nats::ClientSession>(*m_context.broker, m_id,
                                                      nats::PeerAddress{m_peerIp, m_peerPort},
                                                      identity, limits);
    auto wake = m_wake;
    m_session->outbound().setMaxPending(limits.maxPending);
    m_session->outbound().setWakeHook([wake] { wake->wake(); });
    m_session->setCloseHook([this](CloseReason reason) {
        if (reason == CloseReason::AuthenticationViolation)
            logAuthenticationFailure();
        refreshProbe();   // a refused client is recorded with the user it tried
        closeWith(reason);
    });
    if (m_context.authenticator)
        m_session->setAuthenticator([this](nats::ConnectInfo &connect) { return authenticate(connect); });
    m_session->setLogHook([this](const QString &line) { logClientError(line); });
    m_session->start();
    m_counted = true;
    const int open = m_context.openClients.fetch_add(1) + 1;
    m_context.registry->connectionOpened(m_probe);
    m_registered = true;
    logDebug(QStringLiteral("%1 - cid:%2 - Client connection created").arg(peerText()).arg(m_id));
    if (m_context.options.maxConnections > 0 && open > m_context.options.maxConnections) {
        // nats-server sends INFO first, then refuses: the client sees the reason.
        m_session->outbound().append(QByteArrayLiteral("-ERR 'maximum connections exceeded'\r\n"));
        closeWith(CloseReason::MaxConnectionsExceeded);
        return;
    }
    m_sessionIdentity = identity;   // the timers wait for TLS, as in nats-server
    m_sessionLimits = limits;
    if (!m_tls || m_tls->isEstablished())
        startSessionTimers();
    flush();
}

void ClientConnection::startSessionTimers()
{
    if (m_sessionLimits.pingInterval.count() > 0)
        m_pingTimer.start(m_sessionLimits.pingInterval);
    if (m_sessionIdentity.authRequired && m_sessionLimits.authTimeout.count() > 0) {
        QTimer::singleShot(m_sessionLimits.authTimeout, this, [this] {
            if (m_session && !m_closing) {
                m_session->authTimerFired();
                flush();
            }
        });
    }
}

void ClientConnection::startTls()
{
    if (m_tls && !m_closing)
        m_tls->start();
}

bool ClientConnection::tlsBlocksTraffic() const
{
    return m_tls && m_tls->isStarted() && !m_tls->isEstablished();
}

void ClientConnection::onTlsEstablished()
{
    m_encrypted = true;
    const auto *ssl = static_cast<QSslSocket *>(m_socket);
    logDebug(QStringLiteral("%1 - cid:%2 - TLS handshake complete, %3, cipher suite %4")
                 .arg(peerText()).arg(m_id)
                 .arg(ssl->sessionCipher().protocolString(), ssl->sessionCipher().name()));
    connect(m_socket, &QTcpSocket::readyRead, this, &ClientConnection::onReadyRead);
    if (m_session) {
        startSessionTimers();
        flush();
    }
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();   // application data that came with the handshake's last flight
}

void ClientConnection::onTlsFailed(const QString &detail)
{
    logError(QStringLiteral("%1 - cid:%2 - TLS handshake error: %3").arg(peerText()).arg(m_id).arg(detail));
    closeWith(CloseReason::TLSHandshakeError);
}

qint64 ClientConnection::pendingWireBytes() const
{
    const qint64 plain = m_socket->bytesToWrite();
    return m_tls ? plain + static_cast<QSslSocket *>(m_socket)->encryptedBytesToWrite() : plain;
}

void ClientConnection::onReadyRead()
{
    QByteArray bytes = m_socket->readAll();
    if (m_closing || bytes.isEmpty())
        return;    // draining after our close: discard
    m_wireIn += bytes.size();
    touch();
    handleIncoming(std::move(bytes));
}

void ClientConnection::feedSession(QByteArrayView bytes)
{
    if (!m_session || m_closing)
        return;
    m_session->receive(bytes);
    refreshProbe();
    flush();
}

void ClientConnection::refreshProbe()
{
    const int subs = m_session->subscriptionCount();
    // A no_auth_user admitted without CONNECT counts as connected too.
    const bool connected = m_session->connectInfo().received || m_session->authResult().accepted;
    const bool connectNow = connected && !m_connectSeen;
    if (connectNow || subs != m_lastSubCount) {
        m_connectSeen = connected;
        m_probe->updateFromSession(*m_session, subs != m_lastSubCount);
        m_lastSubCount = subs;
    }
}

void ClientConnection::writeWire(const QByteArray &bytes)
{
    m_wireOut += bytes.size();
    m_socket->write(bytes);
}

void ClientConnection::flush()
{
    if (!m_session || m_closing || m_finalized || tlsBlocksTraffic())
        return;
    if (m_session->applyPendingClose())
        return;    // another thread found this client over max_pending: closed as slow consumer
    if (pendingWireBytes() > kSocketHighWater)
        return;    // resumed from bytesWritten
    QList<QByteArray> chunks = m_session->outbound().takeAll();
    if (chunks.isEmpty())
        return;
    const QList<QByteArray> wire = frameOutgoing(std::move(chunks));
    for (const QByteArray &buffer : wire)
        writeWire(buffer);
    if (pendingWireBytes() > 0 && !m_writeDeadline.isActive()
        && m_context.options.writeDeadline.count() > 0)
        m_writeDeadline.start(m_context.options.writeDeadline);
}

void ClientConnection::onBytesWritten()
{
    if (pendingWireBytes() == 0)
        m_writeDeadline.stop();
    if (m_closing) {
        if (!m_drained && pendingWireBytes() == 0)
            halfCloseAndDrain();
        return;
    }
    flush();
}

void ClientConnection::closeWith(CloseReason reason)
{
    if (m_closing || m_finalized)
        return;
    m_closing = true;
    m_reason = reason;
    m_pingTimer.stop();
    m_writeDeadline.stop();
    if (m_session)
        m_session->close(reason);
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        finalize();
        return;
    }
    if (!nats::closeReasonInfo(reason).skipFlush && !tlsBlocksTraffic()) {
        // Pending data first (e.g. the -ERR), then the transport's goodbye (a Close frame).
        if (m_session) {
            const QList<QByteArray> wire = frameOutgoing(m_session->outbound().takeAll());
            for (const QByteArray &buffer : wire)
                writeWire(buffer);
        }
        const QByteArray tail = closingBytes(reason);
        if (!tail.isEmpty())
            writeWire(tail);
    }
    if (pendingWireBytes() == 0) {
        halfCloseAndDrain();
    } else {
        m_socket->flush();
        m_drainTimer.start(kCloseFlushMillis);
    }
}

void ClientConnection::halfCloseAndDrain()
{
    // Shut down only our sending side so the peer reads everything we sent (the Close frame
    // in particular) before it sees EOF; a full close could turn into a reset and lose it.
    m_drained = true;
    m_socket->flush();
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        ::shutdown(static_cast<int>(m_socket->socketDescriptor()), NATSWS_SHUT_WR);
    m_drainTimer.start(kDrainMillis);
}

void ClientConnection::finishWithoutSession(CloseReason reason)
{
    m_reason = reason;
    if (m_closing)
        return;
    m_closing = true;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        if (pendingWireBytes() == 0)
            halfCloseAndDrain();
        else
            m_drainTimer.start(kCloseFlushMillis);
    } else {
        finalize();
    }
}

void ClientConnection::finalize()
{
    if (m_finalized)
        return;
    m_finalized = true;
    m_pingTimer.stop();
    m_drainTimer.stop();
    m_writeDeadline.stop();
    m_wake->detach();
    if (m_session && !m_session->isClosed())
        m_session->close(m_reason == CloseReason::None ? CloseReason::ClientClosed : m_reason);
    if (m_reason == CloseReason::None)
        m_reason = CloseReason::ClientClosed;
    const monitor::ConnectionSnapshot final = buildSnapshot();
    m_probe->freeze(final);
    if (m_registered) {
        monitor::ClosedConnection record;
        record.connection = m_probe->snapshot();
        record.closedAt = QDateTime::currentDateTimeUtc();
        record.reason = nats::closeReasonText(m_reason);
        record.category = nats::closeCategoryText(nats::closeReasonInfo(m_reason).category);
        fillClosedRecord(record);
        m_context.registry->connectionClosed(record);
        logDebug(QStringLiteral("%1 - cid:%2 - Client connection closed: %3")
                     .arg(peerText()).arg(m_id).arg(record.reason));
    }
    if (m_counted)
        m_context.openClients.fetch_sub(1);
    if (m_socket)
        m_socket->abort();
    emit finished();
}

nats::AuthResult ClientConnection::authenticate(nats::ConnectInfo &connect) const
{
    const bool webSocket = m_kind == monitor::ConnectionKind::WebSocket;
    const CookieFill cookies = connect.received ? applyTransportCredentials(connect) : CookieFill{};
    nats::AuthResult result = m_context.authenticator->authenticate(
        connect, webSocket ? ClientTransport::WebSocket : ClientTransport::Standard);
    result.viaCookie = result.accepted && cookies.supplied(result.method);
    return result;
}

void ClientConnection::logClientError(const QString &message) const
{
    const bool webSocket = m_kind == monitor::ConnectionKind::WebSocket;
    logError(QStringLiteral("%1 - %2:%3 - %4")
                 .arg(peerText(), webSocket ? QStringLiteral("wid") : QStringLiteral("cid"))
                 .arg(m_id).arg(message));
}

void ClientConnection::logAuthenticationFailure() const
{
    // nats-server's line: the user name only when a users list exists, never a secret.
    QString line = QStringLiteral("authentication error");
    if (m_context.authenticator && m_context.authenticator->hasUsers() && m_session)
        line += QStringLiteral(" - User ") + QString::fromUtf8(nats::goQuote(m_session->authResult().user.toUtf8()));
    logClientError(line);
}

void ClientConnection::operatorClose()
{
    closeWith(CloseReason::Kicked);
}

void ClientConnection::shutdownClose()
{
    if (m_session)
        closeWith(CloseReason::ServerShutdown);
    else
        finishWithoutSession(CloseReason::ServerShutdown);
}

void ClientConnection::recordRejection(int httpStatus, const QString &reason, bool originRejected,
                                       const QString &origin, const QString &userAgent,
                                       const QString &path)
{
    monitor::HandshakeRejection record;
    record.at = QDateTime::currentDateTimeUtc();
    record.remoteIp = m_peerIp;
    record.remotePort = m_peerPort;
    record.origin = origin;
    record.userAgent = userAgent;
    record.path = path;
    record.httpStatus = httpStatus;
    record.reason = reason;
    record.originRejected = originRejected;
    m_context.registry->handshakeRejected(record);
}

monitor::ConnectionSnapshot ClientConnection::buildSnapshot() const
{
    monitor::ConnectionSnapshot s;
    s.id = m_id;
    s.kind = m_kind;
    s.remoteIp = m_peerIp;
    s.remotePort = m_peerPort;
    s.started = m_started;
    s.lastActivity = QDateTime::fromMSecsSinceEpoch(m_lastActivityMs.load(), Qt::UTC);
    s.traffic.wireBytesIn = m_wireIn.load();
    s.traffic.wireBytesOut = m_wireOut.load();
    s.tls = m_encrypted.load();
    if (m_session) {
        const auto &c = m_session->counters();
        s.traffic.msgsIn = c.msgsIn.load();
        s.traffic.msgsOut = c.msgsOut.load();
        s.traffic.bytesIn = c.bytesIn.load();
        s.traffic.bytesOut = c.bytesOut.load();
        s.pendingBytes = m_session->outbound().pendingBytes();
        s.subscriptionCount = std::max(0, m_lastSubCount.load());
    }
    fillSnapshot(s);
    return s;
}

} // namespace natsws::server
