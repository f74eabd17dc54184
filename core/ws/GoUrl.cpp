#include "core/ws/GoUrl.h"

namespace natsws::ws::gourl {

namespace {

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

bool isControl(char c)
{
    return uchar(c) < 0x20 || uchar(c) == 0x7F;
}

QByteArray parseError(QByteArrayView raw, const QByteArray &why)
{
    return "parse " + quote(raw) + ": " + why;
}

// ASCII bytes a host may hold unescaped (Go's shouldEscape in host mode).
bool isHostByte(char c)
{
    return isAlnum(c) || QByteArrayView("!$&'()*+,;=:[]<>\"-_.~").contains(c);
}

enum class EscapeMode { Path, Host };

// Go's unescape: validates %-escapes (and host bytes) and decodes.
std::optional<QByteArray> unescape(QByteArrayView s, EscapeMode mode, QByteArray *error)
{
    QByteArray out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
                *error = "invalid URL escape " + quote(s.sliced(i).first(std::min<qsizetype>(3, s.size() - i)));
                return std::nullopt;
            }
            // In a host, %-escapes are only for non-ASCII bytes (and %25 in IPv6 zones).
            if (mode == EscapeMode::Host && hexValue(s[i + 1]) < 8 && s.sliced(i, 3) != "%25") {
                *error = "invalid URL escape " + quote(s.sliced(i, 3));
                return std::nullopt;
            }
            out.append(char(hexValue(s[i + 1]) << 4 | hexValue(s[i + 2])));
            i += 3;
            continue;
        }
        if (mode == EscapeMode::Host && uchar(c) < 0x80 && !isHostByte(c)) {
            *error = "invalid character " + quote(s.sliced(i, 1)) + " in host name";
            return std::nullopt;
        }
        out.append(c);
        ++i;
    }
    return out;
}

bool isValidOptionalPort(QByteArrayView colonPort)
{
    if (colonPort.isEmpty())
        return true;
    if (colonPort[0] != ':')
        return false;
    for (char c : colonPort.sliced(1)) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

std::optional<QByteArray> parseHost(QByteArrayView host, QByteArray *error)
{
    if (host.startsWith('[')) {
        const qsizetype close = host.lastIndexOf(']');
        if (close < 0) {
            *error = QByteArrayLiteral("missing ']' in host");
            return std::nullopt;
        }
        const QByteArrayView colonPort = host.sliced(close + 1);
        if (!isValidOptionalPort(colonPort)) {
            *error = "invalid port " + quote(colonPort) + " after host";
            return std::nullopt;
        }
    } else if (const qsizetype colon = host.lastIndexOf(':'); colon >= 0) {
        const QByteArrayView colonPort = host.sliced(colon);
        if (!isValidOptionalPort(colonPort)) {
            *error = "invalid port " + quote(colonPort) + " after host";
            return std::nullopt;
        }
    }
    return unescape(host, EscapeMode::Host, error);
}

bool isUserinfoByte(char c)
{
    return isAlnum(c) || QByteArrayView("-._:~!$&'()*+,;=%@").contains(c);
}

} // namespace

QByteArray quote(QByteArrayView text)
{
    const bool utf8 = text.isValidUtf8();
    QByteArray out = "\"";
    for (char c : text) {
        const uchar u = uchar(c);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        if (u < 0x20 || u == 0x7F || (u >= 0x80 && !utf8)) {
            static const char digits[] = "0123456789abcdef";
            out += "\\x";
            out += digits[u >> 4];
            out += digits[u & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::optional<Url> parseRequestUri(QByteArrayView raw, QByteArray *error)
{
    QByteArray why;
    auto failed = [&](const QByteArray &reason) -> std::optional<Url> {
        if (error)
            *error = parseError(raw, reason);
        return std::nullopt;
    };
    for (char c : raw) {
        if (isControl(c))
            return failed(QByteArrayLiteral("net/url: invalid control character in URL"));
    }
    if (raw.isEmpty())
        return failed(QByteArrayLiteral("empty url"));
    Url url;
    if (raw == "*") {
        url.path = "*";
        return url;
    }

    // A scheme is letters first, then letters, digits, + - . up to the first ':'.
    QByteArrayView rest = raw;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            continue;
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (i == 0)
                break;
            continue;
        }
        if (c == ':') {
            if (i == 0)
                return failed(QByteArrayLiteral("missing protocol scheme"));
            url.scheme = raw.first(i).toByteArray().toLower();
            rest = raw.sliced(i + 1);
        }
        break;
    }

    if (rest.endsWith('?') && rest.count('?') == 1) {
        rest.chop(1);
    } else if (const qsizetype q = rest.indexOf('?'); q >= 0) {
        url.query = rest.sliced(q + 1).toByteArray();
        rest = rest.first(q);
    }

    if (!rest.startsWith('/')) {
        if (!url.scheme.isEmpty()) {
            url.opaque = rest.toByteArray();
            return url;
        }
        return failed(QByteArrayLiteral("invalid URI for request"));
    }

    if (!url.scheme.isEmpty() && rest.startsWith("//")) {
        QByteArrayView authority = rest.sliced(2);
        rest = {};
        if (const qsizetype slash = authority.indexOf('/'); slash >= 0) {
            rest = authority.sliced(slash);
            authority = authority.first(slash);
        }
        const qsizetype at = authority.lastIndexOf('@');
        const std::optional<QByteArray> host = parseHost(at < 0 ? authority : authority.sliced(at + 1), &why);
        if (!host)
            return failed(why);
        if (at >= 0) {
            for (char c : authority.first(at)) {
                if (!isUserinfoByte(c))
                    return failed(QByteArrayLiteral("net/url: invalid userinfo"));
            }
        }
        url.host = *host;
    }

    if (!unescape(rest, EscapeMode::Path, &why))
        return failed(why);
    url.path = rest.toByteArray();
    return url;
}

std::optional<HostPort> splitHostPort(QByteArrayView hostPort, QByteArray *error, bool *missingPort)
{
    if (missingPort)
        *missingPort = false;
    auto failed = [&](const char *why, bool isMissingPort = false) -> std::optional<HostPort> {
        if (error)
            *error = "address " + hostPort.toByteArray() + ": " + why;
        if (missingPort)
            *missingPort = isMissingPort;
        return std::nullopt;
    };
    const qsizetype lastColon = hostPort.lastIndexOf(':');
    if (lastColon < 0)
        return failed("missing port in address", true);

    HostPort result;
    qsizetype noOpenFrom = 0, noCloseFrom = 0;
    if (hostPort.startsWith('[')) {
        const qsizetype end = hostPort.indexOf(']');
        if (end < 0)
            return failed("missing ']' in address");
        if (end + 1 == hostPort.size())
            return failed("missing port in address", true);
        if (end + 1 != lastColon) {
            if (hostPort[end + 1] == ':')
                return failed("too many colons in address");
            return failed("missing port in address", true);
        }
        result.host = hostPort.sliced(1, end - 1).toByteArray();
        noOpenFrom = 1;
        noCloseFrom = end + 1;
    } else {
        result.host = hostPort.first(lastColon).toByteArray();
        if (result.host.contains(':'))
            return failed("too many colons in address");
    }
    if (hostPort.sliced(noOpenFrom).contains('['))
        return failed("unexpected '[' in address");
    if (hostPort.sliced(noCloseFrom).contains(']'))
        return failed("unexpected ']' in address");
    result.port = hostPort.sliced(lastColon + 1).toByteArray();
    return result;
}

namespace {

// Dotted quad with no leading zeros, each part ≤ 255 (Go ≥ 1.17).
bool isIpv4(QByteArrayView text)
{
    int parts = 0;
    qsizetype i = 0;
    while (true) {
        const qsizetype start = i;
        int value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 4) {
            value = value * 10 + (text[i] - '0');
            ++i;
        }
        const qsizetype digits = i - start;
        if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[start] == '0'))
            return false;
        ++parts;
        if (i == text.size())
            return parts == 4;
        if (text[i] != '.' || parts == 4)
            return false;
        ++i;
    }
}

bool isIpv6(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    int groups = 0;
    bool compressed = false;
    qsizetype i = 0;
    if (text.startsWith("::")) {
        compressed = true;
        i = 2;
        if (i == text.size())
            return true;
    }
    while (i < text.size()) {
        // An embedded IPv4 address may end the text in place of the last two groups.
        const qsizetype nextColon = text.indexOf(':', i);
        const QByteArrayView piece = text.sliced(i, (nextColon < 0 ? text.size() : nextColon) - i);
        if (nextColon < 0 && piece.contains('.')) {
            if (!isIpv4(piece))
                return false;
            groups += 2;
            break;
        }
        if (piece.isEmpty() || piece.size() > 4)
            return false;
        for (char c : piece) {
            if (!isHex(c))
                return false;
        }
        ++groups;
        if (nextColon < 0)
            break;
        i = nextColon + 1;
        if (i < text.size() && text[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++i;
            if (i == text.size())
                break;
        } else if (i == text.size()) {
            return false;   // a single trailing colon
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

} // namespace

bool isIpAddress(QByteArrayView text)
{
    return text.contains(':') ? isIpv6(text) : isIpv4(text);
}

QList<QByteArrayView> split(QByteArrayView text, char separator)
{
    QList<QByteArrayView> parts;
    qsizetype from = 0;
    for (qsizetype at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
        parts.append(text.sliced(from, at - from));
        from = at + 1;
    }
    parts.append(text.sliced(from));
    return parts;
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isAlnum(c) && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

bool isValidHostHeader(QByteArrayView text)
{
    for (char c : text) {
        if (!isAlnum(c) && !QByteArrayView("!$%&'()*+,-.:;=[]_~").contains(c))
            return false;
    }
    return true;
}

bool isValidHeaderValue(QByteArrayView text)
{
    for (char c : text) {
        if ((uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7F)
            return false;
    }
    return true;
}

} // namespace natsws::ws::gourl
