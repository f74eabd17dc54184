#include "core/server/Authenticator.h"

#include <QRegularExpression>

#include <crypt.h>

#include <algorithm>
#include <chrono>

namespace natsws::server {
namespace {

// Compares every byte of the longer input, so the time taken does not tell how much of a
// guess was right.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    const qsizetype length = std::max(a.size(), b.size());
    unsigned difference = a.size() == b.size() ? 0u : 1u;
    for (qsizetype i = 0; i < length; ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        difference |= unsigned(x ^ y);
    }
    return difference == 0;
}

bool bcryptMatches(const QByteArray &hash, const QByteArray &password)
{
    // crypt() reads C strings: a NUL would cut the password short and let a prefix pass.
    if (password.contains('\0') || hash.contains('\0'))
        return false;
    auto state = std::make_unique<crypt_data>();   // ~32 KiB: not on the stack
    const char *computed = crypt_rn(password.constData(), hash.constData(), state.get(), int(sizeof(crypt_data)));
    return computed && constantTimeEquals(QByteArrayView(computed), hash);
}

bool connectionTypeAllowed(const QStringList &allowed, ClientTransport transport)
{
    if (allowed.isEmpty())
        return true;
    return allowed.contains(transport == ClientTransport::WebSocket ? QStringLiteral("WEBSOCKET")
                                                                     : QStringLiteral("STANDARD"));
}

} // namespace

bool isBcryptHash(const QString &password)
{
    static const QRegularExpression prefix(QStringLiteral("^\\$2[abxy]\\$[0-9]{2}\\$"));
    return password.startsWith(QLatin1Char('$')) && prefix.match(password).hasMatch();
}

bool passwordMatches(const QString &configured, const QString &given)
{
    const QByteArray expected = configured.toUtf8();
    const QByteArray candidate = given.toUtf8();
    return isBcryptHash(configured) ? bcryptMatches(expected, candidate) : constantTimeEquals(expected, candidate);
}

std::shared_ptr<const nats::Permissions> permissionsOf(const UserEntry &user)
{
    nats::PermissionRules rules;
    rules.publishAllow = user.publishAllow;
    rules.publishDeny = user.publishDeny;
    rules.subscribeAllow = user.subscribeAllow;
    rules.subscribeDeny = user.subscribeDeny;
    if (user.allowResponses)
        rules.responses = nats::ResponsePermission{user.responsesMax, user.responsesExpires};
    const bool none = rules.publishAllow.isEmpty() && rules.publishDeny.isEmpty() && rules.subscribeAllow.isEmpty()
                      && rules.subscribeDeny.isEmpty() && !rules.responses;
    return none ? nullptr : std::make_shared<const nats::Permissions>(rules);
}

Authenticator::Authenticator(const Options &options)
{
    const AuthorizationOptions &top = options.authorization;
    // nats-server requires authentication for a users list (even an empty one), a user or a
    // token; a password alone or a timeout alone require nothing.
    m_standard.required = top.usersDefined || !top.users.isEmpty() || !top.user.isEmpty() || !top.token.isEmpty();
    // nats-server: an absent or zero timeout means 2 s, or the client TLS timeout + 1 s when
    // the NATS port has TLS (the TLS handshake comes first).
    using namespace std::chrono_literals;
    const Millis defaultTimeout = options.tls.configured ? options.tls.timeout + 1s : Millis(2s);
    m_standard.timeout = top.timeoutGiven && top.timeout.count() > 0 ? top.timeout : defaultTimeout;
    m_standard.user = top.user;
    m_standard.password = top.password;
    m_standard.token = top.token;
    m_standard.noAuthUser = top.noAuthUser;

    const WebsocketOptions &ws = options.websocket;
    const AuthorizationOptions &wsAuth = ws.authorization;
    m_webSocketOverride = !wsAuth.user.isEmpty() || !wsAuth.token.isEmpty() || !ws.noAuthUser.isEmpty();
    m_webSocket = m_standard;
    if (m_webSocketOverride) {
        m_webSocket.required = true;
        m_webSocket.user = wsAuth.user;
        m_webSocket.password = wsAuth.password;
        m_webSocket.token = wsAuth.token;
        m_webSocket.noAuthUser = ws.noAuthUser;
    }
    if (wsAuth.timeoutGiven && wsAuth.timeout.count() > 0)
        m_webSocket.timeout = wsAuth.timeout;

    for (const UserEntry &entry : top.users)
        m_users.insert(entry.user, Account{entry.user, entry.password, permissionsOf(entry), entry.allowedConnectionTypes});
}

const Authenticator::Realm &Authenticator::realm(ClientTransport transport) const
{
    return transport == ClientTransport::WebSocket ? m_webSocket : m_standard;
}

bool Authenticator::authRequired(ClientTransport transport) const { return realm(transport).required; }

Millis Authenticator::authTimeout(ClientTransport transport) const { return realm(transport).timeout; }

nats::AuthResult Authenticator::authenticate(const nats::ConnectInfo &connect, ClientTransport transport) const
{
    const Realm &r = realm(transport);
    if (!r.required) {
        nats::AuthResult open(true);
        open.user = connect.user;   // nats-server shows the user a client sent even then
        return open;
    }
    if (!m_users.isEmpty()) {
        // A client that named a user (or is the no_auth_user) is decided here; one that
        // did not falls through to the single user/token, which a users list excludes.
        nats::AuthResult decided = authenticateUser(connect, r, transport);
        if (decided.accepted || !decided.user.isEmpty())
            return decided;
    }
    return authenticateSimple(connect, r);
}

nats::AuthResult Authenticator::authenticateUser(const nats::ConnectInfo &connect, const Realm &r,
                                                 ClientTransport transport) const
{
    QString user = connect.user;
    QString password = connect.pass;
    bool implicit = false;
    if (!r.noAuthUser.isEmpty() && connect.user.isEmpty() && connect.pass.isEmpty() && connect.authToken.isEmpty()) {
        if (const auto it = m_users.constFind(r.noAuthUser); it != m_users.cend()) {
            // nats-server copies the account's password as the client's and compares the
            // two, so a no_auth_user with a bcrypt password is refused (in 2.9.10 as at HEAD).
            user = it->user;
            password = it->password;
            implicit = true;
        }
    }
    nats::AuthResult result;
    result.user = user;
    if (user.isEmpty())
        return result;
    const auto it = m_users.constFind(user);
    if (it == m_users.cend() || !connectionTypeAllowed(it->connectionTypes, transport))
        return result;
    if (!passwordMatches(it->password, password))
        return result;
    result.accepted = true;
    result.method = implicit ? nats::AuthMethod::NoAuthUser : nats::AuthMethod::UserPassword;
    result.permissions = it->permissions;
    return result;
}

nats::AuthResult Authenticator::authenticateSimple(const nats::ConnectInfo &connect, const Realm &r)
{
    nats::AuthResult result;
    if (!r.token.isEmpty()) {
        result.method = nats::AuthMethod::Token;
        result.accepted = passwordMatches(r.token, connect.authToken);
    } else if (!r.user.isEmpty()) {
        result.method = nats::AuthMethod::UserPassword;
        result.accepted = connect.user == r.user && passwordMatches(r.password, connect.pass);
        if (result.accepted)
            result.user = r.user;
    }
    return result;
}

} // namespace natsws::server
