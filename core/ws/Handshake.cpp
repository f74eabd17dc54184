// The upgrade decision of nats-server's wsUpgrade, in its order, and the exact bytes it answers.
#include "core/ws/Handshake.h"

#include "core/ws/GoUrl.h"

#include <QCryptographicHash>
#include <QLocale>

namespace natsws::ws {

namespace {

constexpr QByteArrayView kWebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr QByteArrayView kPermessageDeflate = "permessage-deflate";
constexpr QByteArrayView kDeflateAnswer =
    "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n";

QByteArrayView trimSpaceTab(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// True when any line of the header holds `token` in its comma-separated list, any case.
bool headerHasToken(const HttpRequest &request, QByteArrayView name, QByteArrayView token)
{
    for (const QByteArray &line : request.values(name)) {
        for (QByteArrayView item : gourl::split(line, ',')) {
            if (trimSpaceTab(item).compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

DeflateOffer negotiatePermessageDeflate(const HttpRequest &request)
{
    // Like nats-server, an offer is any element list containing permessage-deflate; unlike it,
    // server_max_window_bits is honoured (a strict RFC 7692 client rejects an answer without it).
    for (const QByteArray &line : request.values("Sec-WebSocket-Extensions")) {
        for (QByteArrayView offer : gourl::split(line, ',')) {
            bool isDeflate = false;
            bool acceptable = true;
            DeflateOffer answer;
            for (QByteArrayView element : gourl::split(offer, ';')) {
                element = trimSpaceTab(element);
                if (element.compare(kPermessageDeflate, Qt::CaseInsensitive) == 0) {
                    isDeflate = true;
                    continue;
                }
                const qsizetype eq = element.indexOf('=');
                const QByteArrayView name = trimSpaceTab(eq < 0 ? element : element.first(eq));
                if (name.compare("server_max_window_bits", Qt::CaseInsensitive) != 0)
                    continue;
                QByteArrayView value = eq < 0 ? QByteArrayView() : trimSpaceTab(element.sliced(eq + 1));
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                    value = value.sliced(1, value.size() - 2);
                bool ok = false;
                const int bits = value.toByteArray().toInt(&ok);
                if (!ok || bits < 9 || bits > 15 || value.size() > 2) {
                    acceptable = false;
                    continue;
                }
                answer.serverMaxWindowBits = bits;
                answer.echoWindowBits = true;
            }
            if (isDeflate && acceptable) {
                answer.accepted = true;
                return answer;
            }
        }
    }
    return {};
}

namespace {

// Go's base64.StdEncoding: padded, standard alphabet only.
bool isPaddedBase64(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            ++padding;
            continue;
        }
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                              || c == '+' || c == '/';
        if (!alphabet || padding > 0)
            return false;
    }
    return padding <= 2;
}

bool isValidClientKey(const QByteArray &key)
{
    return isPaddedBase64(key) && QByteArray::fromBase64(key).size() == 16;
}

ClientKind kindForPath(const QByteArray &path)
{
    if (path.endsWith("/leafnode"))
        return ClientKind::Leaf;
    if (path.endsWith("/mqtt"))
        return ClientKind::Mqtt;
    return ClientKind::Client;
}

// net/http cookie rules: "name=value" pairs split on ';', a token name, a value of
// cookie-octets, optionally in double quotes; anything else is skipped.
bool isCookieValueByte(char c)
{
    return uchar(c) > 0x20 && uchar(c) < 0x7F && c != '"' && c != ';' && c != '\\';
}

QHash<QByteArray, QByteArray> configuredCookies(const HttpRequest &request, const HandshakePolicy &policy)
{
    // The same if/else order as nats-server: a name configured twice fills the first slot.
    const QByteArray names[] = {policy.jwtCookie, policy.userCookie, policy.passCookie, policy.tokenCookie};
    QHash<QByteArray, QByteArray> found;
    for (const QByteArray &line : request.values("Cookie")) {
        for (QByteArrayView part : gourl::split(line, ';')) {
            part = trimSpaceTab(part);
            if (part.isEmpty())
                continue;
            const qsizetype equals = part.indexOf('=');
            const QByteArrayView name = equals < 0 ? part : part.first(equals);
            QByteArrayView value = equals < 0 ? QByteArrayView() : part.sliced(equals + 1);
            if (!gourl::isToken(name))
                continue;
            if (value.size() > 1 && value.front() == '"' && value.back() == '"')
                value = value.sliced(1, value.size() - 2);
            bool valid = true;
            for (char c : value)
                valid = valid && isCookieValueByte(c);
            if (!valid)
                continue;
            for (const QByteArray &configured : names) {
                if (!configured.isEmpty() && name == configured) {
                    found.insert(configured, value.toByteArray());
                    break;
                }
            }
        }
    }
    return found;
}

HandshakeResult refuse(HandshakeResult result, int status, const QByteArray &reason, const HttpRequest &request)
{
    result.accepted = false;
    result.status = status;
    result.reason = reason;
    result.response = httpErrorResponse(status, request, QDateTime::currentDateTimeUtc());
    return result;
}

QByteArray httpDate(const QDateTime &nowUtc)
{
    return QLocale::c().toString(nowUtc.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

} // namespace

QByteArray httpStatusText(int status)
{
    switch (status) {
    case 101: return QByteArrayLiteral("Switching Protocols");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 413: return QByteArrayLiteral("Request Entity Too Large");
    case 426: return QByteArrayLiteral("Upgrade Required");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return {};
    }
}

QByteArray httpErrorResponse(int status)
{
    return httpErrorResponse(status, HttpRequest{}, QDateTime::currentDateTimeUtc());
}

QByteArray httpErrorResponse(int status, const HttpRequest &request, const QDateTime &nowUtc)
{
    // http.Error: the status text and "\n" as body; headers in Go's sorted order, then the
    // Date and Content-Length it adds, then its keep-alive answer to the request.
    const QByteArray body = httpStatusText(status) + '\n';
    QByteArray out = request.isHttp10() ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += QByteArray::number(status) + ' ' + httpStatusText(status) + "\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n"
           "Sec-Websocket-Version: 13\r\n"
           "X-Content-Type-Options: nosniff\r\n";
    out += "Date: " + httpDate(nowUtc) + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (request.isHttp10() && headerHasToken(request, "Connection", "keep-alive"))
        out += "Connection: keep-alive\r\n";
    else if (!request.isHttp10() && headerHasToken(request, "Connection", "close"))
        out += "Connection: close\r\n";
    out += "\r\n" + body;
    return out;
}

QByteArray acceptKey(const QByteArray &clientKey)
{
    return QCryptographicHash::hash(clientKey + kWebSocketGuid.toByteArray(), QCryptographicHash::Sha1).toBase64();
}

HandshakeResult evaluateHandshake(const HttpRequest &request, const HandshakePolicy &policy)
{
    HandshakeResult result;
    result.kind = kindForPath(request.path());
    result.userAgent = request.value("User-Agent");
    result.origin = request.value("Origin");
    if (result.origin.isEmpty())
        result.origin = request.value("Sec-WebSocket-Origin");

    if (result.kind == ClientKind::Mqtt && !policy.mqttEnabled)
        return refuse(result, 404, QByteArrayLiteral("mqtt websocket endpoint not enabled"), request);
    if (request.method != "GET")
        return refuse(result, 405, QByteArrayLiteral("request method must be GET"), request);
    const QByteArray host = request.host();
    if (host.isEmpty())
        return refuse(result, 400, QByteArrayLiteral("'Host' missing in request"), request);
    if (!headerHasToken(request, "Upgrade", "websocket"))
        return refuse(result, 400, QByteArrayLiteral("invalid value for header 'Upgrade'"), request);
    if (!headerHasToken(request, "Connection", "Upgrade"))
        return refuse(result, 400, QByteArrayLiteral("invalid value for header 'Connection'"), request);
    const QByteArray key = request.value("Sec-WebSocket-Key");
    if (key.isEmpty())
        return refuse(result, 400, QByteArrayLiteral("key missing"), request);
    if (!isValidClientKey(key))
        return refuse(result, 400, QByteArrayLiteral("invalid websocket key"), request);
    if (!headerHasToken(request, "Sec-WebSocket-Version", "13"))
        return refuse(result, 400, QByteArrayLiteral("invalid version"), request);
    if (const QByteArray detail = policy.origins.check(result.origin, host, policy.tls); !detail.isEmpty()) {
        result.originRejected = true;
        return refuse(result, 403, "origin not allowed: " + detail, request);
    }
    const DeflateOffer deflate = policy.compression ? negotiatePermessageDeflate(request) : DeflateOffer{};
    result.compression = deflate.accepted;
    result.serverMaxWindowBits = deflate.serverMaxWindowBits;
    result.noMasking = request.value("Nats-No-Masking") == "true";
    if (request.pipelinedBytes > 0) {
        // nats-server finds these bytes after hijacking and closes without a response.
        result = refuse(result, 400, QByteArrayLiteral("client sent data before handshake is complete"), request);
        result.response.clear();
        return result;
    }

    result.accepted = true;
    result.status = 101;
    QByteArray &out = result.response;
    out = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n";
    if (result.compression) {
        out += kDeflateAnswer.chopped(2);
        if (deflate.echoWindowBits)
            out += "; server_max_window_bits=" + QByteArray::number(deflate.serverMaxWindowBits);
        out += "\r\n";
    }
    if (result.noMasking)
        out += "Nats-No-Masking: true\r\n";
    if (result.kind == ClientKind::Mqtt)
        out += "Sec-Websocket-Protocol: mqtt\r\n";
    for (const auto &[name, value] : policy.extraHeaders) {
        if (!name.isEmpty() && !value.isEmpty())
            out += name + ": " + value + "\r\n";
    }
    out += "\r\n";

    // Only the first X-Forwarded-For line, and only when all of it is one IP address.
    const QList<QByteArray> forwarded = request.values("X-Forwarded-For");
    if (!forwarded.isEmpty() && gourl::isIpAddress(forwarded.first()))
        result.forwardedFor = QString::fromLatin1(forwarded.first());

    if (result.kind == ClientKind::Client || result.kind == ClientKind::Mqtt) {
        result.browser = result.userAgent.startsWith("Mozilla/");
        // Real Safari says "Version/" and "Safari/"; Chrome on macOS only "Safari/".
        result.safari = result.browser && result.compression && result.userAgent.contains("Version/")
                        && result.userAgent.contains("Safari/");
        result.cookies = configuredCookies(request, policy);
    }
    return result;
}

} // namespace natsws::ws
