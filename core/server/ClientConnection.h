#pragma once
// One accepted socket on a worker thread: owns the socket and the NATS session, moves bytes
// between them, and runs the close sequence. Subclasses add the transport's framing
// (plain TCP, or the WebSocket upgrade and frames).
#include "core/monitor/ConnectionRegistry.h"
#include "core/nats/ClientSession.h"
#include "core/server/CredentialCookies.h"

#include <QDateTime>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <atomic>
#include <memory>

namespace natsws::server {

struct ServerContext;
class ConnectionProbeImpl;
class ClientConnection;
class TlsHandshake;

// Lets other threads post a flush to a connection that may be gone by then.
class WakeTarget {
public:
    void wake();
    void attach(ClientConnection *target);
    void detach();
private:
    QMutex m_mutex;
    ClientConnection *m_target = nullptr;
};

class ClientConnection : public QObject {
    Q_OBJECT
public:
    ClientConnection(ServerContext &context, monitor::ConnectionKind kind, QObject *parent = nullptr);
    ~ClientConnection() override;

    bool adopt(qintptr descriptor);
    quint64 id() const { return m_id; }

    // Server-side close with a NATS reason: -ERR is the session's job; this sends what the
    // transport sends (a WebSocket Close frame), flushes, shuts down and records.
    void closeWith(nats::CloseReason reason);

    Q_INVOKABLE void flush();
    Q_INVOKABLE void operatorClose();
    Q_INVOKABLE void shutdownClose();

Q_SIGNALS:
    void finished();

protected:
    // Transport hooks.
    virtual void handleIncoming(QByteArray bytes) = 0;
    virtual QList<QByteArray> frameOutgoing(QList<QByteArray> chunks) { return chunks; }
    virtual QByteArray closingBytes(nats::CloseReason) { return {}; }   // e.g. a Close frame
    virtual void fillSnapshot(monitor::ConnectionSnapshot &) const {}
    virtual void fillClosedRecord(monitor::ClosedConnection &) const {}
    virtual void onSocketDisconnected() { closeWith(nats::CloseReason::ClientClosed); }
    // Credentials the transport carries outside CONNECT (WebSocket cookies): fills only the
    // fields the client left empty, before the authenticator runs.
    virtual CookieFill applyTransportCredentials(nats::ConnectInfo &) const { return {}; }
    // TLS listeners: the handshake failed or timed out (nothing written; the default closes
    // the session with TLSHandshakeError), or plain HTTP arrived (WebSocket port only).
    virtual void onTlsFailed(const QString &detail);
    virtual void onPlainHttpOnTlsPort() {}

    // On a TLS listener, reading starts only once encrypted; call when the first thing the
    // client may send is the TLS handshake (the NATS port sends INFO in clear before it).
    void startTls();

    void startSession(const nats::ServerIdentity &identity, const nats::SessionLimits &limits);
    void feedSession(QByteArrayView bytes);
    void writeWire(const QByteArray &bytes);
    void recordRejection(int httpStatus, const QString &reason, bool originRejected,
                         const QString &origin, const QString &userAgent, const QString &path);
    void finishWithoutSession(nats::CloseReason reason);   // handshake failures: no NATS client
    bool isClosing() const { return m_closing; }
    nats::ClientSession *session() const { return m_session.get(); }
    QTcpSocket *socket() const { return m_socket; }
    ServerContext &context() const { return m_context; }
    QString peerText() const;
    void touch() { m_lastActivityMs = QDateTime::currentMSecsSinceEpoch(); }
    void refreshProbe();     // after session input: CONNECT fields and subscriptions to the monitor

private:
    friend class ConnectionProbeImpl;
    void onReadyRead();
    void onBytesWritten();
    void onTlsEstablished();
    void startSessionTimers();
    bool tlsBlocksTraffic() const;
    qint64 pendingWireBytes() const;   // plain bytes not yet encrypted + encrypted not yet sent
    void halfCloseAndDrain();
    void finalize();
    monitor::ConnectionSnapshot buildSnapshot() const;
    nats::AuthResult authenticate(nats::ConnectInfo &connect) const;
    void logClientError(const QString &message) const;   // "<ip:port> - cid:<n> - message"
    void logAuthenticationFailure() const;

    ServerContext &m_context;
    monitor::ConnectionKind m_kind;
    quint64 m_id;
    QTcpSocket *m_socket = nullptr;
    TlsHandshake *m_tls = nullptr;      // only on TLS listeners
    std::unique_ptr<nats::ClientSession> m_session;
    nats::ServerIdentity m_sessionIdentity;   // kept for the timers that wait for TLS
    nats::SessionLimits m_sessionLimits;
    std::shared_ptr<WakeTarget> m_wake;
    std::shared_ptr<ConnectionProbeImpl> m_probe;
    QTimer m_pingTimer, m_writeDeadline, m_drainTimer;
    QString m_peerIp;
    int m_peerPort = 0;
    QDateTime m_started;
    // Read by the monitor from other threads.
    std::atomic<qint64> m_lastActivityMs{0};
    std::atomic<qint64> m_wireIn{0}, m_wireOut{0};
    std::atomic<int> m_lastSubCount{-1};
    std::atomic<bool> m_encrypted{false};
    nats::CloseReason m_reason = nats::CloseReason::None;
    bool m_closing = false, m_drained = false, m_finalized = false, m_counted = false;
    bool m_registered = false, m_connectSeen = false;
};

} // namespace natsws::server
