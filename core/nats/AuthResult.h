#pragma once
// The outcome of checking one client's credentials: decided in core/server (Authenticator),
// enforced by the session (permissions) and shown by the monitor (user and method, never a
// secret).
#include "core/nats/Permissions.h"

#include <QString>
#include <memory>

namespace natsws::nats {

enum class AuthMethod : quint8 {
    None,           // the server requires no authentication
    UserPassword,
    Token,
    NoAuthUser,     // no credentials: admitted as the configured no_auth_user
};

struct AuthResult {
    // Implicit on purpose: a simple authenticator (or a test) may just answer yes or no.
    AuthResult(bool isAccepted = false) : accepted(isAccepted) {}

    bool accepted;
    AuthMethod method = AuthMethod::None;
    bool viaCookie = false;     // the credentials came from WebSocket cookies
    QString user;               // who the client is known as (attempted user when refused)
    std::shared_ptr<const Permissions> permissions;   // null: no restrictions
};

// "user/password", "token", "no_auth_user", with " (cookie)" when cookies supplied it.
QString authMethodText(const AuthResult &result);

} // namespace natsws::nats
