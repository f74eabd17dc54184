#pragma once
// The few rules of Go's net/url, net and net/http that nats-server's handshake depends on,
// reproduced so that natsws accepts, refuses and words errors the same way (origin checks,
// allowed_origins validation, the request target, X-Forwarded-For).
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

namespace natsws::ws::gourl {

struct Url {
    QByteArray scheme;      // lower-cased
    QByteArray host;        // authority without userinfo, %-decoded; may carry ":port"
    QByteArray path;        // as sent (still escaped)
    QByteArray query;
    QByteArray opaque;      // "scheme:rest" without "//"
};

// url.ParseRequestURI. On failure returns nothing and sets *error to Go's text,
// e.g. `parse "foo": invalid URI for request`.
std::optional<Url> parseRequestUri(QByteArrayView raw, QByteArray *error);

struct HostPort {
    QByteArray host, port;
};

// net.SplitHostPort. On failure *error is Go's text (`address a:b:c: too many colons in
// address`) and *missingPort tells the one error callers treat as "use the default port".
std::optional<HostPort> splitHostPort(QByteArrayView hostPort, QByteArray *error, bool *missingPort = nullptr);

// strconv.Quote, enough for error texts: quotes, backslash and control bytes escaped.
QByteArray quote(QByteArrayView text);

// net.ParseIP: a dotted IPv4 or an IPv6 address, nothing around it.
bool isIpAddress(QByteArrayView text);

// strings.Split on one byte (views into text).
QList<QByteArrayView> split(QByteArrayView text, char separator);

// RFC 7230 token (method and header names).
bool isToken(QByteArrayView text);

// httpguts.ValidHostHeader and ValidHeaderFieldValue.
bool isValidHostHeader(QByteArrayView text);
bool isValidHeaderValue(QByteArrayView text);

} // namespace natsws::ws::gourl
