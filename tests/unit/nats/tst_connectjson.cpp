// CONNECT JSON as Go's encoding/json reads it into nats-server's ClientOpts, and client INFO.
#include "core/nats/ConnectJson.h"

#include <QTest>

using namespace natsws::nats;

class TestConnectJson : public QObject {
    Q_OBJECT
private slots:
    void merge_data();
    void merge();
    void secondConnectKeepsUnmentionedFields();
    void clientInfo_data();
    void clientInfo();
};

void TestConnectJson::merge_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("namesAccount");
    // verbose, pedantic, echo, headers, no_responders as "vpehn" flags (1/0), then protocol.
    QTest::addColumn<QByteArray>("flags");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("name");

    auto row = [](const char *name, const QByteArray &json, bool ok, const char *flags, int protocol = 0,
                  const QString &clientName = QString(), bool account = false) {
        QTest::newRow(name) << json << ok << account << QByteArray(flags) << protocol << clientName;
    };
    row("empty object keeps defaults", "{}", true, "11100");
    row("every field",
        R"({"verbose":false,"pedantic":false,"echo":false,"headers":true,"no_responders":true,)"
        R"("protocol":1,"name":"svc","lang":"go","version":"1.2","user":"u","pass":"p",)"
        R"("auth_token":"t","jwt":"j","tls_required":false,"nkey":"","sig":""})",
        true, "00011", 1, QStringLiteral("svc"));
    row("keys match ignoring case", R"({"Verbose":false,"ECHO":false,"NaMe":"x"})", true, "01000", 0,
        QStringLiteral("x"));
    // Go applies members in document order, so the last one naming a field wins.
    row("last of case-folded keys wins", R"({"verbose":true,"VERBOSE":false})", true, "01100");
    row("last of case-folded keys wins reversed", R"({"VERBOSE":false,"verbose":true})", true, "11100");
    row("duplicate key last wins", R"({"echo":false,"echo":true})", true, "11100");
    row("escaped key", R"({"\u0065cho":false})", true, "11000");
    row("nested object values skipped", R"({"import":{"allow":["a,b}"]},"echo":false})", true, "11000");
    row("null leaves a field alone", R"({"verbose":null,"name":null})", true, "11100");
    row("null document", "null", true, "11100");
    row("surrounding whitespace", "  {\"echo\":false}  ", true, "11000");
    row("unknown keys ignored", R"({"foo":[1,2],"bar":{"x":1}})", true, "11100");
    row("bool as string", R"({"verbose":"false"})", false, "11100");
    row("bool as number", R"({"echo":0})", false, "11100");
    row("string as number", R"({"name":5})", false, "11100");
    row("protocol not integral", R"({"protocol":1.5})", false, "11100");
    row("protocol with fraction zero", R"({"protocol":1.0})", false, "11100");
    row("protocol with exponent", R"({"protocol":1e0})", false, "11100");
    row("protocol negative", R"({"protocol":-1})", true, "11100", -1);
    row("protocol beyond int", R"({"protocol":4294967296})", false, "11100");
    row("protocol as string", R"({"protocol":"1"})", false, "11100");
    row("import must be an object", R"({"import":5})", false, "11100");
    row("account designation", R"({"account":"A"})", true, "11100", 0, QString(), true);
    row("new account designation", R"({"new_account":true})", true, "11100", 0, QString(), true);
    row("not json", "xyz", false, "11100");
    row("empty", "", false, "11100");
    row("array", "[]", false, "11100");
    row("string", "\"s\"", false, "11100");
    row("trailing garbage", "{} x", false, "11100");
    row("truncated", "{\"verbose\":", false, "11100");
}

void TestConnectJson::merge()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    QFETCH(bool, namesAccount);
    QFETCH(QByteArray, flags);
    QFETCH(int, protocol);
    QFETCH(QString, name);
    ConnectInfo info;
    const ConnectParseResult result = mergeConnectJson(json, info);
    QCOMPARE(result.ok, ok);
    if (!ok)
        return;
    QCOMPARE(result.namesAccount, namesAccount);
    const QByteArray got = QByteArray() + (info.verbose ? '1' : '0') + (info.pedantic ? '1' : '0')
        + (info.echo ? '1' : '0') + (info.headers ? '1' : '0') + (info.noResponders ? '1' : '0');
    QCOMPARE(got, flags);
    QCOMPARE(info.protocol, protocol);
    QCOMPARE(info.name, name);
}

void TestConnectJson::secondConnectKeepsUnmentionedFields()
{
    ConnectInfo info;
    QVERIFY(mergeConnectJson(R"({"echo":false,"user":"alice","pass":"secret","name":"a"})", info).ok);
    QVERIFY(mergeConnectJson(R"({"name":"b"})", info).ok);
    QCOMPARE(info.echo, false);
    QCOMPARE(info.user, QStringLiteral("alice"));
    QCOMPARE(info.pass, QStringLiteral("secret"));
    QCOMPARE(info.name, QStringLiteral("b"));
}

void TestConnectJson::clientInfo_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("acceptable");
    QTest::newRow("object") << QByteArray(R"({"server_id":"x"})") << true;
    QTest::newRow("empty object") << QByteArray("{}") << true;
    QTest::newRow("null") << QByteArray("null") << true;
    QTest::newRow("not json") << QByteArray("xx") << false;
    QTest::newRow("array") << QByteArray("[1]") << false;
}

void TestConnectJson::clientInfo()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, acceptable);
    QCOMPARE(isAcceptableClientInfo(json), acceptable);
}

QTEST_APPLESS_MAIN(TestConnectJson)
#include "tst_connectjson.moc"
