#pragma once
// The exact bytes nats-server 2.9.10 puts on the wire for server-originated protocol lines,
// kept in one place so the session and the tests agree on every character.
#include <QByteArray>
#include <QByteArrayView>

namespace natsws::nats::proto {

inline QByteArray ok() { return QByteArrayLiteral("+OK\r\n"); }
inline QByteArray ping() { return QByteArrayLiteral("PING\r\n"); }
inline QByteArray pong() { return QByteArrayLiteral("PONG\r\n"); }

// "-ERR '<text>'\r\n"
inline QByteArray err(QByteArrayView text)
{
    QByteArray line;
    line.reserve(text.size() + 9);
    line.append("-ERR '").append(text).append("'\r\n");
    return line;
}

// -ERR texts. Case and wording are nats-server's (several are lower case because they are
// Go error values sent verbatim).
namespace errtext {
inline constexpr char kUnknownOperation[] = "Unknown Protocol Operation";
inline constexpr char kMaxControlLine[] = "maximum control line exceeded";
inline constexpr char kMaxPayload[] = "Maximum Payload Violation";
inline constexpr char kAuthorizationViolation[] = "Authorization Violation";
inline constexpr char kAuthenticationTimeout[] = "Authentication Timeout";
inline constexpr char kInvalidSubject[] = "Invalid Subject";
inline constexpr char kInvalidPublishSubject[] = "Invalid Publish Subject";
inline constexpr char kMaxSubscriptions[] = "maximum subscriptions exceeded";
inline constexpr char kStaleConnection[] = "Stale Connection";
inline constexpr char kBadClientProtocol[] = "invalid client protocol";
inline constexpr char kNoRespondersRequiresHeaders[] = "no responders requires headers support";
} // namespace errtext

} // namespace natsws::nats::proto
