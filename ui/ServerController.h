#pragma once
// Owns the in-process server for the window: start, stop, and "open config file", which
// replaces the server with one built from the file (the command-line flags still win, as at
// startup). The views follow registry() and re-attach when serverReplaced() is emitted.
#include "core/server/Options.h"

#include <QObject>
#include <QStringList>
#include <memory>

namespace natsws::server { class Server; }
namespace natsws::monitor { class ConnectionRegistry; }

namespace natsws::ui {

class ServerController : public QObject {
    Q_OBJECT
public:
    // `arguments` is the program's command line (program name first): reloading a config
    // re-reads it so that flags keep overriding the file.
    explicit ServerController(server::Options options, QStringList arguments = {}, QObject *parent = nullptr);
    ~ServerController() override;

    bool start();
    void stop();
    bool isRunning() const;

    // Reads and validates `path`; on success the server is replaced (and restarted if it was
    // running). On failure nothing changes and `error` says why (file:line:col: message).
    bool loadConfigFile(const QString &path, QString *error);

    const server::Options &options() const { return m_options; }
    server::Server &server() { return *m_server; }
    monitor::ConnectionRegistry &registry();
    QString natsUrl() const;      // empty while stopped
    QString wsUrl() const;        // empty while stopped or without a WebSocket listener
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void runningChanged(bool running);
    void aboutToReplaceServer();   // stop reading registry(): it is destroyed next
    void serverReplaced();
    void errorOccurred(const QString &message);

private:
    server::Options m_options;
    QStringList m_arguments;
    std::unique_ptr<server::Server> m_server;
    QString m_lastError;
};

} // namespace natsws::ui
