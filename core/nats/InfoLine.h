#pragma once
// The INFO line a client gets on connect, field for field (order, omitted empties, JSON
// escaping) as nats-server 2.9.10 writes it: "INFO {...} \r\n" (Go joins with a space).
#include "core/nats/ServerInfo.h"

#include <QByteArray>
#include <QString>

namespace natsws::nats {

QByteArray infoLine(const ServerIdentity &identity, const SessionLimits &limits, quint64 clientId,
                    const QString &clientIp);

// A JSON string literal with Go's escaping (HTML-safe: <, > and & as \u00XX).
void appendJsonString(QByteArray &out, const QString &text);

} // namespace natsws::nats
