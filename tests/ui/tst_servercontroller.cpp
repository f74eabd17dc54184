// ServerController and the window's server controls: start/stop, URLs, copy buttons, and
// "open config file" replacing the server (flags still winning over the file).
#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Server.h"
#include "tests/integration/TestServer.h"
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/DashboardModels.h"
#include "ui/MainWindow.h"
#include "ui/MonitorPoller.h"
#include "ui/ServerController.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace natsws;
using namespace natsws::ui;

namespace {
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text);
    return path;
}
} // namespace

class TestServerController : public QObject {
    Q_OBJECT
private slots:
    void startStopAndUrls();
    void copyButtonsCopyTheUrls();
    void configFileReplacesTheServer();
    void flagsStillWinOverTheFile();
    void badConfigChangesNothing_data();
    void badConfigChangesNothing();
};

void TestServerController::startStopAndUrls()
{
    ServerController controller(testing::loopbackOptions());
    MainWindow window(controller);
    QSignalSpy running(&controller, &ServerController::runningChanged);
    QVERIFY(window.startAction()->isEnabled());
    QVERIFY(window.wsUrlEdit()->text().isEmpty());

    window.startAction()->trigger();
    QVERIFY(controller.isRunning());
    QCOMPARE(running.size(), 1);
    QCOMPARE(window.natsUrlEdit()->text(), controller.server().natsUrl());
    QVERIFY(window.wsUrlEdit()->text().startsWith(QStringLiteral("ws://127.0.0.1:")));
    QVERIFY(!window.startAction()->isEnabled());

    window.stopAction()->trigger();
    QVERIFY(!controller.isRunning());
    QCOMPARE(running.size(), 2);
    QVERIFY(window.natsUrlEdit()->text().isEmpty());
    QVERIFY(window.startAction()->isEnabled());
}

void TestServerController::copyButtonsCopyTheUrls()
{
    ServerController controller(testing::loopbackOptions());
    MainWindow window(controller);
    QVERIFY(controller.start());
    const auto buttons = window.findChildren<QToolButton *>();
    QStringList copied;
    for (QToolButton *button : buttons) {
        if (button->text() != QStringLiteral("Copy"))
            continue;
        QGuiApplication::clipboard()->clear();
        button->click();
        copied.append(QGuiApplication::clipboard()->text());
    }
    QCOMPARE(copied, (QStringList{controller.wsUrl(), controller.natsUrl()}));
    controller.stop();
}

void TestServerController::configFileReplacesTheServer()
{
    QTemporaryDir dir;
    const QString config = writeFile(dir, QStringLiteral("dev.conf"),
                                     "host: 127.0.0.1\nport: -1\nmax_closed_clients: 7\n"
                                     "websocket {\n  host: 127.0.0.1\n  port: -1\n  no_tls: true\n}\n");
    ServerController controller(testing::loopbackOptions());
    MainWindow window(controller);
    QVERIFY(controller.start());
    controller.registry().connectionClosed(testing::sampleClosed(1));
    window.poller().poll();
    QCOMPARE(window.models().closed().rowCount(), 1);

    QSignalSpy replaced(&controller, &ServerController::serverReplaced);
    QString error;
    QVERIFY2(controller.loadConfigFile(config, &error), qPrintable(error));
    QCOMPARE(replaced.size(), 1);
    QVERIFY(controller.isRunning());                       // it was running: restarted
    QCOMPARE(controller.options().configFile, config);
    QCOMPARE(controller.options().closedHistory, 7);
    QVERIFY(controller.registry().closedConnections().isEmpty());   // a new registry
    QVERIFY(controller.server().natsPort() != 0);
    QCOMPARE(window.models().closed().rowCount(), 0);      // the new registry's (empty) history
    QCOMPARE(window.models().closed().limit(), 7);
    QCOMPARE(window.natsUrlEdit()->text(), controller.server().natsUrl());
    controller.stop();
}

void TestServerController::flagsStillWinOverTheFile()
{
    QTemporaryDir dir;
    const QString config = writeFile(dir, QStringLiteral("a.conf"), "port: -1\nmax_closed_clients: 7\n");
    ServerController controller(server::Options{},
                                {QStringLiteral("natsws"), QStringLiteral("--connection-log"), dir.filePath(QStringLiteral("c.jsonl")),
                                 QStringLiteral("--lang"), QStringLiteral("de")});
    QString error;
    QVERIFY2(controller.loadConfigFile(config, &error), qPrintable(error));
    QCOMPARE(controller.options().connectionLog, dir.filePath(QStringLiteral("c.jsonl")));
    QCOMPARE(controller.options().closedHistory, 7);
    QVERIFY(!controller.isRunning());                      // it was stopped: stays stopped
}

void TestServerController::badConfigChangesNothing_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("syntax error") << QByteArray("port: [1,\n") << QStringLiteral("bad.conf:");
    QTest::newRow("bad value") << QByteArray("port: \"eighty\"\n") << QStringLiteral("bad.conf:1");
}

void TestServerController::badConfigChangesNothing()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, errorPart);
    QTemporaryDir dir;
    const QString config = writeFile(dir, QStringLiteral("bad.conf"), text);
    ServerController controller(testing::loopbackOptions());
    QSignalSpy replaced(&controller, &ServerController::serverReplaced);
    server::Server *before = &controller.server();
    QString error;
    QVERIFY(!controller.loadConfigFile(config, &error));
    QVERIFY2(error.contains(errorPart), qPrintable(error));
    QCOMPARE(replaced.size(), 0);
    QCOMPARE(&controller.server(), before);
    QVERIFY(!controller.loadConfigFile(dir.filePath(QStringLiteral("missing.conf")), &error));
}

QTEST_MAIN(TestServerController)
#include "tst_servercontroller.moc"
