// Subject syntax rules against nats-server's sublist.go (IsValidSubject,
// IsValidLiteralSubject, what Insert accepts, subjectIsLiteral).
#include "core/nats/Subject.h"

#include <QTest>

using namespace natsws::nats;

class TestSubject : public QObject {
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void split_data();
    void split();
};

void TestSubject::rules_data()
{
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<bool>("valid");         // IsValidSubject
    QTest::addColumn<bool>("literal");       // IsValidLiteralSubject
    QTest::addColumn<bool>("subscribable");  // Sublist insert
    QTest::addColumn<bool>("wildcard");

    QTest::newRow("single token") << QByteArray("foo") << true << true << true << false;
    QTest::newRow("dotted") << QByteArray("foo.bar.baz") << true << true << true << false;
    QTest::newRow("star alone") << QByteArray("*") << true << false << true << true;
    QTest::newRow("gt alone") << QByteArray(">") << true << false << true << true;
    QTest::newRow("star in middle") << QByteArray("foo.*.baz") << true << false << true << true;
    QTest::newRow("gt last") << QByteArray("foo.>") << true << false << true << true;
    QTest::newRow("gt not last") << QByteArray("foo.>.bar") << false << false << false << true;
    QTest::newRow("star then gt") << QByteArray("*.>") << true << false << true << true;
    QTest::newRow("star inside token is literal") << QByteArray("foo*.bar") << true << true << true << false;
    QTest::newRow("gt inside token is literal") << QByteArray("a.b>c") << true << true << true << false;
    QTest::newRow("empty") << QByteArray("") << false << false << false << false;
    QTest::newRow("empty middle token") << QByteArray("foo..bar") << false << false << false << false;
    QTest::newRow("leading dot") << QByteArray(".foo") << false << false << false << false;
    QTest::newRow("trailing dot") << QByteArray("foo.") << false << false << false << false;
    QTest::newRow("lone dot") << QByteArray(".") << false << false << false << false;
    // Whitespace fails IsValidSubject only; the literal check and Insert do not look at it.
    QTest::newRow("space inside") << QByteArray("foo bar") << false << true << true << false;
    QTest::newRow("tab token") << QByteArray("foo.\t") << false << true << true << false;
    QTest::newRow("form feed") << QByteArray("a\f") << false << true << true << false;
    QTest::newRow("utf8 literal") << QByteArray("caf\xc3\xa9.menu") << true << true << true << false;
}

void TestSubject::rules()
{
    QFETCH(QByteArray, subject);
    QFETCH(bool, valid);
    QFETCH(bool, literal);
    QFETCH(bool, subscribable);
    QFETCH(bool, wildcard);
    QCOMPARE(isValidSubject(subject), valid);
    QCOMPARE(isValidLiteralSubject(subject), literal);
    QCOMPARE(isValidSubscriptionSubject(subject), subscribable);
    QCOMPARE(subjectHasWildcard(subject), wildcard);
}

void TestSubject::split_data()
{
    QTest::addColumn<QByteArray>("subject");
    QTest::addColumn<QByteArrayList>("tokens");
    QTest::newRow("one") << QByteArray("a") << QByteArrayList{"a"};
    QTest::newRow("three") << QByteArray("a.b.c") << QByteArrayList{"a", "b", "c"};
    QTest::newRow("empty tokens kept") << QByteArray(".a..") << QByteArrayList{"", "a", "", ""};
    QTest::newRow("empty") << QByteArray() << QByteArrayList{""};
}

void TestSubject::split()
{
    QFETCH(QByteArray, subject);
    QFETCH(QByteArrayList, tokens);
    QByteArrayList got;
    for (QByteArrayView token : splitSubject(subject))
        got.append(token.toByteArray());
    QCOMPARE(got, tokens);
}

QTEST_APPLESS_MAIN(TestSubject)
#include "tst_subject.moc"
