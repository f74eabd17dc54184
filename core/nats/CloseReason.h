#pragma once
// Why a connection ended: one enum, one table (nats-server's monitor texts, the WebSocket status
// a server-side close sends, and a coarse category for charts). See docs/compatibility.md.
#include <QByteArray>
#include <QString>
#include <cstdint>

namespace natsws::nats {

enum class CloseReason : std::uint8_t {
    None = 0,
    ClientClosed,
    AuthenticationTimeout,
    AuthenticationViolation,
    TLSHandshakeError,
    SlowConsumerPendingBytes,
    SlowConsumerWriteDeadline,
    WriteError,
    ReadError,
    ParseError,
    StaleConnection,
    ProtocolViolation,
    BadClientProtocolVersion,
    WrongPort,
    MaxAccountConnectionsExceeded,
    MaxConnectionsExceeded,
    MaxPayloadExceeded,
    MaxControlLineExceeded,
    MaxSubscriptionsExceeded,
    ServerShutdown,
    AuthenticationExpired,
    MissingAccount,
    Revocation,
    MsgHeaderViolation,
    NoRespondersRequiresHeaders,
    DuplicateClientID,
    Kicked,
    HandshakeFailed,   // natsws: the WebSocket upgrade was refused (never reached NATS)
    HandshakeTimeout,  // natsws: no complete upgrade request within handshake_timeout
    UnsupportedKind,   // natsws: /leafnode or /mqtt, not implemented
    Count
};

enum class CloseCategory : std::uint8_t { Normal, Client, Auth, Limits, Protocol, Network, Server, Handshake };

struct CloseReasonInfo {
    const char *text;           // nats-server's String() of the ClosedState
    std::uint16_t wsStatus;     // status of the Close frame a server-side close queues
    bool skipFlush;             // nats-server queues no Close frame and skips the final flush
    CloseCategory category;
};

const CloseReasonInfo &closeReasonInfo(CloseReason reason);
QString closeReasonText(CloseReason reason);
QString closeCategoryText(CloseCategory category);

} // namespace natsws::nats
