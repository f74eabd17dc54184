#pragma once
// What a client sent first on a TLS port, judged from the 5-byte record header the way Go's
// crypto/tls and net/http judge it (nats-server's behaviour): a TLS client starts with a
// handshake (or alert) record; anything else is refused, and a plain HTTP request on the
// WebSocket port gets a 400 in clear text instead of a silent close. Socket-free.
#include <QByteArray>
#include <QByteArrayView>

namespace natsws::server {

enum class FirstRecord {
    NeedMore,      // fewer than 5 bytes so far
    Tls,           // looks like TLS: start the handshake on these bytes
    PlainHttp,     // "GET /", "POST " ...: answer plainHttpOnTlsResponse() and close
    NotTls,        // anything else: a handshake failure
};

inline constexpr int kTlsRecordHeaderSize = 5;

FirstRecord classifyFirstRecord(QByteArrayView firstBytes);

// Go net/http's answer to plain HTTP on an HTTPS port, byte for byte.
QByteArray plainHttpOnTlsResponse();

// The handshake error text for FirstRecord::NotTls, as Go's crypto/tls words it.
QByteArray notTlsErrorText();

} // namespace natsws::server
