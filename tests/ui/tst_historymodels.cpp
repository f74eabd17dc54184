// Closed-connection and rejection histories (bounded), their summaries, and close-frame text.
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/ClosedConnectionsModel.h"
#include "ui/CountsModel.h"
#include "ui/DashboardModels.h"
#include "ui/RejectionsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace natsws;
using namespace natsws::ui;

class TestHistoryModels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void closedColumns_data();
    void closedColumns();
    void closeFrameText_data();
    void closeFrameText();
    void categoryText_data();
    void categoryText();
    void boundedHistory_data();
    void boundedHistory();
    void shrinkingTheLimitDropsOldest();
    void rejectionColumns_data();
    void rejectionColumns();
    void counts();
    void countsSignalOnlyOnChange();
};

void TestHistoryModels::closedColumns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::newRow("id") << int(ClosedConnectionsModel::Id) << QStringLiteral("4");
    QTest::newRow("lifetime") << int(ClosedConnectionsModel::Lifetime) << QStringLiteral("1m 30s");
    QTest::newRow("reason") << int(ClosedConnectionsModel::Reason) << QStringLiteral("Client Closed");
    QTest::newRow("category") << int(ClosedConnectionsModel::Category) << QStringLiteral("normal");
    QTest::newRow("ws sent") << int(ClosedConnectionsModel::WsSent) << QStringLiteral("1001 bye");
    QTest::newRow("ws received") << int(ClosedConnectionsModel::WsReceived) << QStringLiteral("1001 bye");
    QTest::newRow("msgs in") << int(ClosedConnectionsModel::MsgsIn) << QStringLiteral("40");
    QTest::newRow("origin") << int(ClosedConnectionsModel::Origin) << QStringLiteral("http://localhost:3000");
}

void TestHistoryModels::closedColumns()
{
    QFETCH(int, column);
    QFETCH(QString, text);
    ClosedConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({testing::sampleClosed(4, QStringLiteral("Client Closed"), 1001)});
    QCOMPARE(model.index(0, column).data().toString(), text);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestHistoryModels::closeFrameText_data()
{
    QTest::addColumn<bool>("present");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << false << 0 << QString() << QStringLiteral("no close frame");
    QTest::newRow("empty payload") << true << 0 << QString() << QStringLiteral("empty close frame");
    QTest::newRow("status only") << true << 1000 << QString() << QStringLiteral("1000");
    QTest::newRow("status and reason") << true << 1008 << QStringLiteral("Authentication Failure")
                                       << QStringLiteral("1008 Authentication Failure");
}

void TestHistoryModels::closeFrameText()
{
    QFETCH(bool, present);
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QString, text);
    QCOMPARE(ClosedConnectionsModel::closeFrameText(present, status, reason), text);
}

void TestHistoryModels::categoryText_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("text");
    QTest::newRow("normal") << QStringLiteral("normal") << QStringLiteral("normal");
    QTest::newRow("auth is spelled out") << QStringLiteral("auth") << QStringLiteral("authentication");
    QTest::newRow("handshake") << QStringLiteral("handshake") << QStringLiteral("handshake");
    QTest::newRow("unknown passes through") << QStringLiteral("cosmic-rays") << QStringLiteral("cosmic-rays");
}

void TestHistoryModels::categoryText()
{
    QFETCH(QString, category);
    QFETCH(QString, text);
    QCOMPARE(ClosedConnectionsModel::categoryText(category), text);
}

void TestHistoryModels::boundedHistory_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<int>>("batches");       // sizes of successive appends
    QTest::addColumn<quint64>("oldestId");
    QTest::addColumn<int>("rows");
    QTest::newRow("under the limit") << 10 << QList<int>{3, 4} << quint64(1) << 7;
    QTest::newRow("exactly full") << 5 << QList<int>{2, 3} << quint64(1) << 5;
    QTest::newRow("oldest dropped") << 5 << QList<int>{4, 3} << quint64(3) << 5;
    QTest::newRow("batch larger than limit") << 3 << QList<int>{2, 7} << quint64(7) << 3;
    QTest::newRow("limit one") << 1 << QList<int>{1, 1, 1} << quint64(3) << 1;
}

void TestHistoryModels::boundedHistory()
{
    QFETCH(int, limit);
    QFETCH(QList<int>, batches);
    QFETCH(quint64, oldestId);
    QFETCH(int, rows);
    ClosedConnectionsModel model(limit);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    quint64 next = 1;
    for (int size : batches) {
        QList<monitor::ClosedConnection> batch;
        for (int i = 0; i < size; ++i)
            batch.append(testing::sampleClosed(next++));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.append(batch);
        QVERIFY(inserted.size() <= 1);           // a batch is at most one insert and one removal
        QVERIFY(removed.size() <= 1);
    }
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.record(0).connection.id, oldestId);
    QCOMPARE(model.record(rows - 1).connection.id, next - 1);
}

void TestHistoryModels::shrinkingTheLimitDropsOldest()
{
    RejectionsModel model(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<monitor::HandshakeRejection> batch;
    for (int i = 0; i < 6; ++i)
        batch.append(testing::sampleRejection(QStringLiteral("http://o%1.example").arg(i)));
    model.append(batch);
    model.setLimit(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.record(0).origin, QStringLiteral("http://o4.example"));
}

void TestHistoryModels::rejectionColumns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::newRow("remote") << int(RejectionsModel::Remote) << QStringLiteral("127.0.0.1:51515");
    QTest::newRow("origin") << int(RejectionsModel::Origin) << QStringLiteral("http://evil.example");
    QTest::newRow("status") << int(RejectionsModel::HttpStatus) << QStringLiteral("403");
    QTest::newRow("reason") << int(RejectionsModel::Reason) << QStringLiteral("origin not allowed: not in the allowed list");
    QTest::newRow("path query masked") << int(RejectionsModel::Path) << QStringLiteral("/?auth_token=••••••");
    QTest::newRow("user agent") << int(RejectionsModel::UserAgent) << QStringLiteral("Mozilla/5.0 Firefox/133.0");
}

void TestHistoryModels::rejectionColumns()
{
    QFETCH(int, column);
    QFETCH(QString, text);
    RejectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    monitor::HandshakeRejection r = testing::sampleRejection(QStringLiteral("http://evil.example"));
    r.path = QStringLiteral("/?auth_token=hunter2");
    model.append({r});
    QCOMPARE(model.index(0, column).data().toString(), text);
}

void TestHistoryModels::counts()
{
    DashboardModels models;
    QAbstractItemModelTester reasons(&models.closeReasons(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester origins(&models.rejectedOrigins(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    MonitorSample sample;
    sample.time = QDateTime::currentDateTimeUtc();
    sample.closed = {testing::sampleClosed(1, QStringLiteral("Client Closed")), testing::sampleClosed(2, QStringLiteral("Kicked")),
                     testing::sampleClosed(3, QStringLiteral("Client Closed"))};
    sample.rejections = {testing::sampleRejection(QStringLiteral("http://b.example")),
                         testing::sampleRejection(QStringLiteral("http://a.example")),
                         testing::sampleRejection(QStringLiteral("http://b.example")),
                         testing::sampleRejection(QString(), 400)};
    models.apply(sample);
    QCOMPARE(models.closeReasons().counts(),
             (CountsModel::Counts{{QStringLiteral("Client Closed"), 2}, {QStringLiteral("Kicked"), 1}}));
    QCOMPARE(models.rejectedOrigins().counts(),
             (CountsModel::Counts{{QStringLiteral("http://b.example"), 2}, {QStringLiteral("(no origin)"), 1},
                                  {QStringLiteral("http://a.example"), 1}}));
    QCOMPARE(models.closeReasons().index(0, CountsModel::Count).data().toString(), QStringLiteral("2"));
}

void TestHistoryModels::countsSignalOnlyOnChange()
{
    CountsModel model(QStringLiteral("Reason"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCounts({{QStringLiteral("a"), 1}});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setCounts({{QStringLiteral("a"), 1}});
    QCOMPARE(reset.size(), 0);
    model.setCounts({{QStringLiteral("a"), 2}});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.headerData(CountsModel::Key, Qt::Horizontal).toString(), QStringLiteral("Reason"));
}

QTEST_MAIN(TestHistoryModels)
#include "tst_historymodels.moc"
