#include "core/ws/OriginPolicy.h"

#include "core/ws/GoUrl.h"

#include <optional>

namespace natsws::ws {

namespace {

// nats-server's wsGetHostAndPort: lower-cased host, and 443/80 by scheme when no port is
// given (80 for any scheme but https, wss included).
std::optional<gourl::HostPort> hostAndPort(bool tls, const QByteArray &hostPort, QByteArray *error)
{
    bool missingPort = false;
    std::optional<gourl::HostPort> split = gourl::splitHostPort(hostPort, error, &missingPort);
    if (!split) {
        if (!missingPort)
            return std::nullopt;
        split = gourl::HostPort{hostPort, tls ? QByteArrayLiteral("443") : QByteArrayLiteral("80")};
    }
    split->host = split->host.toLower();
    return split;
}

} // namespace

OriginPolicy::OriginPolicy(bool sameOrigin, const QStringList &allowedOrigins) : m_sameOrigin(sameOrigin)
{
    for (const QString &entry : allowedOrigins) {
        const std::optional<gourl::Url> url = gourl::parseRequestUri(entry.toUtf8(), nullptr);
        if (!url)
            continue;
        QByteArray ignored;
        // An unsplittable host is kept as a never-matching entry, as nats-server does, so the
        // list still counts as configured.
        const gourl::HostPort hostPort =
            hostAndPort(url->scheme == "https", url->host, &ignored).value_or(gourl::HostPort{});
        m_allowed[hostPort.host].append({url->scheme, hostPort.port});
    }
}

QString OriginPolicy::validateAllowedOrigin(const QString &origin)
{
    const QByteArray raw = origin.toUtf8();
    QByteArray error;
    const std::optional<gourl::Url> url = gourl::parseRequestUri(raw, &error);
    if (!url)
        return QStringLiteral("unable to parse allowed origin: ") + QString::fromUtf8(error);
    const QString quoted = QString::fromUtf8(gourl::quote(raw));
    if (url->scheme != "http" && url->scheme != "https") {
        return QStringLiteral("unable to parse allowed origin %1: allowed origins must be absolute URLs "
                              "with http or https scheme").arg(quoted);
    }
    if (url->host.isEmpty())
        return QStringLiteral("unable to parse allowed origin %1: host is required").arg(quoted);
    if (!hostAndPort(url->scheme == "https", url->host, &error))
        return QStringLiteral("unable to parse allowed origin: ") + QString::fromUtf8(error);
    return {};
}

QByteArray OriginPolicy::check(const QByteArray &origin, const QByteArray &requestHost, bool tls) const
{
    if (!active() || origin.isEmpty())
        return {};   // nothing configured, or a non-browser client that sends no Origin
    QByteArray error;
    const std::optional<gourl::Url> url = gourl::parseRequestUri(origin, &error);
    if (!url)
        return error;
    const std::optional<gourl::HostPort> originHost = hostAndPort(url->scheme == "https", url->host, &error);
    if (!originHost)
        return error;
    if (m_sameOrigin) {
        const std::optional<gourl::HostPort> ownHost = hostAndPort(tls, requestHost, &error);
        if (!ownHost)
            return error;
        const QByteArrayView ownScheme = tls ? "https" : "http";
        if (originHost->host != ownHost->host || originHost->port != ownHost->port
            || url->scheme.compare(ownScheme, Qt::CaseInsensitive) != 0)
            return QByteArrayLiteral("not same origin");
    }
    if (!m_allowed.isEmpty()) {
        // Both checks apply when both are configured.
        const auto entries = m_allowed.value(originHost->host);
        for (const auto &[scheme, port] : entries) {
            if (scheme == url->scheme && port == originHost->port)
                return {};
        }
        return QByteArrayLiteral("not in the allowed list");
    }
    return {};
}

} // namespace natsws::ws
