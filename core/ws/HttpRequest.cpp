// HttpRequest and HttpRequestReader: the request head as Go's net/http reads it, so that
// natsws refuses (400/431/505) exactly what nats-server's HTTP server refuses.
#include "core/ws/GoUrl.h"
#include "core/ws/Handshake.h"

#include <algorithm>

namespace natsws::ws {

namespace {

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// textproto.TrimString: ASCII space, tab, CR, LF at both ends.
QByteArrayView trimmed(QByteArrayView text)
{
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.isEmpty() && blank(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && blank(text.back()))
        text.chop(1);
    return text;
}

// net/http.ParseHTTPVersion: "HTTP/X.Y" with one digit each.
bool parseHttpVersion(QByteArrayView version, int *major)
{
    if (version == "HTTP/1.1" || version == "HTTP/1.0") {
        *major = 1;
        return true;
    }
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || !digit(version[5])
        || !digit(version[7]))
        return false;
    *major = version[5] - '0';
    return true;
}

} // namespace

QByteArray HttpRequest::path() const
{
    if (target.startsWith('/')) {
        const qsizetype query = target.indexOf('?');
        return query < 0 ? target : target.first(query);
    }
    const std::optional<gourl::Url> url = gourl::parseRequestUri(target, nullptr);
    return url ? url->path : QByteArray();
}

QList<QByteArray> HttpRequest::values(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const auto &[headerName, headerValue] : headers) {
        if (sameName(headerName, name))
            result.append(headerValue);
    }
    return result;
}

QByteArray HttpRequest::value(QByteArrayView name) const
{
    for (const auto &[headerName, headerValue] : headers) {
        if (sameName(headerName, name))
            return headerValue;
    }
    return {};
}

bool HttpRequest::has(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (sameName(header.first, name))
            return true;
    }
    return false;
}

QByteArray HttpRequest::host() const
{
    if (!target.startsWith('/')) {
        const std::optional<gourl::Url> url = gourl::parseRequestUri(target, nullptr);
        if (url && !url->host.isEmpty())
            return url->host;
    }
    return value("Host");
}

HttpRequestReader::HttpRequestReader(int maxHeaderBytes) : m_maxHeaderBytes(maxHeaderBytes) {}

HttpRequestReader::Status HttpRequestReader::feed(QByteArrayView data)
{
    if (m_status == Status::Complete) {
        // Anything after the head is the client talking before the 101 (or a body). It is
        // counted in full but kept only up to the head cap, so it cannot grow memory.
        m_request.pipelinedBytes += data.size();
        m_leftover.append(data.first(std::min<qsizetype>(data.size(), m_maxHeaderBytes - m_leftover.size())));
        return m_status;
    }
    if (m_status == Status::Error)
        return m_status;
    m_buffer.append(data);
    m_status = parse();
    return m_status;
}

QByteArray HttpRequestReader::takeLeftover()
{
    return std::exchange(m_leftover, {});
}

bool HttpRequestReader::error(int status, const QByteArray &reason, const QByteArray &publicDetail)
{
    m_errorStatus = status;
    m_errorReason = reason;
    m_errorDetail = publicDetail;
    return false;
}

QByteArray HttpRequestReader::errorResponse() const
{
    if (m_status != Status::Error)
        return {};
    QByteArray line = QByteArray::number(m_errorStatus) + ' ' + httpStatusText(m_errorStatus);
    if (!m_errorDetail.isEmpty())
        line += ": " + m_errorDetail;
    return "HTTP/1.1 " + line + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n" + line;
}

HttpRequestReader::Status HttpRequestReader::parse()
{
    // Lines are handled one by one in arrival order, and the size cap is checked against
    // the end of each line, so every split of the same bytes gives the same outcome.
    while (true) {
        const qsizetype newline = m_buffer.indexOf('\n', m_scanFrom);
        if (newline < 0) {
            m_scanFrom = m_buffer.size();
            if (m_headBytes + (m_buffer.size() - m_pos) > m_maxHeaderBytes) {
                error(431, "request head larger than " + QByteArray::number(m_maxHeaderBytes) + " bytes");
                return Status::Error;
            }
            // Keep memory proportional to the unprocessed line only.
            if (m_pos > 0) {
                m_buffer.remove(0, m_pos);
                m_scanFrom -= m_pos;
                m_pos = 0;
            }
            return Status::NeedMore;
        }
        const qsizetype lineSize = newline + 1 - m_pos;
        if (m_headBytes + lineSize > m_maxHeaderBytes) {
            error(431, "request head larger than " + QByteArray::number(m_maxHeaderBytes) + " bytes");
            return Status::Error;
        }
        QByteArrayView line = QByteArrayView(m_buffer).sliced(m_pos, newline - m_pos);
        if (line.endsWith('\r'))
            line.chop(1);
        m_headBytes += lineSize;
        m_pos = newline + 1;
        m_scanFrom = m_pos;

        if (m_haveRequestLine && line.isEmpty()) {
            m_leftover = m_buffer.sliced(m_pos);
            m_request.pipelinedBytes = m_leftover.size();
            m_leftover.truncate(m_maxHeaderBytes);
            m_buffer.clear();
            m_pos = m_scanFrom = 0;
            return finishHead() ? Status::Complete : Status::Error;
        }
        if (!processLine(line))
            return Status::Error;
    }
}

bool HttpRequestReader::processLine(QByteArrayView line)
{
    if (!m_haveRequestLine) {
        m_haveRequestLine = true;
        return parseRequestLine(line);
    }
    if (line.front() == ' ' || line.front() == '\t') {
        // obs-fold: Go joins a continuation line onto the previous value with one space.
        if (m_request.headers.isEmpty())
            return error(400, "malformed MIME header initial line: " + line.toByteArray());
        QByteArray &value = m_request.headers.last().second;
        value = trimmed(value + ' ' + trimmed(line).toByteArray()).toByteArray();
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return error(400, "malformed MIME header line: " + line.toByteArray());
    const QByteArrayView name = line.first(colon);
    if (name.isEmpty())
        return true;   // Go 1.19's textproto skips a header with an empty name
    m_request.headers.append({name.toByteArray(), trimmed(line.sliced(colon + 1)).toByteArray()});
    return true;
}

bool HttpRequestReader::parseRequestLine(QByteArrayView line)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (secondSpace < 0)
        return error(400, "malformed HTTP request " + gourl::quote(line));
    m_request.method = line.first(firstSpace).toByteArray();
    m_request.target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1).toByteArray();
    m_request.version = line.sliced(secondSpace + 1).toByteArray();
    if (!gourl::isToken(m_request.method))
        return error(400, "invalid method " + gourl::quote(m_request.method));
    int major = 0;
    if (!parseHttpVersion(m_request.version, &major))
        return error(400, "malformed HTTP version " + gourl::quote(m_request.version));
    QByteArray why;
    if (!gourl::parseRequestUri(m_request.target, &why))
        return error(400, why);
    if (m_request.target == "*")
        return error(400, QByteArrayLiteral("request target '*' is only for OPTIONS"));
    return true;
}

bool HttpRequestReader::finishHead()
{
    // Go's order: readRequest's own checks, then the server's version and Host checks,
    // then header name/value validation.
    const QList<QByteArray> hosts = m_request.values("Host");
    if (hosts.size() > 1)
        return error(400, QByteArrayLiteral("too many Host headers"));
    const QList<QByteArray> lengths = m_request.values("Content-Length");
    for (const QByteArray &length : lengths) {
        bool numeric = !length.isEmpty();
        for (char c : length)
            numeric = numeric && c >= '0' && c <= '9';
        if (!numeric || length != lengths.first())
            return error(400, "bad Content-Length " + gourl::quote(length));
    }
    int major = 1;
    parseHttpVersion(m_request.version, &major);
    if (major != 1) {
        return error(505, QByteArrayLiteral("unsupported protocol version"),
                     QByteArrayLiteral("unsupported protocol version"));
    }
    if (!m_request.isHttp10() && hosts.isEmpty()) {
        return error(400, QByteArrayLiteral("missing required Host header"),
                     QByteArrayLiteral("missing required Host header"));
    }
    if (hosts.size() == 1 && !gourl::isValidHostHeader(hosts.first()))
        return error(400, QByteArrayLiteral("malformed Host header"), QByteArrayLiteral("malformed Host header"));
    for (const auto &[name, value] : m_request.headers) {
        if (!gourl::isToken(name))
            return error(400, QByteArrayLiteral("invalid header name"), QByteArrayLiteral("invalid header name"));
        if (!gourl::isValidHeaderValue(value))
            return error(400, QByteArrayLiteral("invalid header value"), QByteArrayLiteral("invalid header value"));
    }
    return true;
}

} // namespace natsws::ws
