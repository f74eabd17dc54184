// The dashboard against the real server in-process: QWebSocket clients with different
// origins and user agents, a raw NATS TCP client, a close with a status, a refused origin,
// the filter, the operator's close, export round-trips without secrets, and a screenshot.
#include "core/monitor/ConnectionRegistry.h"
#include "core/monitor/Csv.h"
#include "core/server/Server.h"
#include "tests/integration/TestServer.h"
#include "tests/ui/WsTestClient.h"
#include "ui/ChartsPanel.h"
#include "ui/ClosedConnectionsModel.h"
#include "ui/ConnectionDetails.h"
#include "ui/ConnectionsView.h"
#include "ui/CountsModel.h"
#include "ui/DashboardModels.h"
#include "ui/FilteredTable.h"
#include "ui/MainWindow.h"
#include "ui/MonitorPoller.h"
#include "ui/RejectionsModel.h"
#include "ui/ServerController.h"
#include "ui/StatusLine.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

using namespace natsws;
using namespace natsws::ui;
using testing::WsTestClient;

namespace {
const QByteArray kPassword = "s3cret-pass-42";
const QByteArray kCookieSecret = "cookie-secret-77";
const QByteArray kBearerSecret = "bearer-secret-88";
const QByteArray kFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const QByteArray kChrome =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

QByteArray connectLine(const char *name, const char *lang, const char *version)
{
    return QByteArrayLiteral("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"name\":\"") + name
           + "\",\"lang\":\"" + lang + "\",\"version\":\"" + version + "\",\"user\":\"alice\",\"pass\":\""
           + kPassword + "\"}\r\n";
}
} // namespace

class TestMainWindowLive : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void urlsAreShown();
    void clientsAppear_data();
    void clientsAppear();
    void detailsShowMaskedHeaders();
    void filterNarrowsTheRows_data();
    void filterNarrowsTheRows();
    void closeWithStatusIsRecorded();
    void refusedOriginIsRecorded();
    void chartsAndStatusShowTraffic();
    void screenshot();
    void operatorCloseIsRecorded();
    void exportRoundTrip_data();
    void exportRoundTrip();

private:
    bool pollUntil(const std::function<bool()> &condition, int timeoutMs = 5000);
    int rowOfClient(const QString &name) const;
    QString cell(const QString &client, int column) const;

    std::unique_ptr<ServerController> m_controller;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<WsTestClient> m_chat, m_dash;
    testing::RawNatsClient m_backend;
};

bool TestMainWindowLive::pollUntil(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_window->poller().poll();
        if (condition())
            return true;
        QTest::qWait(20);
    }
    return false;
}

int TestMainWindowLive::rowOfClient(const QString &name) const
{
    const ConnectionsModel &model = m_window->models().connections();
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.connection(row).clientName == name)
            return row;
    return -1;
}

QString TestMainWindowLive::cell(const QString &client, int column) const
{
    const int row = rowOfClient(client);
    return row < 0 ? QString() : m_window->models().connections().index(row, column).data().toString();
}

void TestMainWindowLive::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    server::Options options = testing::loopbackOptions();
    options.websocket.allowedOrigins = {QStringLiteral("http://localhost:3000"), QStringLiteral("http://allowed.example")};
    options.authorization.configured = true;
    options.authorization.user = QStringLiteral("alice");
    options.authorization.password = QString::fromLatin1(kPassword);
    m_controller = std::make_unique<ServerController>(options);
    m_window = std::make_unique<MainWindow>(*m_controller);
    m_window->resize(1400, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_controller->start(), qPrintable(m_controller->lastError()));

    const QUrl ws(m_controller->wsUrl());
    m_chat = std::make_unique<WsTestClient>(QStringLiteral("http://localhost:3000"));
    QVERIFY(m_chat->open(ws, {{"User-Agent", kFirefox}}));
    m_chat->send(connectLine("chat-ui", "nats.ws", "1.29.2") + "SUB chat.> 1\r\nPUB chat.room 5\r\nhello\r\nPING\r\n");
    QVERIFY(m_chat->waitFor("PONG\r\n"));

    m_dash = std::make_unique<WsTestClient>(QStringLiteral("http://allowed.example"));
    QVERIFY(m_dash->open(ws, {{"User-Agent", kChrome},
                              {"Cookie", "theme=dark; session=" + kCookieSecret},
                              {"Authorization", "Bearer " + kBearerSecret},
                              {"X-Forwarded-For", "203.0.113.7"}}));
    m_dash->send(connectLine("dash", "nats.ws", "1.30.0") + "SUB metrics.* 1\r\nSUB chat.> 2\r\nPING\r\n");
    QVERIFY(m_dash->waitFor("PONG\r\n"));

    QVERIFY(m_backend.connectTo(m_controller->server().natsPort()));
    m_backend.send(connectLine("backend", "go", "1.37.0") + "PUB metrics.cpu 2\r\n42\r\nPING\r\n");
    QVERIFY(m_backend.waitFor("PONG\r\n"));

    const bool all = pollUntil([this] {
        return rowOfClient(QStringLiteral("chat-ui")) >= 0 && rowOfClient(QStringLiteral("dash")) >= 0
               && rowOfClient(QStringLiteral("backend")) >= 0;
    });
    QVERIFY(all);
}

void TestMainWindowLive::cleanupTestCase()
{
    m_chat.reset();
    m_dash.reset();
    if (m_controller)
        m_controller->stop();
    m_window.reset();
}

void TestMainWindowLive::urlsAreShown()
{
    QVERIFY(m_window->wsUrlEdit()->text().startsWith(QStringLiteral("ws://127.0.0.1:")));
    QCOMPARE(m_window->wsUrlEdit()->text(), m_controller->server().wsUrl());
    QCOMPARE(m_window->natsUrlEdit()->text(), m_controller->server().natsUrl());
    QVERIFY(!m_window->startAction()->isEnabled());
    QVERIFY(m_window->stopAction()->isEnabled());
}

void TestMainWindowLive::clientsAppear_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::newRow("chat kind") << QStringLiteral("chat-ui") << int(ConnectionsModel::Kind) << QStringLiteral("WebSocket");
    QTest::newRow("chat origin") << QStringLiteral("chat-ui") << int(ConnectionsModel::Origin) << QStringLiteral("http://localhost:3000");
    QTest::newRow("chat browser") << QStringLiteral("chat-ui") << int(ConnectionsModel::Browser) << QStringLiteral("Firefox 133");
    QTest::newRow("chat lang") << QStringLiteral("chat-ui") << int(ConnectionsModel::Lang) << QStringLiteral("nats.ws");
    QTest::newRow("chat version") << QStringLiteral("chat-ui") << int(ConnectionsModel::Version) << QStringLiteral("1.29.2");
    QTest::newRow("chat user") << QStringLiteral("chat-ui") << int(ConnectionsModel::User) << QStringLiteral("alice");
    QTest::newRow("chat subs") << QStringLiteral("chat-ui") << int(ConnectionsModel::Subscriptions) << QStringLiteral("1");
    QTest::newRow("chat msgs in") << QStringLiteral("chat-ui") << int(ConnectionsModel::MsgsIn) << QStringLiteral("1");
    QTest::newRow("chat tls") << QStringLiteral("chat-ui") << int(ConnectionsModel::Tls) << QStringLiteral("no");
    QTest::newRow("dash origin") << QStringLiteral("dash") << int(ConnectionsModel::Origin) << QStringLiteral("http://allowed.example");
    QTest::newRow("dash browser") << QStringLiteral("dash") << int(ConnectionsModel::Browser) << QStringLiteral("Chrome 131");
    QTest::newRow("dash forwarded for") << QStringLiteral("dash") << int(ConnectionsModel::ForwardedFor) << QStringLiteral("203.0.113.7");
    QTest::newRow("dash subs") << QStringLiteral("dash") << int(ConnectionsModel::Subscriptions) << QStringLiteral("2");
    QTest::newRow("dash version") << QStringLiteral("dash") << int(ConnectionsModel::Version) << QStringLiteral("1.30.0");
    QTest::newRow("backend kind") << QStringLiteral("backend") << int(ConnectionsModel::Kind) << QStringLiteral("TCP");
    QTest::newRow("backend lang") << QStringLiteral("backend") << int(ConnectionsModel::Lang) << QStringLiteral("go");
    QTest::newRow("backend origin") << QStringLiteral("backend") << int(ConnectionsModel::Origin) << QString();
    QTest::newRow("backend compression") << QStringLiteral("backend") << int(ConnectionsModel::Compression) << QStringLiteral("–");
}

void TestMainWindowLive::clientsAppear()
{
    QFETCH(QString, client);
    QFETCH(int, column);
    QFETCH(QString, text);
    // Counters arrive with the next poll after the traffic: wait for the expected text.
    pollUntil([&] { return cell(client, column) == text; }, 3000);
    QCOMPARE(cell(client, column), text);
}

void TestMainWindowLive::detailsShowMaskedHeaders()
{
    ConnectionsView *view = m_window->connectionsView();
    const quint64 id = m_window->models().connections().connection(rowOfClient(QStringLiteral("dash"))).id;
    QVERIFY(view->selectId(id));
    QTreeWidgetItem *headers = view->details()->headersSection();
    QHash<QString, QString> values;
    for (int i = 0; i < headers->childCount(); ++i)
        values.insert(headers->child(i)->text(0).toLower(), headers->child(i)->text(1));
    QCOMPARE(values.value(QStringLiteral("origin")), QStringLiteral("http://allowed.example"));
    QCOMPARE(values.value(QStringLiteral("x-forwarded-for")), QStringLiteral("203.0.113.7"));
    QVERIFY(values.contains(QStringLiteral("cookie")));
    QVERIFY(!values.value(QStringLiteral("cookie")).contains(QString::fromLatin1(kCookieSecret)));
    QVERIFY(!values.value(QStringLiteral("authorization")).contains(QString::fromLatin1(kBearerSecret)));
    QCOMPARE(view->details()->subscriptionsSection()->childCount(), 2);
}

void TestMainWindowLive::filterNarrowsTheRows_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("clients");
    QTest::newRow("client name") << QStringLiteral("chat-ui") << QStringList{QStringLiteral("chat-ui")};
    QTest::newRow("origin host") << QStringLiteral("allowed.example") << QStringList{QStringLiteral("dash")};
    QTest::newRow("kind") << QStringLiteral("websocket") << QStringList{QStringLiteral("chat-ui"), QStringLiteral("dash")};
    QTest::newRow("browser") << QStringLiteral("firefox") << QStringList{QStringLiteral("chat-ui")};
    QTest::newRow("no match") << QStringLiteral("nobody-here") << QStringList{};
}

void TestMainWindowLive::filterNarrowsTheRows()
{
    QFETCH(QString, text);
    QFETCH(QStringList, clients);
    FilteredTable *table = m_window->connectionsView()->table();
    table->filterEdit()->setText(text);
    QStringList shown;
    for (int row = 0; row < table->proxy()->rowCount(); ++row)
        shown.append(table->proxy()->index(row, ConnectionsModel::ClientName).data().toString());
    shown.sort();
    table->filterEdit()->clear();
    QCOMPARE(shown, clients);
    QCOMPARE(table->proxy()->rowCount(), 3);
}

void TestMainWindowLive::closeWithStatusIsRecorded()
{
    QVERIFY(m_chat->closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("tab closed")));
    ClosedConnectionsModel &closed = m_window->models().closed();
    QVERIFY(pollUntil([&] { return closed.rowCount() == 1; }));
    QCOMPARE(rowOfClient(QStringLiteral("chat-ui")), -1);
    QCOMPARE(closed.index(0, ClosedConnectionsModel::ClientName).data().toString(), QStringLiteral("chat-ui"));
    QCOMPARE(closed.index(0, ClosedConnectionsModel::WsReceived).data().toString(), QStringLiteral("1001 tab closed"));
    QCOMPARE(closed.index(0, ClosedConnectionsModel::Reason).data().toString(), QStringLiteral("Client Closed"));
    QCOMPARE(closed.index(0, ClosedConnectionsModel::Origin).data().toString(), QStringLiteral("http://localhost:3000"));
    QCOMPARE(m_window->models().closeReasons().counts(), (CountsModel::Counts{{QStringLiteral("Client Closed"), 1}}));
}

void TestMainWindowLive::refusedOriginIsRecorded()
{
    WsTestClient evil(QStringLiteral("http://evil.example"));
    QVERIFY(evil.openRefused(QUrl(m_controller->wsUrl())));
    RejectionsModel &rejections = m_window->models().rejections();
    QVERIFY(pollUntil([&] { return rejections.rowCount() == 1; }));
    QCOMPARE(rejections.index(0, RejectionsModel::Origin).data().toString(), QStringLiteral("http://evil.example"));
    QCOMPARE(rejections.index(0, RejectionsModel::HttpStatus).data().toString(), QStringLiteral("403"));
    QVERIFY(rejections.index(0, RejectionsModel::Reason).data().toString().startsWith(QStringLiteral("origin not allowed")));
    QCOMPARE(m_window->models().rejectedOrigins().counts(), (CountsModel::Counts{{QStringLiteral("http://evil.example"), 1}}));
    QCOMPARE(m_window->tabs()->tabText(2), QStringLiteral("Rejections (1)"));
}

void TestMainWindowLive::chartsAndStatusShowTraffic()
{
    // A few seconds of traffic so the rates (and the screenshot) have something to show.
    QElapsedTimer timer;
    timer.start();
    int published = 0;
    while (timer.elapsed() < 2500) {
        for (int i = 0; i < 20; ++i, ++published)
            m_backend.send(QByteArrayLiteral("PUB chat.room 11\r\nhello world\r\n"));
        m_window->poller().poll();
        QTest::qWait(250);
    }
    QVERIFY(m_dash->waitFor("MSG chat.room 2 11\r\nhello world\r\n"));
    QVERIFY(pollUntil([&] { return m_window->models().totals().traffic.msgsIn >= published; }));
    QVERIFY(m_window->models().lastRates().has_value());
    QVERIFY(m_window->chartsPanel()->pointCount() >= 2);
    const QString status = m_window->statusLine()->text();
    QVERIFY2(status.contains(QStringLiteral("TCP 1 · WebSocket 1")), qPrintable(status));
}

void TestMainWindowLive::screenshot()
{
    m_window->connectionsView()->selectId(
        m_window->models().connections().connection(rowOfClient(QStringLiteral("dash"))).id);
    m_window->tabs()->setCurrentIndex(0);
    QTest::qWait(50);
    const QImage image = m_window->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(QDir().mkpath(QStringLiteral(NATSWS_SCREENSHOT_DIR)));
    const QString path = QStringLiteral(NATSWS_SCREENSHOT_DIR "/main-window.png");
    QVERIFY(image.save(path));
    QVERIFY(QFile::exists(path));
    // The README's copy is refreshed on request, so test runs never touch the source tree.
    if (qEnvironmentVariableIsSet("NATSWS_UPDATE_DOCS_SCREENSHOT")) {
        const QString docs = QStringLiteral(NATSWS_SOURCE_DIR "/docs/screenshots/main-window.png");
        QVERIFY(QDir().mkpath(QFileInfo(docs).path()));
        QFile::remove(docs);
        QVERIFY(QFile::copy(path, docs));
    }
}

void TestMainWindowLive::operatorCloseIsRecorded()
{
    ConnectionsView *view = m_window->connectionsView();
    const quint64 id = m_window->models().connections().connection(rowOfClient(QStringLiteral("dash"))).id;
    QVERIFY(view->selectId(id));
    view->closeAction()->trigger();
    ClosedConnectionsModel &closed = m_window->models().closed();
    QVERIFY(pollUntil([&] { return closed.rowCount() == 2; }));
    QCOMPARE(closed.index(1, ClosedConnectionsModel::ClientName).data().toString(), QStringLiteral("dash"));
    QCOMPARE(closed.index(1, ClosedConnectionsModel::Reason).data().toString(), QStringLiteral("Kicked"));
    QVERIFY(!view->details()->shownId().has_value());
}

void TestMainWindowLive::exportRoundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("csv") << int(monitor::ExportFormat::Csv);
    QTest::newRow("json lines") << int(monitor::ExportFormat::JsonLines);
}

void TestMainWindowLive::exportRoundTrip()
{
    QFETCH(int, format);
    const auto exportFormat = monitor::ExportFormat(format);
    QTemporaryDir dir;
    const monitor::ExportResult result = m_window->exportTo(dir.path(), exportFormat);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.files.size(), 3);

    // Each file parses back to records whose identifying field matches the dashboard's rows.
    const QStringList keyField = {QStringLiteral("name"), QStringLiteral("name"), QStringLiteral("origin")};
    QList<QStringList> expected(3);
    const ConnectionsModel &open = m_window->models().connections();
    for (int row = 0; row < open.rowCount(); ++row)
        expected[0].append(open.connection(row).clientName);
    for (const auto &c : m_window->models().closed().records())
        expected[1].append(c.connection.clientName);
    for (const auto &r : m_window->models().rejections().records())
        expected[2].append(r.origin);
    for (int table = 0; table < 3; ++table) {
        QFile file(result.files[table]);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        for (const QByteArray &secret : {kPassword, kCookieSecret, kBearerSecret})
            QVERIFY2(!bytes.contains(secret), secret.constData());
        QStringList keys;
        if (exportFormat == monitor::ExportFormat::Csv) {
            const monitor::CsvParseResult parsed = monitor::parseCsv(QString::fromUtf8(bytes));
            QVERIFY2(parsed.ok(), qPrintable(parsed.error));
            QVERIFY(!parsed.rows.isEmpty());
            const qsizetype column = parsed.rows.first().indexOf(keyField[table]);
            QVERIFY(column >= 0);
            for (qsizetype row = 1; row < parsed.rows.size(); ++row)
                keys.append(parsed.rows[row].at(column));
        } else {
            for (const QByteArray &line : bytes.split('\n')) {
                if (line.isEmpty())
                    continue;
                QJsonParseError error;
                const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
                QCOMPARE(error.error, QJsonParseError::NoError);
                keys.append(object.value(keyField[table]).toString());
            }
        }
        QCOMPARE(keys, expected[table]);
    }
    QCOMPARE(expected[0], QStringList{QStringLiteral("backend")});
    QCOMPARE(expected[1], (QStringList{QStringLiteral("chat-ui"), QStringLiteral("dash")}));
}

QTEST_MAIN(TestMainWindowLive)
#include "tst_mainwindow_live.moc"
