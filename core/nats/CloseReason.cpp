#include "core/nats/CloseReason.h"

#include <array>

namespace natsws::nats {
namespace {
using C = CloseCategory;
// Index = enum value. Statuses follow nats-server's newest release (1001 for read/write/stale;
// 2.9.10 used 1006, which RFC 6455 forbids on the wire). 1015 is listed for TLS but never sent
// because that reason skips the flush.
constexpr std::array<CloseReasonInfo, static_cast<size_t>(CloseReason::Count)> kTable{{
    {"", 1000, false, C::Normal},
    {"Client Closed", 1000, false, C::Normal},
    {"Authentication Timeout", 1008, false, C::Auth},
    {"Authentication Failure", 1008, false, C::Auth},
    {"TLS Handshake Failure", 1015, true, C::Network},
    {"Slow Consumer (Pending Bytes)", 1008, true, C::Limits},
    {"Slow Consumer (Write Deadline)", 1008, true, C::Limits},
    {"Write Error", 1001, true, C::Network},
    {"Read Error", 1001, true, C::Network},
    {"Parse Error", 1002, false, C::Protocol},
    {"Stale Connection", 1001, false, C::Network},
    {"Protocol Violation", 1002, false, C::Protocol},
    {"Bad Client Protocol Version", 1002, false, C::Protocol},
    {"Incorrect Port", 1011, false, C::Client},
    {"Maximum Account Connections Exceeded", 1008, false, C::Limits},
    {"Maximum Connections Exceeded", 1008, false, C::Limits},
    {"Maximum Message Payload Exceeded", 1009, false, C::Limits},
    {"Maximum Control Line Exceeded", 1008, false, C::Limits},
    {"Maximum Subscriptions Exceeded", 1008, false, C::Limits},
    {"Server Shutdown", 1001, false, C::Server},
    {"Authentication Expired", 1008, false, C::Auth},
    {"Missing Account", 1008, false, C::Auth},
    {"Credentials Revoked", 1008, false, C::Auth},
    {"Message Header Violation", 1011, false, C::Protocol},
    {"No Responders Requires Headers", 1011, false, C::Protocol},
    {"Duplicate Client ID", 1011, false, C::Client},
    {"Kicked", 1011, false, C::Server},
    {"Handshake Failed", 0, true, C::Handshake},
    {"Handshake Timeout", 0, true, C::Handshake},
    {"Unsupported Client Kind", 0, true, C::Handshake},
}};
} // namespace

const CloseReasonInfo &closeReasonInfo(CloseReason reason)
{
    const auto index = static_cast<size_t>(reason);
    return index < kTable.size() ? kTable[index] : kTable[0];
}

QString closeReasonText(CloseReason reason)
{
    return QString::fromLatin1(closeReasonInfo(reason).text);
}

QString closeCategoryText(CloseCategory category)
{
    switch (category) {
    case C::Normal: return QStringLiteral("normal");
    case C::Client: return QStringLiteral("client");
    case C::Auth: return QStringLiteral("auth");
    case C::Limits: return QStringLiteral("limits");
    case C::Protocol: return QStringLiteral("protocol");
    case C::Network: return QStringLiteral("network");
    case C::Server: return QStringLiteral("server");
    case C::Handshake: return QStringLiteral("handshake");
    }
    return QStringLiteral("unknown");
}

} // namespace natsws::nats
