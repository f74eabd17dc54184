#include "app/ServerRunner.h"

#include "core/server/CommandLine.h"
#include "core/server/Logger.h"

#include <cstdio>

namespace natsws::app {

namespace {
void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fprintf(stream, "%s\n", bytes.constData());
}
} // namespace

StartupDecision decideStartup(const QStringList &arguments, const QString &appName, bool gui)
{
    StartupDecision decision;
    const QStringList guiOptions = gui ? QStringList{QStringLiteral("lang")} : QStringList{};
    server::CommandLineResult parsed = server::parseCommandLine(arguments, appName, guiOptions);
    decision.language = parsed.extraValues.value(QStringLiteral("lang"));
    if (parsed.showVersion) {
        printLine(stdout, parsed.versionText);
        return decision;
    }
    if (parsed.showHelp) {
        printLine(stdout, parsed.helpText);
        return decision;
    }
    for (const auto &warning : std::as_const(parsed.warnings))
        printLine(stderr, QStringLiteral("warning: %1").arg(warning.toString()));
    if (!parsed.errors.isEmpty()) {
        for (const auto &error : std::as_const(parsed.errors))
            printLine(stderr, error.toString());
        decision.exitCode = 1;
        return decision;
    }
    if (parsed.testConfig) {
        printLine(stdout, QStringLiteral("%1: configuration file %2 test is successful")
                              .arg(appName, parsed.options.configFile));
        return decision;
    }
    const server::Options &o = parsed.options;
    server::Logger::instance().configure(o.debug, o.trace, o.logtime, o.logFile);
    decision.options = parsed.options;
    return decision;
}

} // namespace natsws::app
