#include "core/server/CommandLine.h"

#include <QCommandLineParser>

#include <functional>

namespace natsws::server {

namespace {

ConfigIssue flagIssue(const QString &message) { return ConfigIssue{QString(), 0, 0, message}; }

QCommandLineOption option(const QStringList &names, const QString &description,
                          const QString &valueName = QString())
{
    return QCommandLineOption(names, description, valueName);
}

// Every flag natsws knows, in help order. A flag that overrides an option read from the file
// also drops that option's file location, so a later validation error does not point there.
struct Flag {
    QCommandLineOption option;
    std::function<bool(Options &, const QString &value, QString &error)> apply;
    QString locationKey;
};

bool toInt(const QString &value, int &target, const QString &flag, QString &error)
{
    bool ok = false;
    const int number = value.toInt(&ok);
    if (!ok) {
        error = QStringLiteral("invalid value \"%1\" for %2: expected an integer").arg(value, flag);
        return false;
    }
    target = number;
    return true;
}

QList<Flag> natswsFlags()
{
    const auto intFlag = [](int Options::*field, const char *flag) {
        return [field, flag](Options &o, const QString &v, QString &e) {
            return toInt(v, o.*field, QString::fromLatin1(flag), e);
        };
    };
    const auto stringFlag = [](QString Options::*field) {
        return [field](Options &o, const QString &v, QString &) { o.*field = v; return true; };
    };
    return {
        {option({QStringLiteral("c"), QStringLiteral("config")}, QStringLiteral("Configuration file (nats-server syntax)."),
                QStringLiteral("file")),
         nullptr, QString()},
        {option({QStringLiteral("t")}, QStringLiteral("Test the configuration and exit.")), nullptr, QString()},
        {option({QStringLiteral("a"), QStringLiteral("addr"), QStringLiteral("net")},
                QStringLiteral("Bind NATS clients to this host address (default: 127.0.0.1)."), QStringLiteral("host")),
         stringFlag(&Options::host), QStringLiteral("host")},
        {option({QStringLiteral("p"), QStringLiteral("port")},
                QStringLiteral("Port for NATS TCP clients (default: 4222, -1 = random)."), QStringLiteral("port")),
         intFlag(&Options::port, "--port"), QStringLiteral("port")},
        {option({QStringLiteral("m"), QStringLiteral("http_port")},
                QStringLiteral("Port for HTTP monitoring (default: off)."), QStringLiteral("port")),
         intFlag(&Options::httpPort, "--http_port"), QStringLiteral("http_port")},
        {option({QStringLiteral("ws-port")},
                QStringLiteral("Port for WebSocket clients (default: 8080, 0 = disabled)."), QStringLiteral("port")),
         [](Options &o, const QString &v, QString &e) { return toInt(v, o.websocket.port, QStringLiteral("--ws-port"), e); },
         QStringLiteral("websocket.port")},
        {option({QStringLiteral("ws-host")},
                QStringLiteral("Bind WebSocket clients to this host address (default: 127.0.0.1)."), QStringLiteral("host")),
         [](Options &o, const QString &v, QString &) { o.websocket.host = v; return true; },
         QStringLiteral("websocket.host")},
        {option({QStringLiteral("threads")}, QStringLiteral("I/O worker threads (default: one per core)."),
                QStringLiteral("n")),
         intFlag(&Options::threads, "--threads"), QString()},
        {option({QStringLiteral("D"), QStringLiteral("debug")}, QStringLiteral("Enable debug output.")),
         [](Options &o, const QString &, QString &) { o.debug = true; return true; }, QString()},
        {option({QStringLiteral("V"), QStringLiteral("trace")}, QStringLiteral("Trace the raw protocol.")),
         [](Options &o, const QString &, QString &) { o.trace = true; return true; }, QString()},
        {option({QStringLiteral("DV"), QStringLiteral("DVV")}, QStringLiteral("Debug and trace.")),
         [](Options &o, const QString &, QString &) { o.debug = o.trace = true; return true; }, QString()},
        {option({QStringLiteral("VV")}, QStringLiteral("Trace (same as -V).")),
         [](Options &o, const QString &, QString &) { o.trace = true; return true; }, QString()},
        {option({QStringLiteral("l"), QStringLiteral("log")}, QStringLiteral("Write the log to this file."),
                QStringLiteral("file")),
         stringFlag(&Options::logFile), QStringLiteral("logfile")},
        {option({QStringLiteral("connection-log")},
                QStringLiteral("Append one JSON line per closed connection to this file."), QStringLiteral("file")),
         stringFlag(&Options::connectionLog), QString()},
        {option({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version and exit.")),
         nullptr, QString()},
        {option({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")),
         nullptr, QString()},
    };
}

// QCommandLineParser titles its help with the running binary's name; use the app's name.
QString helpFor(const QCommandLineParser &parser, const QString &appName)
{
    QString text = parser.helpText();
    const int firstLineEnd = text.indexOf(QLatin1Char('\n'));
    return QStringLiteral("Usage: %1 [options]").arg(appName) + text.mid(firstLineEnd);
}

} // namespace

CommandLineResult parseCommandLine(const QStringList &arguments, const QString &appName,
                                   const QList<QCommandLineOption> &extraOptions)
{
    CommandLineResult result;
    QCommandLineParser parser;
    // Go's flag package reads -port and --port alike, so nats-server users type either;
    // compacted short options would also turn -DV into -D -V, but would misread -port.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        QStringLiteral("%1: a NATS server for WebSocket clients (nats-server compatible options).").arg(appName));
    const QList<Flag> flags = natswsFlags();
    for (const Flag &flag : flags)
        parser.addOption(flag.option);
    for (const QCommandLineOption &extra : extraOptions)
        parser.addOption(extra);

    result.versionText = QStringLiteral("%1: v%2").arg(appName, QLatin1String(NATSWS_VERSION));
    result.helpText = helpFor(parser, appName);
    if (!parser.parse(arguments)) {
        result.errors.append(flagIssue(parser.errorText()));
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.errors.append(flagIssue(QStringLiteral("unexpected argument \"%1\"")
                                           .arg(parser.positionalArguments().constFirst())));
        return result;
    }
    result.showHelp = parser.isSet(QStringLiteral("help"));
    result.showVersion = parser.isSet(QStringLiteral("version"));
    result.testConfig = parser.isSet(QStringLiteral("t"));
    for (const QCommandLineOption &extra : extraOptions) {
        const QString name = extra.names().constFirst();
        if (parser.isSet(name))
            result.extraValues.insert(name, extra.valueName().isEmpty() ? QStringLiteral("true") : parser.value(name));
    }
    if (result.showHelp || result.showVersion)
        return result;

    if (parser.isSet(QStringLiteral("config"))) {
        LoadResult loaded = loadConfigFile(parser.value(QStringLiteral("config")), result.options);
        result.warnings = loaded.warnings;
        if (!loaded.options) {
            result.errors = loaded.errors;
            return result;
        }
        result.options = std::move(*loaded.options);
    }
    for (const Flag &flag : flags) {
        const QString name = flag.option.names().constFirst();
        if (!flag.apply || !parser.isSet(name))
            continue;
        QString error;
        if (!flag.apply(result.options, parser.value(name), error)) {
            result.errors.append(flagIssue(error));
            continue;
        }
        if (!flag.locationKey.isEmpty())
            result.options.sourceLocations.remove(flag.locationKey);
    }
    if (result.errors.isEmpty())
        result.errors = validateOptions(result.options);
    return result;
}

CommandLineResult parseCommandLine(const QStringList &arguments, const QString &appName,
                                   const QStringList &extraValueOptions)
{
    QList<QCommandLineOption> extra;
    for (const QString &name : extraValueOptions)
        extra.append(QCommandLineOption(name, QString(), QStringLiteral("value")));
    return parseCommandLine(arguments, appName, extra);
}

} // namespace natsws::server
