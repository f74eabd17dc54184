#pragma once
// CONNECT's JSON, read the way Go's encoding/json fills nats-server's ClientOpts: fields are
// merged into what is already there (a second CONNECT keeps what it does not mention), keys
// match case-insensitively, null leaves a field alone, unknown keys are ignored and a value
// of the wrong type is an error.
#include "core/nats/ClientSession.h"

#include <QByteArrayView>

namespace natsws::nats {

struct ConnectParseResult {
    bool ok = false;
    bool namesAccount = false;   // "account"/"new_account" given: nats-server refuses these
};

ConnectParseResult mergeConnectJson(QByteArrayView json, ConnectInfo &info);

// INFO sent by a client: nats-server only checks that it decodes.
bool isAcceptableClientInfo(QByteArrayView json);

} // namespace natsws::nats
