// natsws: the desktop dashboard with the server in-process. Same flags and config as
// natsws-server, plus --lang (e.g. --lang de; default: the system locale).
#include "app/ServerRunner.h"
#include "core/server/SignalWatcher.h"
#include "ui/MainWindow.h"
#include "ui/ServerController.h"
#include "ui/Translations.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("natsws"));
    QApplication::setApplicationVersion(QStringLiteral(NATSWS_VERSION));

    const auto decision = natsws::app::decideStartup(app.arguments(), QStringLiteral("natsws"), true);
    if (!decision.options)
        return decision.exitCode;
    natsws::ui::installTranslations(decision.language);

    natsws::ui::ServerController controller(*decision.options, app.arguments());
    natsws::ui::MainWindow window(controller);
    window.show();
    // A failed start (port in use, ...) is shown in the window; the user can fix and retry.
    controller.start();

    natsws::server::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &natsws::server::SignalWatcher::terminationRequested, &app,
                     &QApplication::quit);
    const int code = app.exec();
    controller.stop();
    return code;
}
