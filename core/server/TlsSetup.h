#pragma once
// Turns one listener's tls {} options into the QSslConfiguration its sockets use. Built once
// at start, so a missing or unreadable certificate stops the server with the file's name
// instead of failing every handshake later.
#include "core/server/Options.h"

#include <QSslConfiguration>
#include <optional>

namespace natsws::server {

// What a listener's connections need to speak TLS; `enabled` false = a plain listener.
struct ListenerTls {
    bool enabled = false;
    QSslConfiguration configuration;
    Millis timeout{0};                  // bounds the handshake, as tls { timeout } does
};

// Why a tls {} block cannot be used: the option at fault ("websocket.tls.key_file", for the
// config file's line) and a message that names the option and the file.
struct TlsSetupError {
    QString option;
    QString message;
};

class TlsSetup {
public:
    // `path` names the block ("tls", "websocket.tls"). Loads cert_file (with any chain after
    // the leaf), key_file (unencrypted RSA or EC, checked against the certificate) and
    // ca_file; min_version defaults to TLS 1.2; verify requires a client certificate signed
    // by ca_file's CAs (the system's CAs when there is no ca_file). nullopt and `error` on
    // failure.
    static std::optional<ListenerTls> build(const TlsOptions &options, const QString &path,
                                            TlsSetupError *error);
};

} // namespace natsws::server
