#pragma once
// What every connection of one server shares: options, broker, monitor registry, the INFO
// identity of each listener and the WebSocket handshake policy. Built once at start.
#include "core/monitor/ConnectionRegistry.h"
#include "core/nats/ServerInfo.h"
#include "core/server/Options.h"
#include "core/server/TlsSetup.h"
#include "core/ws/Handshake.h"

#include <atomic>
#include <memory>

namespace natsws::nats { class Broker; }

namespace natsws::server {

class Authenticator;

struct ServerContext {
    Options options;
    nats::Broker *broker = nullptr;
    monitor::ConnectionRegistry *registry = nullptr;
    nats::ServerIdentity tcpIdentity;
    nats::ServerIdentity wsIdentity;
    nats::SessionLimits tcpLimits;
    nats::SessionLimits wsLimits;
    ws::HandshakePolicy handshakePolicy;
    std::shared_ptr<const Authenticator> authenticator;   // null: every client is admitted
    ListenerTls tcpTls, wsTls;          // enabled when the listener has a tls {} block
    std::atomic<quint64> nextClientId{1};
    std::atomic<int> openClients{0};
};

} // namespace natsws::server
