#include "core/server/CredentialCookies.h"

namespace natsws::server {
namespace {

// An unset option has an empty name, which no cookie has: nothing matches it.
bool fill(QString &field, const QHash<QByteArray, QByteArray> &cookies, const QByteArray &name)
{
    if (!field.isEmpty() || name.isEmpty())
        return false;
    const QByteArray value = cookies.value(name);
    if (value.isEmpty())
        return false;
    field = QString::fromUtf8(value);
    return true;
}

} // namespace

bool CookieFill::supplied(nats::AuthMethod method) const
{
    switch (method) {
    case nats::AuthMethod::UserPassword: return user || password;
    case nats::AuthMethod::Token: return token;
    case nats::AuthMethod::None:
    case nats::AuthMethod::NoAuthUser: return false;
    }
    return false;
}

CookieFill fillFromCookies(nats::ConnectInfo &connect, const QHash<QByteArray, QByteArray> &cookies,
                           const ws::HandshakePolicy &names)
{
    CookieFill filled;
    if (cookies.isEmpty())
        return filled;
    filled.user = fill(connect.user, cookies, names.userCookie);
    filled.password = fill(connect.pass, cookies, names.passCookie);
    filled.token = fill(connect.authToken, cookies, names.tokenCookie);
    return filled;
}

} // namespace natsws::server
