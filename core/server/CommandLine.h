#pragma once
// The command line shared by natsws-server and natsws (GUI): nats-server's flag names where
// one exists. Parsing only: it never prints or exits, so both mains and the tests drive it.
#include "core/server/Options.h"

#include <QCommandLineOption>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace natsws::server {

struct CommandLineResult {
    Options options;              // defaults ← config file (-c) ← flags, then validated
    bool showHelp = false;        // -h/--help: print helpText, exit 0
    bool showVersion = false;     // -v/--version: print versionText, exit 0
    bool testConfig = false;      // -t: the config loaded and validated; exit 0 unless errors
    QString helpText, versionText;
    QHash<QString, QString> extraValues; // values of the caller's extra options, by first name
    QList<ConfigIssue> errors;    // the program does not start when any
    QList<ConfigIssue> warnings;
};

// `arguments` as QCoreApplication::arguments() gives them (program path first).
// `extraOptions` are the caller's own flags (the GUI's --lang); their values land in
// extraValues ("true" for a flag without value).
CommandLineResult parseCommandLine(const QStringList &arguments, const QString &appName,
                                   const QList<QCommandLineOption> &extraOptions);
// Shorthand: each extra name is an option taking one value ("lang" → --lang VALUE).
CommandLineResult parseCommandLine(const QStringList &arguments, const QString &appName,
                                   const QStringList &extraValueOptions = {});

} // namespace natsws::server
