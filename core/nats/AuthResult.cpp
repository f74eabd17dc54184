#include "core/nats/AuthResult.h"

namespace natsws::nats {

QString authMethodText(const AuthResult &result)
{
    QString text;
    switch (result.method) {
    case AuthMethod::None: return text;
    case AuthMethod::UserPassword: text = QStringLiteral("user/password"); break;
    case AuthMethod::Token: text = QStringLiteral("token"); break;
    case AuthMethod::NoAuthUser: text = QStringLiteral("no_auth_user"); break;
    }
    if (result.viaCookie)
        text += QStringLiteral(" (cookie)");
    return text;
}

} // namespace natsws::nats
