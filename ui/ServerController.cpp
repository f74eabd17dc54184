#include "ui/ServerController.h"

#include "core/server/CommandLine.h"
#include "core/server/Server.h"

namespace natsws::ui {

ServerController::ServerController(server::Options options, QStringList arguments, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_arguments(std::move(arguments)),
      m_server(std::make_unique<server::Server>(m_options))
{
    if (m_arguments.isEmpty())
        m_arguments = {QStringLiteral("natsws")};
}

ServerController::~ServerController() = default;

bool ServerController::start()
{
    if (m_server->isRunning())
        return true;
    QString error;
    if (!m_server->start(&error)) {
        m_lastError = error;
        emit errorOccurred(error);
        return false;
    }
    m_lastError.clear();
    emit runningChanged(true);
    return true;
}

void ServerController::stop()
{
    if (!m_server->isRunning())
        return;
    m_server->stop();
    emit runningChanged(false);
}

bool ServerController::isRunning() const
{
    return m_server->isRunning();
}

bool ServerController::loadConfigFile(const QString &path, QString *error)
{
    // The last -c wins in QCommandLineParser, so appending one replaces the startup file.
    const server::CommandLineResult parsed =
        server::parseCommandLine(m_arguments + QStringList{QStringLiteral("-c"), path}, m_arguments.first(),
                                 QStringList{QStringLiteral("lang")});
    if (!parsed.errors.isEmpty()) {
        QStringList messages;
        for (const auto &issue : parsed.errors)
            messages.append(issue.toString());
        if (error)
            *error = messages.join(QLatin1Char('\n'));
        return false;
    }
    const bool wasRunning = m_server->isRunning();
    stop();
    m_options = parsed.options;
    emit aboutToReplaceServer();
    m_server.reset();
    m_server = std::make_unique<server::Server>(m_options);
    emit serverReplaced();
    if (wasRunning && !start()) {
        if (error)
            *error = m_lastError;
        return false;
    }
    return true;
}

monitor::ConnectionRegistry &ServerController::registry()
{
    return m_server->registry();
}

QString ServerController::natsUrl() const
{
    return m_server->isRunning() ? m_server->natsUrl() : QString();
}

QString ServerController::wsUrl() const
{
    return m_server->isRunning() ? m_server->wsUrl() : QString();
}

} // namespace natsws::ui
