// CSV encoding and parsing: quoting rules of RFC 4180 and malformed input.
#include "core/monitor/Csv.h"

#include <QTest>

using namespace natsws::monitor;

class TestCsv : public QObject {
    Q_OBJECT
private slots:
    void cell_data();
    void cell();
    void parse_data();
    void parse();
    void malformed_data();
    void malformed();
    void roundTrip_data();
    void roundTrip();
};

void TestCsv::cell_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
    QTest::newRow("spaces kept unquoted") << QStringLiteral(" a ") << QStringLiteral(" a ");
    QTest::newRow("unicode") << QStringLiteral("Grüße") << QStringLiteral("Grüße");
}

void TestCsv::cell()
{
    QFETCH(QString, text);
    QFETCH(QString, encoded);
    QCOMPARE(csvCell(text), encoded);
}

void TestCsv::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::newRow("empty text") << QString() << QList<QStringList>{};
    QTest::newRow("one cell no newline") << QStringLiteral("a") << QList<QStringList>{{QStringLiteral("a")}};
    QTest::newRow("crlf rows") << QStringLiteral("a,b\r\nc,d\r\n")
                               << QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                                     {QStringLiteral("c"), QStringLiteral("d")}};
    QTest::newRow("lf rows") << QStringLiteral("a,b\nc,d")
                             << QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                                   {QStringLiteral("c"), QStringLiteral("d")}};
    QTest::newRow("empty cells") << QStringLiteral(",,\r\n")
                                 << QList<QStringList>{{QString(), QString(), QString()}};
    QTest::newRow("quoted comma and newline")
        << QStringLiteral("\"a,b\",\"c\r\nd\"\r\n")
        << QList<QStringList>{{QStringLiteral("a,b"), QStringLiteral("c\r\nd")}};
    QTest::newRow("doubled quote") << QStringLiteral("\"x\"\"y\"")
                                   << QList<QStringList>{{QStringLiteral("x\"y")}};
    QTest::newRow("quoted empty") << QStringLiteral("\"\"") << QList<QStringList>{{QString()}};
    QTest::newRow("blank line is one empty cell")
        << QStringLiteral("a\r\n\r\nb\r\n")
        << QList<QStringList>{{QStringLiteral("a")}, {QString()}, {QStringLiteral("b")}};
}

void TestCsv::parse()
{
    QFETCH(QString, text);
    QFETCH(QList<QStringList>, rows);
    const CsvParseResult result = parseCsv(text);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, rows);
}

void TestCsv::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("unterminated quote") << QStringLiteral("a,\"bc\r\n") << QStringLiteral("line 2: unterminated quoted cell");
    QTest::newRow("text after quote") << QStringLiteral("\"a\"b") << QStringLiteral("line 1: text after a closing quote");
    QTest::newRow("quote inside plain cell") << QStringLiteral("ok\r\nab\"c") << QStringLiteral("line 2: quote inside an unquoted cell");
}

void TestCsv::malformed()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QCOMPARE(parseCsv(text).error, error);
}

void TestCsv::roundTrip_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::newRow("plain") << QStringList{QStringLiteral("1"), QStringLiteral("WebSocket")};
    QTest::newRow("every special character")
        << QStringList{QStringLiteral("a,b"), QStringLiteral("\"q\""), QStringLiteral("l1\nl2"), QStringLiteral("c\r\nd"), QString()};
    QTest::newRow("single empty cell") << QStringList{QString()};
}

void TestCsv::roundTrip()
{
    QFETCH(QStringList, cells);
    const CsvParseResult result = parseCsv(csvRow(cells) + csvRow(cells));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.rows, (QList<QStringList>{cells, cells}));
}

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
