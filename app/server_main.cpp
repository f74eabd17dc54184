// natsws-server: the headless server. Same flags and config as the GUI.
#include "app/ServerRunner.h"
#include "core/server/Server.h"
#include "core/server/SignalWatcher.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("natsws-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NATSWS_VERSION));

    const auto decision = natsws::app::decideStartup(app.arguments(), QStringLiteral("natsws-server"), false);
    if (!decision.options)
        return decision.exitCode;

    natsws::server::Server server(*decision.options);
    QString error;
    if (!server.start(&error))
        return 1;

    natsws::server::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &natsws::server::SignalWatcher::terminationRequested, &app, [&] {
        server.stop();
        app.quit();
    });
    return app.exec();
}
