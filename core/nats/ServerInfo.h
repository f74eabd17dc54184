#pragma once
// What a session needs to know about the server it belongs to; filled by core/server from Options.
#include <QByteArray>
#include <QString>
#include <chrono>

namespace natsws::nats {

struct SessionLimits {
    qint64 maxPayload = 1024 * 1024;          // max_payload
    int maxControlLine = 4096;                // max_control_line
    int maxSubscriptions = 0;                 // max_subs, 0 = unlimited
    qint64 maxPending = 64 * 1024 * 1024;     // max_pending (slow consumer)
    std::chrono::milliseconds pingInterval{std::chrono::minutes(2)};
    int maxPingsOut = 2;                      // ping_max
    std::chrono::milliseconds authTimeout{std::chrono::seconds(2)};
};

// The fixed part of INFO; the session adds client_id, client_ip and per-listener fields.
struct ServerIdentity {
    QString serverId;      // 56 chars, nats-server style ('N' + base32 of a random key)
    QString serverName;
    QString version;
    QString goVersion = QStringLiteral("natsws/qt"); // field expected by some clients
    QString host;          // the listener's host and port (TCP or WS, per kind)
    int port = 0;
    bool authRequired = false;
    bool tlsRequired = false;
    bool tlsVerify = false;    // the listener requires a client certificate
    bool tlsAvailable = false;
    bool headers = true;
};

} // namespace natsws::nats
