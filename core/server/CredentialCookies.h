#pragma once
// websocket { user_cookie, pass_cookie, token_cookie }: credentials a browser app put in
// cookies fill the CONNECT fields the client left empty, before authentication runs
// (nats-server >= 2.11). The handshake already kept only the configured cookie names, the
// last cookie of a name winning.
#include "core/nats/AuthResult.h"
#include "core/nats/ClientSession.h"
#include "core/ws/Handshake.h"

#include <QByteArray>
#include <QHash>

namespace natsws::server {

// Which CONNECT fields a cookie filled.
struct CookieFill {
    bool user = false, password = false, token = false;
    // Whether the credentials behind a decision by `method` came (partly) from cookies.
    bool supplied(nats::AuthMethod method) const;
};

CookieFill fillFromCookies(nats::ConnectInfo &connect, const QHash<QByteArray, QByteArray> &cookies,
                           const ws::HandshakePolicy &names);

} // namespace natsws::server
