#pragma once
// What both executables do with their command line: parse flags and config, configure the
// logger, and report errors the way nats-server does (message, exit code 1).
#include "core/server/Options.h"

#include <QStringList>
#include <optional>

namespace natsws::app {

struct StartupDecision {
    std::optional<server::Options> options;   // set when the server should start
    int exitCode = 0;                         // used when options is empty
    QString language;                         // GUI: --lang
};

StartupDecision decideStartup(const QStringList &arguments, const QString &appName, bool gui);

} // namespace natsws::app
