#pragma once
// Decides who a client is, by nats-server's rules for clients without nkeys or JWTs
// (server/auth.go): a single user/password or token, or a users list with per-user
// permissions and allowed connection types, the no_auth_user, and the overrides of the
// websocket block for WebSocket clients. Built once from the options; thread-safe (const).
#include "core/nats/AuthResult.h"
#include "core/nats/ClientSession.h"
#include "core/server/Options.h"

#include <QHash>
#include <QString>
#include <memory>

namespace natsws::server {

// The connection types of allowed_connection_types that natsws clients can be.
enum class ClientTransport { Standard, WebSocket };

class Authenticator {
public:
    explicit Authenticator(const Options &options);

    // INFO's auth_required; a WebSocket override makes it true for WebSocket clients even
    // when the top level needs no authentication.
    bool authRequired(ClientTransport transport) const;
    // The auth timer of a client that must authenticate (a non-zero websocket
    // authorization.timeout replaces the global one for WebSocket clients).
    Millis authTimeout(ClientTransport transport) const;
    // A websocket block with a user, a token or a no_auth_user overrides top-level
    // user/password/token/no_auth_user for WebSocket clients.
    bool webSocketOverride() const { return m_webSocketOverride; }
    // A users list is configured (failures are then logged with the user name).
    bool hasUsers() const { return !m_users.isEmpty(); }

    // Also answers a client whose first operation was not CONNECT (an empty ConnectInfo):
    // only a no_auth_user can admit it. When refused, `user` is the user name tried.
    nats::AuthResult authenticate(const nats::ConnectInfo &connect, ClientTransport transport) const;

private:
    struct Account {
        QString user, password;
        std::shared_ptr<const nats::Permissions> permissions;   // null: unrestricted
        QStringList connectionTypes;                             // empty: any
    };
    // What clients of one transport are checked against.
    struct Realm {
        bool required = false;
        Millis timeout{0};
        QString user, password, token, noAuthUser;
    };

    const Realm &realm(ClientTransport transport) const;
    nats::AuthResult authenticateUser(const nats::ConnectInfo &connect, const Realm &realm,
                                      ClientTransport transport) const;
    static nats::AuthResult authenticateSimple(const nats::ConnectInfo &connect, const Realm &realm);

    Realm m_standard, m_webSocket;
    bool m_webSocketOverride = false;
    QHash<QString, Account> m_users;
};

// True for a password nats-server treats as a bcrypt hash: $2a$, $2b$, $2x$ or $2y$, a
// two-digit cost, '$'.
bool isBcryptHash(const QString &password);
// nats-server's comparePasswords: a bcrypt hash is checked with the system's crypt library
// (libxcrypt crypt_rn), anything else is compared in constant time.
bool passwordMatches(const QString &configured, const QString &given);

// The permissions configured for one user; null when the user has none.
std::shared_ptr<const nats::Permissions> permissionsOf(const UserEntry &user);

} // namespace natsws::server
