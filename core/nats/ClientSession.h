#pragma once
// One NATS client's protocol state, socket-free: bytes in (already unframed for WebSocket),
// bytes out through the OutboundQueue. The same class serves TCP and WebSocket clients.
//
// Threading: receive(), start(), pingTimerFired(), close() run on the owner (connection) thread.
// Other threads only deliver messages into this client, through the broker and the outlet.
#include "core/nats/AuthResult.h"
#include "core/nats/CloseReason.h"
#include "core/nats/OutboundQueue.h"
#include "core/nats/ServerInfo.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>

namespace natsws::nats {

class Broker;
class ClientOutlet;

// The CONNECT fields a client sent (credentials are kept only for the auth check).
struct ConnectInfo {
    bool received = false;
    bool verbose = true;       // nats-server's default for a bare CONNECT {}
    bool pedantic = true;      // likewise: nats-server's default ClientOpts has pedantic on
    bool echo = true;
    bool headers = false;
    bool noResponders = false;
    int protocol = 0;
    QString name, lang, version;
    QString user;              // shown in the UI
    QString pass, authToken, jwt; // secrets: never logged, shown or exported
};

// Counters the monitor reads from any thread.
struct SessionCounters {
    std::atomic<qint64> msgsIn{0}, bytesIn{0}, msgsOut{0}, bytesOut{0};
};

struct PeerAddress {
    QString ip;
    int port = 0;
};

// Decides a client's credentials; may fill CONNECT fields the transport carries elsewhere
// (WebSocket cookies). Called for every CONNECT, and with a ConnectInfo whose `received` is
// false when a client that must authenticate sends another operation first (nats-server
// then admits its no_auth_user).
using Authenticator = std::function<AuthResult(ConnectInfo &)>;

class ClientSession {
public:
    ClientSession(Broker &broker, quint64 clientId, PeerAddress peer, ServerIdentity identity,
                  SessionLimits limits);
    ~ClientSession();
    ClientSession(const ClientSession &) = delete;
    ClientSession &operator=(const ClientSession &) = delete;

    // Called when the session closes itself (fatal -ERR, stale, slow consumer, ...). The
    // connection then flushes what is queued and closes the transport.
    void setCloseHook(std::function<void(CloseReason)> hook);
    void setAuthenticator(Authenticator auth);
    // Error lines nats-server logs for this client (permission violations), without the
    // "<ip:port> - cid:<n> - " prefix.
    void setLogHook(std::function<void(const QString &)> hook);

    void start();                         // queues INFO
    void receive(QByteArrayView data);    // parse and act; stops after a fatal error
    void pingTimerFired();                // sends PING, skips it (client active), or closes Stale
    bool close(CloseReason reason);       // idempotent; unsubscribes everything; no close hook

    // The auth timer expired (limits.authTimeout, armed when identity.authRequired): with no
    // CONNECT yet, queues -ERR 'Authentication Timeout' and closes. Otherwise does nothing.
    void authTimerFired();
    // Call on the owner thread when the outbound wake hook fired, before flushing: a
    // delivering thread may have marked this client a slow consumer (max_pending exceeded);
    // this closes it (SlowConsumerPendingBytes, no -ERR, like nats-server) and calls the
    // close hook. receive() and pingTimerFired() do it too. Returns isClosed().
    bool applyPendingClose();

    OutboundQueue &outbound();
    bool isClosed() const;
    CloseReason closeReason() const;
    quint64 clientId() const;
    const ConnectInfo &connectInfo() const;
    // The latest authentication decision (owner thread); not accepted before the first one.
    const AuthResult &authResult() const;
    // nats-server's label for log lines: User "<name>", or User "N/A".
    QString authUserLabel() const;
    const SessionCounters &counters() const;
    int subscriptionCount() const;
    QStringList subscriptionSubjects() const;   // "subject [queue]" per subscription

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace natsws::nats
