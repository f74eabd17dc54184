#pragma once
// A NATS client on the plain TCP listener: socket bytes are NATS protocol bytes.
#include "core/server/ClientConnection.h"

namespace natsws::server {

class TcpClientConnection : public ClientConnection {
    Q_OBJECT
public:
    TcpClientConnection(ServerContext &context, QObject *parent = nullptr);
    void begin();

protected:
    void handleIncoming(QByteArray bytes) override;
};

} // namespace natsws::server
