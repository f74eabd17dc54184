#pragma once
// Everything the server is configured with, from defaults, the config file (nats-server
// syntax) and the command line, in that order of precedence (flags win).
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>
#include <utility>

namespace natsws::server {

using Millis = std::chrono::milliseconds;

// Where a value was written in a config file; line and column are 1-based, 0 = not from a file.
struct ConfigLocation {
    QString file;
    int line = 0, column = 0;
    bool isValid() const { return line > 0; }
};

struct TlsOptions {
    bool configured = false;
    QString certFile, keyFile, caFile;
    bool verify = false;
    Millis timeout{2000};
    QString minVersion;                 // "1.2", "1.3"
};

struct UserEntry {
    QString user, password;             // password may be a bcrypt hash ($2a$/$2b$)
    QStringList publishAllow, publishDeny, subscribeAllow, subscribeDeny;
    bool allowResponses = false;
    int responsesMax = 1;               // allow_responses { max }; < 0 = no limit
    Millis responsesExpires{120000};    // allow_responses { expires }; < 0 = no limit
    bool permissionsGiven = false;      // else the block's default_permissions apply
    QStringList allowedConnectionTypes; // upper-cased: STANDARD, WEBSOCKET, ...
};

struct AuthorizationOptions {
    bool configured = false;
    QString user, password, token;
    QList<UserEntry> users;
    bool usersDefined = false;          // "users: [...]" was given, even when empty
    Millis timeout{2000};
    bool timeoutGiven = false;          // else nats-server's default applies (TLS adds to it)
    QString noAuthUser;
};

struct WebsocketOptions {
    bool configured = false;            // a websocket {} block was present
    QString host = QStringLiteral("127.0.0.1");
    int port = 8080;                    // 0 = disabled, -1 = random
    QString advertise;
    bool noTls = true;                  // natsws default for local dev when no block is given
    TlsOptions tls;
    bool sameOrigin = false;
    QStringList allowedOrigins;
    Millis handshakeTimeout{0};
    bool compression = true;            // DESIGN: on for local development
    QString jwtCookie, userCookie, passCookie, tokenCookie;
    QString noAuthUser;
    AuthorizationOptions authorization; // user/password/token/timeout only
    QList<std::pair<QByteArray, QByteArray>> headers;
    Millis pingInterval{0};             // 0 = the global ping_interval
};

struct Options {
    QString configFile;
    QString host = QStringLiteral("127.0.0.1");
    int port = 4222;
    QString serverName;
    int httpPort = 0;                   // monitoring, 0 = off
    qint64 maxPayload = 1024 * 1024;
    int maxConnections = 64 * 1024;
    int maxControlLine = 4096;
    int maxSubscriptions = 0;
    qint64 maxPending = 64 * 1024 * 1024;
    Millis pingInterval{std::chrono::minutes(2)};
    int maxPingsOut = 2;
    Millis writeDeadline{10000};
    bool debug = false, trace = false, logtime = true;
    QString logFile;
    QString connectionLog;              // --connection-log FILE (JSON lines)
    int threads = 0;                    // 0 = number of cores
    TlsOptions tls;
    AuthorizationOptions authorization;
    WebsocketOptions websocket;
    int closedHistory = 10000;          // dashboard's closed-connection history
    // Where each option read from the config file was written, keyed by its dotted path in
    // lower case ("port", "websocket.allowed_origins"), so later checks can point at the line.
    QHash<QString, ConfigLocation> sourceLocations;
};

// A problem in the config file or on the command line, with where it was found.
struct ConfigIssue {
    QString file;
    int line = 0, column = 0;
    QString message;
    QString toString() const;           // "file:line:col: message"
};

struct LoadResult {
    std::optional<Options> options;     // empty on error
    QList<ConfigIssue> errors;          // the server does not start when any
    QList<ConfigIssue> warnings;        // unknown keys etc.
};

// Reads a nats-server style config file into options (starting from `base`).
LoadResult loadConfigFile(const QString &path, Options base = {});

// Checks cross-field rules (websocket validation of spec §1.2 and the like); empty if fine.
QList<ConfigIssue> validateOptions(const Options &options);

} // namespace natsws::server
