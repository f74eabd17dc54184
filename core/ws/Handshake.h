#pragma once
// The WebSocket upgrade, socket-free: an incremental HTTP/1.1 request reader, and a pure
// evaluator that runs nats-server's checks in its order and builds the exact response bytes.
#include "core/ws/OriginPolicy.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <utility>

namespace natsws::ws {

struct HttpRequest {
    QByteArray method, target, version;                 // target as sent (path[?query])
    QList<std::pair<QByteArray, QByteArray>> headers;   // names as sent, values trimmed
    QByteArray path() const;                            // target without the query
    QList<QByteArray> values(QByteArrayView name) const; // every line of a header, any case
    QByteArray value(QByteArrayView name) const;         // first line, or empty
    bool has(QByteArrayView name) const;
    // Go's r.Host: the authority of an absolute target, else the Host header.
    QByteArray host() const;
    bool isHttp10() const { return version == "HTTP/1.0"; }
    // Bytes that came after the blank line before the 101 was sent (set by the reader);
    // nats-server refuses such a request ("client sent data before handshake is complete").
    qsizetype pipelinedBytes = 0;
};

class HttpRequestReader {
public:
    enum class Status { NeedMore, Complete, Error };
    explicit HttpRequestReader(int maxHeaderBytes = 64 * 1024);

    Status feed(QByteArrayView data);          // any split of the same bytes gives the same result
    const HttpRequest &request() const { return m_request; }
    // Bytes after the request's blank line; feeding after Complete adds to them (at most
    // maxHeaderBytes are kept, request().pipelinedBytes counts them all).
    QByteArray takeLeftover();
    int errorStatus() const { return m_errorStatus; }     // 400, 431, 505
    const QByteArray &errorReason() const { return m_errorReason; }
    // The bytes Go's net/http answers such a request with, before any handler runs:
    // "HTTP/1.1 400 Bad Request: <detail>" ... "Connection: close", body = status line text.
    QByteArray errorResponse() const;

private:
    Status parse();
    bool processLine(QByteArrayView line);
    bool parseRequestLine(QByteArrayView line);
    bool finishHead();
    bool error(int status, const QByteArray &reason, const QByteArray &publicDetail = {});
    QByteArray m_buffer;
    qsizetype m_pos = 0;            // start of the first unprocessed line in m_buffer
    qsizetype m_scanFrom = 0;       // where the search for the next line end resumes
    qsizetype m_headBytes = 0;      // bytes of the request head consumed so far
    bool m_haveRequestLine = false;
    HttpRequest m_request;
    int m_maxHeaderBytes;
    int m_errorStatus = 0;
    QByteArray m_errorReason;
    QByteArray m_errorDetail;       // the part Go puts after the status text, when it does
    QByteArray m_leftover;
    Status m_status = Status::NeedMore;
};

enum class ClientKind { Client, Leaf, Mqtt };

struct HandshakePolicy {
    bool compression = false;
    bool tls = false;
    bool mqttEnabled = false;
    OriginPolicy origins;
    QList<std::pair<QByteArray, QByteArray>> extraHeaders;   // websocket { headers {} }
    QByteArray jwtCookie, userCookie, passCookie, tokenCookie;
};

struct HandshakeResult {
    bool accepted = false;
    int status = 0;                 // 101 or the HTTP error status
    QByteArray reason;              // nats-server's logged reason ("invalid version", ...)
    QByteArray response;            // exact bytes to write
    ClientKind kind = ClientKind::Client;
    bool compression = false;
    int serverMaxWindowBits = 15;   // the client's server_max_window_bits, when it sent one
    bool noMasking = false;
    bool browser = false;
    bool safari = false;
    bool originRejected = false;
    QString forwardedFor;           // X-Forwarded-For by nats-server's rule, or empty
    QByteArray origin, userAgent;
    QHash<QByteArray, QByteArray> cookies;   // only the configured cookie names, last wins
};

HandshakeResult evaluateHandshake(const HttpRequest &request, const HandshakePolicy &policy);

// permessage-deflate negotiation (RFC 7692 §5, §7.1): the first acceptable offer wins. An
// offer is acceptable unless its server_max_window_bits is malformed or below 9 (zlib's raw
// deflate cannot keep an 8-bit window); a requested window is honoured and echoed.
struct DeflateOffer {
    bool accepted = false;
    int serverMaxWindowBits = 15;
    bool echoWindowBits = false;
};
DeflateOffer negotiatePermessageDeflate(const HttpRequest &request);
// nats-server's wsReturnHTTPError as Go's http.Error writes it (HTTP/1.1, Date = now).
QByteArray httpErrorResponse(int status);
// The same for a given request (HTTP/1.0 status line, Connection echo) at a given time.
QByteArray httpErrorResponse(int status, const HttpRequest &request, const QDateTime &nowUtc);
QByteArray httpStatusText(int status);
QByteArray acceptKey(const QByteArray &clientKey);

} // namespace natsws::ws
