#pragma once
// same_origin and allowed_origins with the newest nats-server semantics (spec §3).
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

namespace natsws::ws {

class OriginPolicy {
public:
    OriginPolicy() = default;
    // Entries that fail to parse are skipped; validate() reports them at config time.
    OriginPolicy(bool sameOrigin, const QStringList &allowedOrigins);

    // Config validation text of spec §1.2 for one allowed origin, or empty when valid.
    static QString validateAllowedOrigin(const QString &origin);

    // Empty when the origin is accepted, else the 403 detail ("not same origin", ...).
    QByteArray check(const QByteArray &origin, const QByteArray &requestHost, bool tls) const;
    bool active() const { return m_sameOrigin || !m_allowed.isEmpty(); }

private:
    bool m_sameOrigin = false;
    // host → (scheme, port). Ports stay strings, as nats-server compares them ("080" ≠ "80").
    QHash<QByteArray, QList<std::pair<QByteArray, QByteArray>>> m_allowed;
};

} // namespace natsws::ws
