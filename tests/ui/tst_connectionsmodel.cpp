// ConnectionsModel: fields per column, batched updates, and the text filter of the view.
#include "tests/unit/monitor/FakeProbe.h"
#include "ui/ConnectionsModel.h"
#include "ui/FilteredTable.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace natsws;
using namespace natsws::ui;
using natsws::monitor::ConnectionSnapshot;

namespace {
const QDateTime kNow = QDateTime(QDate(2026, 12, 3), QTime(15, 2, 5), Qt::UTC);

QList<ConnectionSnapshot> withIds(const QList<quint64> &ids)
{
    QList<ConnectionSnapshot> list;
    for (quint64 id : ids)
        list.append(id % 2 ? testing::sampleWebSocket(id) : testing::sampleTcp(id));
    return list;
}

QList<quint64> idsIn(const ConnectionsModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, ConnectionsModel::Id).data(ConnectionsModel::IdRole).toULongLong());
    return ids;
}
} // namespace

class TestConnectionsModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void columns_data();
    void columns();
    void sortValuesAreNumbers();
    void updates_data();
    void updates();
    void changedRowsAreOneSignalPerRun();
    void clockMovesOnlyTimeColumns();
    void rowForId();
    void filter_data();
    void filter();
};

void TestConnectionsModel::columns_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::newRow("id") << int(ConnectionsModel::Id) << QStringLiteral("7");
    QTest::newRow("kind") << int(ConnectionsModel::Kind) << QStringLiteral("WebSocket");
    QTest::newRow("remote") << int(ConnectionsModel::Remote) << QStringLiteral("127.0.0.1:50007");
    QTest::newRow("forwarded for") << int(ConnectionsModel::ForwardedFor) << QStringLiteral("203.0.113.9");
    QTest::newRow("origin") << int(ConnectionsModel::Origin) << QStringLiteral("http://localhost:3000");
    QTest::newRow("browser") << int(ConnectionsModel::Browser) << QStringLiteral("Chrome 131");
    QTest::newRow("client name") << int(ConnectionsModel::ClientName) << QStringLiteral("app-7");
    QTest::newRow("lang") << int(ConnectionsModel::Lang) << QStringLiteral("nats.ws");
    QTest::newRow("version") << int(ConnectionsModel::Version) << QStringLiteral("1.29.2");
    QTest::newRow("user") << int(ConnectionsModel::User) << QStringLiteral("alice");
    QTest::newRow("tls") << int(ConnectionsModel::Tls) << QStringLiteral("no");
    QTest::newRow("compression") << int(ConnectionsModel::Compression) << QStringLiteral("yes");
    QTest::newRow("ratio in") << int(ConnectionsModel::RatioIn) << QStringLiteral("2.00×");
    QTest::newRow("ratio out") << int(ConnectionsModel::RatioOut) << QStringLiteral("3.00×");
    QTest::newRow("msgs in") << int(ConnectionsModel::MsgsIn) << QStringLiteral("70");
    QTest::newRow("msgs out") << int(ConnectionsModel::MsgsOut) << QStringLiteral("140");
    QTest::newRow("bytes in") << int(ConnectionsModel::BytesIn) << QStringLiteral("1,000 bytes");
    QTest::newRow("bytes out") << int(ConnectionsModel::BytesOut) << QStringLiteral("1.95 KiB");
    QTest::newRow("pending") << int(ConnectionsModel::Pending) << QStringLiteral("0 bytes");
    QTest::newRow("subscriptions") << int(ConnectionsModel::Subscriptions) << QStringLiteral("2");
    QTest::newRow("uptime") << int(ConnectionsModel::Uptime) << QStringLiteral("2m 05s");
    QTest::newRow("idle") << int(ConnectionsModel::Idle) << QStringLiteral("1m 35s");
}

void TestConnectionsModel::columns()
{
    QFETCH(int, column);
    QFETCH(QString, text);
    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConnectionSnapshot c = testing::sampleWebSocket(7);
    c.forwardedFor = QStringLiteral("203.0.113.9");
    c.user = QStringLiteral("alice");
    model.update({c}, kNow);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, column).data().toString(), text);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestConnectionsModel::sortValuesAreNumbers()
{
    ConnectionsModel model;
    model.update(withIds({1}), kNow);
    QCOMPARE(model.index(0, ConnectionsModel::MsgsIn).data(ConnectionsModel::SortRole).toLongLong(), 10);
    QCOMPARE(model.index(0, ConnectionsModel::Uptime).data(ConnectionsModel::SortRole).toLongLong(), 125000);
    QCOMPARE(model.index(0, ConnectionsModel::Compression).data().toString(), QStringLiteral("yes"));
    model.update(withIds({2}), kNow);
    QCOMPARE(model.index(0, ConnectionsModel::Compression).data().toString(), QStringLiteral("–"));   // TCP
    ConnectionSnapshot plain = testing::sampleWebSocket(3);
    plain.compression = false;
    model.update({plain}, kNow);
    QCOMPARE(model.index(0, ConnectionsModel::Compression).data().toString(), QStringLiteral("no"));
    QCOMPARE(model.index(0, ConnectionsModel::RatioOut).data().toString(), QStringLiteral("–"));
}

void TestConnectionsModel::updates_data()
{
    QTest::addColumn<QList<quint64>>("before");
    QTest::addColumn<QList<quint64>>("after");
    QTest::addColumn<int>("insertSignals");
    QTest::addColumn<int>("removeSignals");
    QTest::addColumn<int>("resets");
    QList<quint64> hundred, odd;
    for (quint64 id = 1; id <= 100; ++id) {
        hundred.append(id);
        if (id % 2)
            odd.append(id);
    }
    QTest::newRow("first poll is one insert") << QList<quint64>{} << QList<quint64>{1, 2, 3, 4} << 1 << 0 << 0;
    QTest::newRow("appended run") << QList<quint64>{1, 2} << QList<quint64>{1, 2, 3, 4, 5} << 1 << 0 << 0;
    QTest::newRow("insert in the middle") << QList<quint64>{1, 5} << QList<quint64>{1, 2, 3, 5} << 1 << 0 << 0;
    QTest::newRow("two insert runs") << QList<quint64>{2, 5} << QList<quint64>{1, 2, 3, 5, 6} << 3 << 0 << 0;
    QTest::newRow("one removal run") << QList<quint64>{1, 2, 3, 4} << QList<quint64>{1, 4} << 0 << 1 << 0;
    QTest::newRow("two removal runs") << QList<quint64>{1, 2, 3, 4, 5} << QList<quint64>{2, 4} << 0 << 3 << 0;
    QTest::newRow("everything replaced") << QList<quint64>{1, 2} << QList<quint64>{3, 4} << 1 << 1 << 0;
    QTest::newRow("all gone") << QList<quint64>{1, 2, 3} << QList<quint64>{} << 0 << 1 << 0;
    QTest::newRow("mixed") << QList<quint64>{1, 3, 5, 7} << QList<quint64>{2, 3, 7, 8, 9} << 2 << 2 << 0;
    QTest::newRow("heavy churn is one reset") << hundred << odd << 0 << 0 << 1;
}

void TestConnectionsModel::updates()
{
    QFETCH(QList<quint64>, before);
    QFETCH(QList<quint64>, after);
    QFETCH(int, insertSignals);
    QFETCH(int, removeSignals);
    QFETCH(int, resets);
    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(withIds(before), kNow);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.update(withIds(after), kNow);
    QCOMPARE(idsIn(model), after);
    QCOMPARE(inserted.size(), insertSignals);
    QCOMPARE(removed.size(), removeSignals);
    QCOMPARE(reset.size(), resets);
}

void TestConnectionsModel::changedRowsAreOneSignalPerRun()
{
    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ConnectionSnapshot> list = withIds({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    model.update(list, kNow);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.update(list, kNow);                       // nothing moved
    QCOMPARE(changed.size(), 0);

    list[2].traffic.msgsIn += 1;                     // rows 2 and 3: one run
    list[3].pendingBytes = 512;
    list[7].subscriptions.append(QStringLiteral("new.subject"));   // row 7: a second run
    model.update(list, kNow);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed[0][0].toModelIndex().row(), 2);
    QCOMPARE(changed[0][1].toModelIndex().row(), 3);
    QCOMPARE(changed[1][0].toModelIndex().row(), 7);
    QCOMPARE(model.index(3, ConnectionsModel::Pending).data().toString(), QStringLiteral("512 bytes"));

    changed.clear();
    for (auto &c : list)                             // most rows changed: one signal for all
        c.traffic.msgsOut += 5;
    model.update(list, kNow);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 0);
    QCOMPARE(changed[0][1].toModelIndex().row(), 9);
}

void TestConnectionsModel::clockMovesOnlyTimeColumns()
{
    ConnectionsModel model;
    const QList<ConnectionSnapshot> list = withIds({1, 2, 3});
    model.update(list, kNow);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.update(list, kNow.addSecs(1));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().column(), int(ConnectionsModel::Uptime));
    QCOMPARE(changed[0][1].toModelIndex().column(), int(ConnectionsModel::Idle));
    QCOMPARE(changed[0][1].toModelIndex().row(), 2);
    QCOMPARE(model.index(0, ConnectionsModel::Uptime).data().toString(), QStringLiteral("2m 06s"));
}

void TestConnectionsModel::rowForId()
{
    ConnectionsModel model;
    model.update(withIds({3, 8, 20}), kNow);
    QCOMPARE(model.rowForId(3), 0);
    QCOMPARE(model.rowForId(20), 2);
    QCOMPARE(model.rowForId(9), -1);
    model.clear();
    QCOMPARE(model.rowForId(3), -1);
}

void TestConnectionsModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("visible");
    QTest::newRow("empty shows all") << QString() << QList<quint64>{1, 2, 3, 4};
    QTest::newRow("by origin") << QStringLiteral("example.org") << QList<quint64>{3};
    QTest::newRow("case-insensitive") << QStringLiteral("EXAMPLE.ORG") << QList<quint64>{3};
    QTest::newRow("by kind") << QStringLiteral("tcp") << QList<quint64>{2, 4};
    QTest::newRow("by client name") << QStringLiteral("service-4") << QList<quint64>{4};
    QTest::newRow("by browser") << QStringLiteral("chrome") << QList<quint64>{1, 3};
    QTest::newRow("nothing") << QStringLiteral("no-such-thing") << QList<quint64>{};
    QTest::newRow("counters are not searched") << QStringLiteral("60") << QList<quint64>{};
}

void TestConnectionsModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QList<quint64>, visible);
    ConnectionsModel model;
    QList<ConnectionSnapshot> list = withIds({1, 2, 3, 4});
    list[2].origin = QStringLiteral("https://app.example.org");
    model.update(list, kNow);
    FilteredTable table(&model, ConnectionsModel::SortRole);
    table.proxy()->setFilterColumns({ConnectionsModel::Id, ConnectionsModel::Kind, ConnectionsModel::Origin,
                                     ConnectionsModel::Browser, ConnectionsModel::ClientName});
    QAbstractItemModelTester tester(table.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    table.proxy()->sort(ConnectionsModel::Id);
    QTest::keyClicks(table.filterEdit(), text);
    QList<quint64> shown;
    for (int row = 0; row < table.proxy()->rowCount(); ++row)
        shown.append(table.proxy()->index(row, 0).data(ConnectionsModel::IdRole).toULongLong());
    QCOMPARE(shown, visible);
}

QTEST_MAIN(TestConnectionsModel)
#include "tst_connectionsmodel.moc"
