#pragma once
// The server side of TLS on one accepted QSslSocket: waits for the client's first record
// header (peeked, not read, so the TLS engine still gets it), refuses what is not TLS,
// starts encryption and bounds all of it with the tls timeout. Reports exactly one outcome.
#include "core/server/TlsSetup.h"

#include <QObject>
#include <QSslSocket>
#include <QTimer>

namespace natsws::server {

class TlsHandshake : public QObject {
    Q_OBJECT
public:
    // `answerPlainHttp`: the WebSocket listener answers a plain HTTP request with Go's 400
    // (its HTTP server does); the NATS listener treats it as any other non-TLS bytes.
    TlsHandshake(QSslSocket &socket, const ListenerTls &tls, bool answerPlainHttp,
                 QObject *parent = nullptr);

    void start();                       // arms the timeout; looks at bytes already there
    bool isStarted() const { return m_phase != Phase::Idle; }
    bool isEstablished() const { return m_phase == Phase::Established; }
    bool isPending() const { return m_phase != Phase::Established && m_phase != Phase::Done; }

Q_SIGNALS:
    void established();
    void plainHttpRequest();            // answer plainHttpOnTlsResponse() in clear, then close
    void failed(const QString &detail); // nothing written; the caller closes

private:
    enum class Phase { Idle, WaitingForRecord, Handshaking, Established, Done };
    void inspectFirstRecord();
    void fail(const QString &detail);

    QSslSocket &m_socket;
    QSslConfiguration m_configuration;
    bool m_answerPlainHttp;
    Phase m_phase = Phase::Idle;
    QTimer m_timeout;
};

} // namespace natsws::server
