#include "core/server/TcpClientConnection.h"

#include "core/server/ServerContext.h"

namespace natsws::server {

TcpClientConnection::TcpClientConnection(ServerContext &context, QObject *parent)
    : ClientConnection(context, monitor::ConnectionKind::Tcp, parent)
{
}

void TcpClientConnection::begin()
{
    startSession(context().tcpIdentity, context().tcpLimits);
}

void TcpClientConnection::handleIncoming(QByteArray bytes)
{
    feedSession(bytes);
}

} // namespace natsws::server
