#include "core/server/TcpClientConnection.h"

#include "core/server/ServerContext.h"

namespace natsws::server {

TcpClientConnection::TcpClientConnection(ServerContext &context, QObject *parent)
    : ClientConnection(context, monitor::ConnectionKind::Tcp, parent)
{
}

void TcpClientConnection::begin()
{
    // nats-server sends INFO in clear (tls_required in it), then expects the TLS handshake.
    startSession(context().tcpIdentity, context().tcpLimits);
    startTls();
}

void TcpClientConnection::handleIncoming(QByteArray bytes)
{
    feedSession(bytes);
}

} // namespace natsws::server
