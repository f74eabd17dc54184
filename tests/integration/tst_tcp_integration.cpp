// natsws's NATS TCP listener driven by a raw QTcpSocket.
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace natsws;
using namespace natsws::testing;

class TestTcpIntegration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void infoHasTheServerFields();
    void verboseConnectGetsOk();
    void maxConnectionsIsEnforced();
    void staleConnectionIsClosed();
    void slowConsumerIsClosedAndRecorded();
    void stopClosesClientsQuickly();
};

void TestTcpIntegration::infoHasTheServerFields()
{
    auto server = startServer();
    RawNatsClient client;
    QVERIFY(client.connectTo(server->natsPort()));
    QVERIFY(client.waitFor("\r\n"));
    const QByteArray line = client.buffer().left(client.buffer().indexOf("\r\n"));
    QVERIFY(line.startsWith("INFO "));
    const QJsonObject info = QJsonDocument::fromJson(line.mid(5)).object();
    QCOMPARE(info.value(QStringLiteral("server_id")).toString().size(), 56);
    QVERIFY(info.value(QStringLiteral("server_id")).toString().startsWith(QLatin1Char('N')));
    QCOMPARE(info.value(QStringLiteral("proto")).toInt(), 1);
    QCOMPARE(info.value(QStringLiteral("port")).toInt(), int(server->natsPort()));
    QCOMPARE(info.value(QStringLiteral("headers")).toBool(), true);
    QCOMPARE(info.value(QStringLiteral("max_payload")).toInt(), 1024 * 1024);
    QCOMPARE(info.value(QStringLiteral("client_ip")).toString(), QStringLiteral("127.0.0.1"));
    QVERIFY(info.value(QStringLiteral("client_id")).toInt() > 0);
    QVERIFY(!info.contains(QStringLiteral("auth_required")));
}

void TestTcpIntegration::verboseConnectGetsOk()
{
    auto server = startServer();
    RawNatsClient client;
    QVERIFY(client.connectTo(server->natsPort()));
    client.buffer().clear();
    client.send("CONNECT {}\r\nSUB a 1\r\nPING\r\n");
    QVERIFY(client.waitFor("PONG\r\n"));
    QCOMPARE(client.buffer(), QByteArray("+OK\r\n+OK\r\nPONG\r\n"));
}

void TestTcpIntegration::maxConnectionsIsEnforced()
{
    auto options = loopbackOptions();
    options.maxConnections = 1;
    auto server = startServer(options);
    RawNatsClient first, second;
    QVERIFY(first.connectTo(server->natsPort()));
    QVERIFY(second.connectTo(server->natsPort()));
    QVERIFY(second.waitFor("-ERR 'maximum connections exceeded'\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), 3000);
    QCOMPARE(server->registry().closedConnections().first().reason,
             QStringLiteral("Maximum Connections Exceeded"));
}

void TestTcpIntegration::staleConnectionIsClosed()
{
    auto options = loopbackOptions();
    options.pingInterval = std::chrono::milliseconds(100);
    options.maxPingsOut = 2;
    auto server = startServer(options);
    RawNatsClient client;
    QVERIFY(client.connectTo(server->natsPort()));
    client.send("CONNECT {\"verbose\":false}\r\n");
    QVERIFY(client.waitFor("-ERR 'Stale Connection'\r\n", 5000));
    QVERIFY(client.buffer().count("PING\r\n") >= 2);
    QTRY_COMPARE_WITH_TIMEOUT(server->registry().closedConnections().size(), qsizetype(1), 3000);
    QCOMPARE(server->registry().closedConnections().first().reason, QStringLiteral("Stale Connection"));
}

void TestTcpIntegration::slowConsumerIsClosedAndRecorded()
{
    auto options = loopbackOptions();
    options.maxPending = 256 * 1024;
    auto server = startServer(options);
    RawNatsClient slow;
    QVERIFY(slow.connectTo(server->natsPort()));
    slow.send("CONNECT {\"verbose\":false}\r\nSUB flood 1\r\nPING\r\n");
    QVERIFY(slow.waitFor("PONG\r\n"));
    slow.socket().setReadBufferSize(4096);   // stop reading: the kernel buffers fill up

    RawNatsClient publisher;
    QVERIFY(publisher.connectTo(server->natsPort()));
    publisher.send("CONNECT {\"verbose\":false}\r\n");
    const QByteArray payload(60000, 'x');
    const QByteArray pub = "PUB flood 60000\r\n" + payload + "\r\n";
    QElapsedTimer timer;
    timer.start();
    while (server->registry().closedConnections().isEmpty() && timer.elapsed() < 10000) {
        for (int i = 0; i < 20; ++i)
            publisher.send(pub);
        QTest::qWait(5);
    }
    const auto closed = server->registry().closedConnections();
    QCOMPARE(closed.size(), qsizetype(1));
    QVERIFY(closed.first().reason.startsWith(QStringLiteral("Slow Consumer")));
}

void TestTcpIntegration::stopClosesClientsQuickly()
{
    auto server = startServer();
    RawNatsClient a, b;
    QVERIFY(a.connectTo(server->natsPort()));
    QVERIFY(b.connectTo(server->natsPort()));
    QElapsedTimer timer;
    timer.start();
    server->stop();
    QVERIFY(timer.elapsed() < 2000);
    QTRY_VERIFY_WITH_TIMEOUT(a.socket().state() == QAbstractSocket::UnconnectedState
                                 || (a.socket().waitForReadyRead(10), a.socket().atEnd()), 2000);
}

QTEST_MAIN(TestTcpIntegration)
#include "tst_tcp_integration.moc"
