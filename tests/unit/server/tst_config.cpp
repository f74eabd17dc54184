// ConfigParser (nats-server syntax → value tree), loadConfigFile and validateOptions.
#include "core/server/ConfigParser.h"
#include "core/server/Options.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace natsws::server;
using namespace Qt::StringLiterals;

namespace {

// Compact, typed rendering of a tree: {a:1,b:"x",c:[true,1.5],d:@2020-01-02T03:04:05Z}.
QString dump(const ConfigValue &v)
{
    switch (v.type) {
    case ConfigValue::Type::String: return QLatin1Char('"') + v.string + QLatin1Char('"');
    case ConfigValue::Type::Integer: return QString::number(v.integer);
    case ConfigValue::Type::Float: return QString::number(v.real, 'g', 10) + QLatin1Char('f');
    case ConfigValue::Type::Bool: return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case ConfigValue::Type::DateTime: return QLatin1Char('@') + v.dateTime.toString(Qt::ISODate);
    case ConfigValue::Type::Array: {
        QStringList items;
        for (const ConfigValue &c : v.children)
            items.append(dump(c));
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    case ConfigValue::Type::Map: {
        QStringList items;
        for (const ConfigValue &c : v.children)
            items.append(c.key + QLatin1Char(':') + dump(c));
        return QLatin1Char('{') + items.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    }
    return QString();
}

ConfigDocument parse(const QByteArray &text, const QProcessEnvironment &env = QProcessEnvironment())
{
    return ConfigParser(env).parseText(text, QStringLiteral("test.conf"));
}

QString errorText(const ConfigDocument &d) { return d.error ? d.error->toString() : QString(); }

// Writes files into a temporary directory and loads one of them.
class ConfigFiles {
public:
    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(text);
        return path;
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

LoadResult loadText(const QByteArray &text)
{
    static ConfigFiles files; // one directory for the whole run
    return loadConfigFile(files.write(QStringLiteral("load.conf"), text));
}

QString joined(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &i : issues)
        lines.append(i.toString());
    return lines.join(QLatin1Char('\n'));
}

QString millis(Millis m) { return QString::number(m.count()) + QStringLiteral("ms"); }
QString flag(bool b) { return b ? QStringLiteral("true") : QStringLiteral("false"); }

// The options a test row can name, rendered as text.
QString field(const Options &o, const QString &name)
{
    const WebsocketOptions &ws = o.websocket;
    const QHash<QString, std::function<QString()>> fields{
        {QStringLiteral("host"), [&] { return o.host; }},
        {QStringLiteral("port"), [&] { return QString::number(o.port); }},
        {QStringLiteral("serverName"), [&] { return o.serverName; }},
        {QStringLiteral("httpPort"), [&] { return QString::number(o.httpPort); }},
        {QStringLiteral("maxPayload"), [&] { return QString::number(o.maxPayload); }},
        {QStringLiteral("maxConnections"), [&] { return QString::number(o.maxConnections); }},
        {QStringLiteral("maxControlLine"), [&] { return QString::number(o.maxControlLine); }},
        {QStringLiteral("maxSubscriptions"), [&] { return QString::number(o.maxSubscriptions); }},
        {QStringLiteral("maxPending"), [&] { return QString::number(o.maxPending); }},
        {QStringLiteral("pingInterval"), [&] { return millis(o.pingInterval); }},
        {QStringLiteral("maxPingsOut"), [&] { return QString::number(o.maxPingsOut); }},
        {QStringLiteral("writeDeadline"), [&] { return millis(o.writeDeadline); }},
        {QStringLiteral("debug"), [&] { return flag(o.debug); }},
        {QStringLiteral("trace"), [&] { return flag(o.trace); }},
        {QStringLiteral("logtime"), [&] { return flag(o.logtime); }},
        {QStringLiteral("logFile"), [&] { return o.logFile; }},
        {QStringLiteral("closedHistory"), [&] { return QString::number(o.closedHistory); }},
        {QStringLiteral("noAuthUser"), [&] { return o.authorization.noAuthUser; }},
        {QStringLiteral("auth.user"), [&] { return o.authorization.user; }},
        {QStringLiteral("auth.password"), [&] { return o.authorization.password; }},
        {QStringLiteral("auth.token"), [&] { return o.authorization.token; }},
        {QStringLiteral("auth.timeout"), [&] { return millis(o.authorization.timeout); }},
        {QStringLiteral("auth.users"), [&] {
             QStringList users;
             for (const UserEntry &u : o.authorization.users) {
                 users.append(QStringLiteral("%1/%2 pub=%3!%4 sub=%5!%6 resp=%7 types=%8")
                                  .arg(u.user, u.password, u.publishAllow.join(QLatin1Char(',')),
                                       u.publishDeny.join(QLatin1Char(',')), u.subscribeAllow.join(QLatin1Char(',')),
                                       u.subscribeDeny.join(QLatin1Char(',')), flag(u.allowResponses),
                                       u.allowedConnectionTypes.join(QLatin1Char(','))));
             }
             return users.join(QStringLiteral("; "));
         }},
        {QStringLiteral("tls"), [&] {
             return QStringLiteral("%1 %2 %3 %4 verify=%5 %6 min=%7")
                 .arg(flag(o.tls.configured), o.tls.certFile, o.tls.keyFile, o.tls.caFile, flag(o.tls.verify),
                      millis(o.tls.timeout), o.tls.minVersion);
         }},
        {QStringLiteral("ws.configured"), [&] { return flag(ws.configured); }},
        {QStringLiteral("ws.host"), [&] { return ws.host; }},
        {QStringLiteral("ws.port"), [&] { return QString::number(ws.port); }},
        {QStringLiteral("ws.advertise"), [&] { return ws.advertise; }},
        {QStringLiteral("ws.noTls"), [&] { return flag(ws.noTls); }},
        {QStringLiteral("ws.tls"), [&] {
             return QStringLiteral("%1 %2 %3").arg(flag(ws.tls.configured), ws.tls.certFile, ws.tls.keyFile);
         }},
        {QStringLiteral("ws.sameOrigin"), [&] { return flag(ws.sameOrigin); }},
        {QStringLiteral("ws.allowedOrigins"), [&] { return ws.allowedOrigins.join(QLatin1Char(',')); }},
        {QStringLiteral("ws.handshakeTimeout"), [&] { return millis(ws.handshakeTimeout); }},
        {QStringLiteral("ws.compression"), [&] { return flag(ws.compression); }},
        {QStringLiteral("ws.auth"), [&] {
             return QStringLiteral("%1/%2 token=%3 timeout=%4")
                 .arg(ws.authorization.user, ws.authorization.password, ws.authorization.token,
                      millis(ws.authorization.timeout));
         }},
        {QStringLiteral("ws.jwtCookie"), [&] { return ws.jwtCookie; }},
        {QStringLiteral("ws.userCookie"), [&] { return ws.userCookie; }},
        {QStringLiteral("ws.passCookie"), [&] { return ws.passCookie; }},
        {QStringLiteral("ws.tokenCookie"), [&] { return ws.tokenCookie; }},
        {QStringLiteral("ws.noAuthUser"), [&] { return ws.noAuthUser; }},
        {QStringLiteral("ws.headers"), [&] {
             QStringList headers;
             for (const auto &[k, v] : ws.headers)
                 headers.append(QString::fromUtf8(k + ": " + v));
             return headers.join(QStringLiteral("; "));
         }},
        {QStringLiteral("ws.pingInterval"), [&] { return millis(ws.pingInterval); }},
    };
    const auto it = fields.find(name);
    if (it == fields.end())
        qFatal("unknown field %s", qPrintable(name));
    return it.value()();
}

} // namespace

class TestConfig : public QObject {
    Q_OBJECT

private slots:
    void scalars_data();
    void scalars();
    void structure_data();
    void structure();
    void locations_data();
    void locations();
    void syntaxErrors_data();
    void syntaxErrors();
    void variables_data();
    void variables();
    void includes();
    void includeErrors_data();
    void includeErrors();
    void malformedInputEndsCleanly();
    void durations_data();
    void durations();

    void topLevelOptions_data();
    void topLevelOptions();
    void websocketOptions_data();
    void websocketOptions();
    void loadErrors_data();
    void loadErrors();
    void loadWarnings_data();
    void loadWarnings();
    void validation_data();
    void validation();
    void issueText_data();
    void issueText();
    void specExamplesLoadUnchanged_data();
    void specExamplesLoadUnchanged();
    void agreesWithNatsServer_data();
    void agreesWithNatsServer();
};

// --- syntax ------------------------------------------------------------------------------

void TestConfig::scalars_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // dump() of key k

    QTest::newRow("colon") << QByteArray("k: 1") << u"1"_s;
    QTest::newRow("equals") << QByteArray("k = 1") << u"1"_s;
    QTest::newRow("space") << QByteArray("k 1") << u"1"_s;
    QTest::newRow("no spaces around colon") << QByteArray("k:1") << u"1"_s;
    QTest::newRow("negative") << QByteArray("k: -42") << u"-42"_s;
    QTest::newRow("float") << QByteArray("k: 1.5") << u"1.5f"_s;
    QTest::newRow("negative float") << QByteArray("k: -0.25") << u"-0.25f"_s;
    QTest::newRow("true") << QByteArray("k: true") << u"true"_s;
    QTest::newRow("TRUE") << QByteArray("k: TRUE") << u"true"_s;
    QTest::newRow("yes") << QByteArray("k: yes") << u"true"_s;
    QTest::newRow("on") << QByteArray("k: on") << u"true"_s;
    QTest::newRow("false") << QByteArray("k: false") << u"false"_s;
    QTest::newRow("no") << QByteArray("k: no") << u"false"_s;
    QTest::newRow("Off") << QByteArray("k: Off") << u"false"_s;
    QTest::newRow("quoted true is a string") << QByteArray("k: \"true\"") << u"\"true\""_s;
    QTest::newRow("bare string") << QByteArray("k: hello") << u"\"hello\""_s;
    QTest::newRow("bare string with colon") << QByteArray("k: localhost:4222") << u"\"localhost:4222\""_s;
    QTest::newRow("bare string ends at blank") << QByteArray("k: a b") << u""_s;
    QTest::newRow("double quoted") << QByteArray("k: \"a b # not a comment\"") << u"\"a b # not a comment\""_s;
    QTest::newRow("single quoted is raw") << QByteArray("k: 'a\\tb'") << u"\"a\\tb\""_s;
    QTest::newRow("escape tab") << QByteArray("k: \"a\\tb\"") << u"\"a\tb\""_s;
    QTest::newRow("escape newline") << QByteArray("k: \"a\\nb\"") << u"\"a\nb\""_s;
    QTest::newRow("escape return") << QByteArray("k: \"a\\rb\"") << u"\"a\rb\""_s;
    QTest::newRow("escape quote") << QByteArray("k: \"a\\\"b\"") << u"\"a\"b\""_s;
    QTest::newRow("escape backslash") << QByteArray("k: \"a\\\\b\"") << u"\"a\\b\""_s;
    QTest::newRow("escape hex") << QByteArray("k: \"\\x41\\x42\"") << u"\"AB\""_s;
    QTest::newRow("escape in bare string") << QByteArray("k: a\\tb") << u"\"a\tb\""_s;
    QTest::newRow("multi-line double quoted") << QByteArray("k: \"a\nb\"") << u"\"a\nb\""_s;
    QTest::newRow("empty quoted") << QByteArray("k: \"\"") << u"\"\""_s;
    QTest::newRow("utf-8") << QByteArray("k: \"h\xc3\xa9\"") << QString::fromUtf8("\"h\xc3\xa9\"");
    QTest::newRow("1k = 1000") << QByteArray("k: 1k") << u"1000"_s;
    QTest::newRow("1K = 1000") << QByteArray("k: 1K") << u"1000"_s;
    QTest::newRow("1kb = 1024") << QByteArray("k: 1kb") << u"1024"_s;
    QTest::newRow("1KB = 1024") << QByteArray("k: 1KB") << u"1024"_s;
    QTest::newRow("1ki = 1024") << QByteArray("k: 1ki") << u"1024"_s;
    QTest::newRow("1KiB = 1024") << QByteArray("k: 1KiB") << u"1024"_s;
    QTest::newRow("1m = 10^6") << QByteArray("k: 1m") << u"1000000"_s;
    QTest::newRow("1MB = 2^20") << QByteArray("k: 1MB") << u"1048576"_s;
    QTest::newRow("8mb") << QByteArray("k: 8mb") << u"8388608"_s;
    QTest::newRow("1Mi") << QByteArray("k: 1Mi") << u"1048576"_s;
    QTest::newRow("2g") << QByteArray("k: 2g") << u"2000000000"_s;
    QTest::newRow("1GB") << QByteArray("k: 1GB") << u"1073741824"_s;
    QTest::newRow("1t") << QByteArray("k: 1t") << u"1000000000000"_s;
    QTest::newRow("1TB") << QByteArray("k: 1TB") << u"1099511627776"_s;
    QTest::newRow("1p") << QByteArray("k: 1p") << u"1000000000000000"_s;
    QTest::newRow("1e") << QByteArray("k: 1e") << u"1000000000000000000"_s;
    QTest::newRow("-2k") << QByteArray("k: -2k") << u"-2000"_s;
    QTest::newRow("size then comment") << QByteArray("k: 4MB # max") << u"4194304"_s;
    QTest::newRow("500ms is a string") << QByteArray("k: 500ms") << u"\"500ms\""_s;
    QTest::newRow("2s is a string") << QByteArray("k: 2s") << u"\"2s\""_s;
    QTest::newRow("1h is a string") << QByteArray("k: 1h") << u"\"1h\""_s;
    // nats-server reads "1m" as 1000000 and then stumbles over "30s": quote durations.
    QTest::newRow("unquoted 1m30s is an error") << QByteArray("k: 1m30s") << u""_s;
    QTest::newRow("quoted 1m30s") << QByteArray("k: \"1m30s\"") << u"\"1m30s\""_s;
    QTest::newRow("ip:port is a string") << QByteArray("k: 127.0.0.1:4222") << u"\"127.0.0.1:4222\""_s;
    QTest::newRow("ip is a string") << QByteArray("k: 0.0.0.0") << u"\"0.0.0.0\""_s;
    QTest::newRow("datetime") << QByteArray("k: 2020-01-02T03:04:05Z") << u"@2020-01-02T03:04:05Z"_s;
    QTest::newRow("semicolon terminator") << QByteArray("k: abc;") << u"\"abc\""_s;
    QTest::newRow("hash comment after") << QByteArray("k: 1 # one") << u"1"_s;
    QTest::newRow("slash comment after") << QByteArray("k: 1 // one") << u"1"_s;
    QTest::newRow("comment right after") << QByteArray("k: abc#x") << u"\"abc#x\""_s;
    QTest::newRow("bcrypt is not a variable") << QByteArray("k: $2a$11$abcdefghij") << u"\"$2a$11$abcdefghij\""_s;
    QTest::newRow("block string") << QByteArray("k: (\nline one\n  line two\n)\n") << u"\"\nline one\n  line two\""_s;
    QTest::newRow("quoted key") << QByteArray("\"k\": 1") << u"1"_s;
    QTest::newRow("single quoted key") << QByteArray("'k' = 1") << u"1"_s;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBFk: 1") << u"1"_s;
    QTest::newRow("CRLF line ends") << QByteArray("a: 1\r\nk: 2\r\n") << u"2"_s;
}

void TestConfig::scalars()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const ConfigDocument d = parse(text);
    if (expected.isEmpty()) {
        QVERIFY2(!d.ok(), qPrintable(dump(d.root)));
        return;
    }
    QVERIFY2(d.ok(), qPrintable(errorText(d)));
    const ConfigValue *k = d.root.member(u"k");
    QVERIFY(k);
    QCOMPARE(dump(*k), expected);
}

void TestConfig::structure_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QByteArray("") << u"{}"_s;
    QTest::newRow("only comments") << QByteArray("# a\n// b\n   \n") << u"{}"_s;
    QTest::newRow("several lines") << QByteArray("a: 1\nb = two\nc 3\n") << u"{a:1,b:\"two\",c:3}"_s;
    QTest::newRow("commas at top") << QByteArray("a: 1, b: 2; c: 3") << u"{a:1,b:2,c:3}"_s;
    QTest::newRow("block without separator") << QByteArray("ws {\n  port: 1\n}") << u"{ws:{port:1}}"_s;
    QTest::newRow("block with colon") << QByteArray("ws: { port: 1 }") << u"{ws:{port:1}}"_s;
    QTest::newRow("block with equals") << QByteArray("ws = {port = 1}") << u"{ws:{port:1}}"_s;
    QTest::newRow("block members by comma") << QByteArray("m { a: 1, b: 2 }") << u"{m:{a:1,b:2}}"_s;
    QTest::newRow("block members by semicolon") << QByteArray("m { a: 1; b: 2 }") << u"{m:{a:1,b:2}}"_s;
    QTest::newRow("nested blocks") << QByteArray("a { b { c { d: 1 } } }") << u"{a:{b:{c:{d:1}}}}"_s;
    QTest::newRow("empty block") << QByteArray("a {}") << u"{a:{}}"_s;
    QTest::newRow("comments in block") << QByteArray("a { # x\n b: 1 // y\n # z\n}") << u"{a:{b:1}}"_s;
    QTest::newRow("array commas") << QByteArray("a: [1, 2, 3]") << u"{a:[1,2,3]}"_s;
    QTest::newRow("array newlines") << QByteArray("a: [\n  \"x\"\n  \"y\"\n]") << u"{a:[\"x\",\"y\"]}"_s;
    QTest::newRow("array trailing comma") << QByteArray("a: [1, 2,]") << u"{a:[1,2]}"_s;
    QTest::newRow("array comments") << QByteArray("a: [ # c\n 1 # one\n 2 // two\n]") << u"{a:[1,2]}"_s;
    QTest::newRow("empty array") << QByteArray("a: []") << u"{a:[]}"_s;
    QTest::newRow("array of maps") << QByteArray("u: [ {n: a}, {n: b} ]") << u"{u:[{n:\"a\"},{n:\"b\"}]}"_s;
    QTest::newRow("nested arrays") << QByteArray("a: [[1], [2, [3]]]") << u"{a:[[1],[2,[3]]]}"_s;
    QTest::newRow("mixed array") << QByteArray("a: [x, 1, true, 1.5]") << u"{a:[\"x\",1,true,1.5f]}"_s;
    QTest::newRow("json style") << QByteArray("{ \"a\": 1, \"b\": [true, \"s\"], \"c\": { \"d\": null } }")
                                << u"{a:1,b:[true,\"s\"],c:{d:\"null\"}}"_s;
    QTest::newRow("repeated key: last wins, first position")
        << QByteArray("a: 1\nb: 2\na: 3") << u"{a:3,b:2}"_s;
    QTest::newRow("keys keep their case") << QByteArray("Port: 1") << u"{Port:1}"_s;
    QTest::newRow("key then value on the next line") << QByteArray("a\n  1") << u"{a:1}"_s;
    // Accepted by nats-server 2.9.10 (-t), so accepted here too.
    QTest::newRow("stray closing brace") << QByteArray("a: 1 }\nb: 2\n}") << u"{a:1,b:2}"_s;
    QTest::newRow("unclosed wrapper") << QByteArray("{ a: 1") << u"{a:1}"_s;
    QTest::newRow("empty statements") << QByteArray("a: 1;;\n,b: 2,,") << u"{a:1,b:2}"_s;
}

void TestConfig::structure()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const ConfigDocument d = parse(text);
    QVERIFY2(d.ok(), qPrintable(errorText(d)));
    QCOMPARE(dump(d.root), expected);
}

void TestConfig::locations_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("path"); // keys, or #n for an array index
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("first key") << QByteArray("port: 1") << QStringList{u"port"_s} << 1 << 1;
    QTest::newRow("indented key") << QByteArray("a: 1\n   port: 1") << QStringList{u"port"_s} << 2 << 4;
    QTest::newRow("member of a block") << QByteArray("ws {\n  port: 1\n}") << QStringList{u"ws"_s, u"port"_s} << 2 << 3;
    QTest::newRow("block itself") << QByteArray("\n\nws {\n}") << QStringList{u"ws"_s} << 3 << 1;
    QTest::newRow("array item") << QByteArray("a: [\n  x,\n     y\n]") << QStringList{u"a"_s, u"#1"_s} << 3 << 6;
    QTest::newRow("after a multi-line string") << QByteArray("a: \"1\n2\"\nb: 1") << QStringList{u"b"_s} << 3 << 1;
    QTest::newRow("columns count characters") << QByteArray("a: \"\xc3\xa9\xc3\xa9\", b: 1") << QStringList{u"b"_s} << 1 << 10;
    QTest::newRow("tab counts one") << QByteArray("\tb: 1") << QStringList{u"b"_s} << 1 << 2;
}

void TestConfig::locations()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, path);
    QFETCH(int, line);
    QFETCH(int, column);
    const ConfigDocument d = parse(text);
    QVERIFY2(d.ok(), qPrintable(errorText(d)));
    const ConfigValue *v = &d.root;
    for (const QString &step : path) {
        v = step.startsWith(QLatin1Char('#')) ? &v->children.at(step.mid(1).toInt()) : v->member(step);
        QVERIFY2(v, qPrintable(step));
    }
    QCOMPARE(v->location.file, QStringLiteral("test.conf"));
    QCOMPARE(v->location.line, line);
    QCOMPARE(v->location.column, column);
}

void TestConfig::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a part of the message

    QTest::newRow("key without value") << QByteArray("a: 1\nport") << 2 << 1 << u"Expected a value for key 'port'"_s;
    QTest::newRow("separator then newline") << QByteArray("port:\n4222") << 1 << 1 << u"Expected a value for key 'port'"_s;
    QTest::newRow("separator as key") << QByteArray(": 1") << 1 << 1 << u"Unexpected key separator ':'"_s;
    QTest::newRow("unclosed map") << QByteArray("a {\n b: 1\n") << 3 << 1 << u"Unexpected EOF processing map"_s;
    QTest::newRow("unclosed array") << QByteArray("a: [1, 2") << 1 << 9 << u"Unexpected EOF processing array"_s;
    QTest::newRow("unclosed double quote") << QByteArray("a: 1\nb: \"abc") << 2 << 4 << u"string is not closed"_s;
    QTest::newRow("unclosed single quote") << QByteArray("b: 'abc") << 1 << 4 << u"string is not closed"_s;
    QTest::newRow("unclosed quoted key") << QByteArray("\"abc: 1") << 1 << 1 << u"Unexpected EOF in quoted key"_s;
    QTest::newRow("bad escape") << QByteArray("a: \"\\q\"") << 1 << 6 << u"Invalid escape character 'q'"_s;
    QTest::newRow("short hex escape") << QByteArray("a: \"\\x4\"") << 1 << 6 << u"Expected two hexadecimal digits"_s;
    QTest::newRow("not hex") << QByteArray("a: \"\\xzz\"") << 1 << 6 << u"but got 'zz'"_s;
    QTest::newRow("leading comma in array") << QByteArray("a: [,1]") << 1 << 5 << u"Unexpected array value terminator"_s;
    QTest::newRow("junk after array item") << QByteArray("a: [\"x\" \"y\"]") << 1 << 9 << u"Expected an array value terminator"_s;
    QTest::newRow("junk after value") << QByteArray("a: \"x\" y") << 1 << 8 << u"Expected a top-level value to end"_s;
    QTest::newRow("junk after value in map") << QByteArray("m {\n a: \"x\" y\n}") << 2 << 9 << u"Expected a map value terminator"_s;
    QTest::newRow("float with unit") << QByteArray("a: 1.5s") << 1 << 7 << u"Expected a top-level value to end"_s;
    QTest::newRow("float starting with dot") << QByteArray("a: .5") << 1 << 4 << u"Floats must start with a digit"_s;
    QTest::newRow("float without fraction") << QByteArray("a: 1.") << 1 << 6 << u"Floats must have a digit after the '.'"_s;
    QTest::newRow("minus without digit") << QByteArray("a: -x") << 1 << 5 << u"Expected a digit"_s;
    QTest::newRow("bad date") << QByteArray("a: 2020-01-0xT00:00:00Z") << 1 << 13 << u"Expected digit in ISO8601 datetime"_s;
    QTest::newRow("not a date") << QByteArray("a: 20-01") << 1 << 6 << u"All ISO8601 dates must be in full Zulu form"_s;
    QTest::newRow("integer overflow") << QByteArray("a: 99999999999999999999") << 1 << 4 << u"out of the range"_s;
    QTest::newRow("size overflow") << QByteArray("a: 9000000e") << 1 << 4 << u"out of the range"_s;
    QTest::newRow("unknown size suffix") << QByteArray("a: 1kbb") << 1 << 4 << u"unknown size suffix"_s;
    QTest::newRow("array end in map") << QByteArray("m { ] }") << 1 << 5 << u"Unexpected array end"_s;
    QTest::newRow("unclosed block string") << QByteArray("a: (\nxx") << 1 << 4 << u"no ')' on a line by itself"_s;
    QTest::newRow("undefined variable") << QByteArray("a: $NOPE_NOT_SET") << 1 << 4 << u"variable reference for 'NOPE_NOT_SET' can not be found"_s;
    QTest::newRow("include without file") << QByteArray("include \n") << 1 << 9 << u"Expected include value"_s;
    QTest::newRow("nesting too deep") << QByteArray("a: ") + QByteArray(100000, '[') << 1 << 203
                                      << u"nested deeper than 200 levels"_s;
    QTest::newRow("maps nested too deep") << QByteArray("a ") + QByteArray("{b ").repeated(300) << 1 << 600
                                          << u"nested deeper than 200 levels"_s;
    QTest::newRow("include of a number") << QByteArray("include 5") << 1 << 9 << u"Expected include value"_s;
}

void TestConfig::syntaxErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ConfigDocument d = parse(text);
    QVERIFY2(!d.ok(), qPrintable(dump(d.root)));
    QVERIFY2(d.error->message.contains(message), qPrintable(d.error->message));
    QCOMPARE(d.error->file, QStringLiteral("test.conf"));
    QCOMPARE(d.error->line, line);
    QCOMPARE(d.error->column, column);
}

void TestConfig::variables_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("environment"); // NAME=value
    QTest::addColumn<QString>("expected");        // dump() of the root, or "error: <part>"

    QTest::newRow("top-level variable") << QByteArray("V = 4222\nport: $V") << QStringList() << u"{V:4222,port:4222}"_s;
    QTest::newRow("string variable") << QByteArray("U: \"bob\"\nuser: $U") << QStringList() << u"{U:\"bob\",user:\"bob\"}"_s;
    QTest::newRow("block variable") << QByteArray("ws { P = 8080\n port = $P }") << QStringList() << u"{ws:{P:8080,port:8080}}"_s;
    QTest::newRow("outer variable from a block") << QByteArray("P = 1\nws { port = $P }") << QStringList() << u"{P:1,ws:{port:1}}"_s;
    QTest::newRow("inner shadows outer") << QByteArray("P = 1\nws { P = 2, port = $P }") << QStringList() << u"{P:1,ws:{P:2,port:2}}"_s;
    QTest::newRow("variable in an array") << QByteArray("O = \"http://a\"\nlist: [$O, \"http://b\"]") << QStringList()
                                          << u"{O:\"http://a\",list:[\"http://a\",\"http://b\"]}"_s;
    QTest::newRow("map variable") << QByteArray("A = { user: a }\nauth: $A") << QStringList() << u"{A:{user:\"a\"},auth:{user:\"a\"}}"_s;
    QTest::newRow("names are case sensitive") << QByteArray("v = 1\nk: $V") << QStringList() << u"error: 'V' can not be found"_s;
    QTest::newRow("must be defined before use") << QByteArray("k: $V\nV = 1") << QStringList() << u"error: 'V' can not be found"_s;
    QTest::newRow("environment string") << QByteArray("user: $NATSWS_T_USER") << QStringList{u"NATSWS_T_USER=alice"_s}
                                        << u"{user:\"alice\"}"_s;
    QTest::newRow("environment number") << QByteArray("port: $NATSWS_T_PORT") << QStringList{u"NATSWS_T_PORT=4333"_s}
                                        << u"{port:4333}"_s;
    QTest::newRow("environment size") << QByteArray("max: $NATSWS_T_MAX") << QStringList{u"NATSWS_T_MAX=2MB"_s}
                                      << u"{max:2097152}"_s;
    QTest::newRow("environment bool") << QByteArray("debug: $NATSWS_T_D") << QStringList{u"NATSWS_T_D=yes"_s} << u"{debug:true}"_s;
    QTest::newRow("environment chain") << QByteArray("k: $NATSWS_T_A") << QStringList{u"NATSWS_T_A=$NATSWS_T_B"_s, u"NATSWS_T_B=7"_s}
                                       << u"{k:7}"_s;
    QTest::newRow("environment cycle") << QByteArray("k: $NATSWS_T_A") << QStringList{u"NATSWS_T_A=$NATSWS_T_B"_s, u"NATSWS_T_B=$NATSWS_T_A"_s}
                                       << u"error: variable reference cycle for 'NATSWS_T_A'"_s;
    QTest::newRow("file wins over environment") << QByteArray("X = 1\nk: $X") << QStringList{u"X=2"_s} << u"{X:1,k:1}"_s;
    QTest::newRow("environment quoted string") << QByteArray("k: $NATSWS_T_Q") << QStringList{u"NATSWS_T_Q=\"a b\""_s} << u"{k:\"a b\"}"_s;
    QTest::newRow("environment bad value") << QByteArray("k: $NATSWS_T_BAD") << QStringList{u"NATSWS_T_BAD=\"open"_s}
                                           << u"error: variable reference for 'NATSWS_T_BAD' could not be parsed"_s;
}

void TestConfig::variables()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, environment);
    QFETCH(QString, expected);
    QProcessEnvironment env;
    for (const QString &entry : environment)
        env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    const ConfigDocument d = parse(text, env);
    if (expected.startsWith(QLatin1String("error: "))) {
        QVERIFY2(!d.ok(), qPrintable(dump(d.root)));
        QVERIFY2(d.error->message.contains(expected.mid(7)), qPrintable(d.error->message));
        return;
    }
    QVERIFY2(d.ok(), qPrintable(errorText(d)));
    QCOMPARE(dump(d.root), expected);
}

void TestConfig::includes()
{
    ConfigFiles files;
    files.write(QStringLiteral("conf.d/auth.conf"), "authorization {\n  user: a\n  include 'pass.conf'\n}\n");
    files.write(QStringLiteral("conf.d/pass.conf"), "\n\npassword: \"s\"\n");
    files.write(QStringLiteral("ws.conf"), "port: 8080\nno_tls: true\n");
    const QString main = files.write(QStringLiteral("main.conf"),
                                     "port: 1\ninclude conf.d/auth.conf\nwebsocket {\n  include \"ws.conf\"\n}\n"
                                     "port: 2 # after the include\n");
    const ConfigDocument d = ConfigParser(QProcessEnvironment()).parseFile(main);
    QVERIFY2(d.ok(), qPrintable(errorText(d)));
    QCOMPARE(dump(d.root), QStringLiteral("{port:2,authorization:{user:\"a\",password:\"s\"},"
                                          "websocket:{port:8080,no_tls:true}}"));
    // Values from an included file say so in their location.
    const ConfigValue *password = d.root.member(u"authorization")->member(u"password");
    QCOMPARE(password->location.file, files.path(QStringLiteral("conf.d/pass.conf")));
    QCOMPARE(password->location.line, 3);
    QCOMPARE(d.root.member(u"websocket")->member(u"no_tls")->location.file, files.path(QStringLiteral("ws.conf")));
}

void TestConfig::includeErrors_data()
{
    QTest::addColumn<QByteArray>("main");
    QTest::addColumn<QByteArray>("included");
    QTest::addColumn<QString>("expected"); // ConfigIssue::toString() with <dir> for the directory

    QTest::newRow("missing file") << QByteArray("a: 1\ninclude 'nope.conf'") << QByteArray()
                                  << u"<dir>/main.conf:2:1: include 'nope.conf': error opening config file: No such file or directory"_s;
    QTest::newRow("error inside the included file")
        << QByteArray("a: 1\n\ninclude 'inc.conf'") << QByteArray("ok: 1\nbad: [1,")
        << u"<dir>/inc.conf:2:9: Unexpected EOF processing array (in a file included from <dir>/main.conf:3)"_s;
    QTest::newRow("include cycle") << QByteArray("include 'inc.conf'") << QByteArray("include 'main.conf'")
                                   << u"include nesting deeper than 16 files"_s;
    QTest::newRow("variables do not cross into includes")
        << QByteArray("V = 1\ninclude 'inc.conf'") << QByteArray("k: $V")
        << u"<dir>/inc.conf:1:4: variable reference for 'V' can not be found"_s;
}

void TestConfig::includeErrors()
{
    QFETCH(QByteArray, main);
    QFETCH(QByteArray, included);
    QFETCH(QString, expected);
    ConfigFiles files;
    if (!included.isNull())
        files.write(QStringLiteral("inc.conf"), included);
    const QString mainPath = files.write(QStringLiteral("main.conf"), main);
    const ConfigDocument d = ConfigParser(QProcessEnvironment()).parseFile(mainPath);
    QVERIFY(!d.ok());
    const QString text = d.error->toString().replace(QFileInfo(mainPath).absolutePath(), QStringLiteral("<dir>"));
    QVERIFY2(text.contains(expected), qPrintable(text));
}

// Random mixes of the syntax's own characters: every parse ends, with a value or an error
// that has a position inside the text.
void TestConfig::malformedInputEndsCleanly()
{
    static const char kAlphabet[] = "ab$1.-:= \t\n{}[]()'\"\\#/;,kKmMbix0TZ";
    QRandomGenerator random(20240521);
    QProcessEnvironment env;
    env.insert(QStringLiteral("a"), QStringLiteral("$b"));
    env.insert(QStringLiteral("b"), QStringLiteral("[1, {x: $a}]"));
    for (int round = 0; round < 3000; ++round) {
        QByteArray text;
        const int length = int(random.bounded(1, 60));
        for (int i = 0; i < length; ++i)
            text.append(kAlphabet[random.bounded(int(sizeof(kAlphabet) - 1))]);
        const ConfigDocument d = parse(text, env);
        if (!d.ok()) {
            QVERIFY2(d.error->line >= 1 && d.error->line <= text.count('\n') + 1, text.constData());
            QVERIFY2(!d.error->message.isEmpty(), text.constData());
        } else {
            QCOMPARE(d.root.type, ConfigValue::Type::Map);
        }
    }
}

void TestConfig::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("millis"); // -999 = error
    QTest::addColumn<QString>("error");

    QTest::newRow("0") << u"0"_s << qint64(0) << u""_s;
    QTest::newRow("2s") << u"2s"_s << qint64(2000) << u""_s;
    QTest::newRow("500ms") << u"500ms"_s << qint64(500) << u""_s;
    QTest::newRow("1m") << u"1m"_s << qint64(60000) << u""_s;
    QTest::newRow("1h") << u"1h"_s << qint64(3600000) << u""_s;
    QTest::newRow("1m30s") << u"1m30s"_s << qint64(90000) << u""_s;
    QTest::newRow("1.5s") << u"1.5s"_s << qint64(1500) << u""_s;
    QTest::newRow("-2s") << u"-2s"_s << qint64(-2000) << u""_s;
    QTest::newRow("+3s") << u"+3s"_s << qint64(3000) << u""_s;
    QTest::newRow("1500us") << u"1500us"_s << qint64(1) << u""_s;
    QTest::newRow("10ns rounds up to 1ms") << u"10ns"_s << qint64(1) << u""_s;
    QTest::newRow("micro sign") << QString::fromUtf8("2000\xc2\xb5s") << qint64(2) << u""_s;
    QTest::newRow("missing unit") << u"5"_s << qint64(-999) << u"time: missing unit in duration \"5\""_s;
    QTest::newRow("unknown unit") << u"5x"_s << qint64(-999) << u"time: unknown unit \"x\" in duration \"5x\""_s;
    QTest::newRow("word") << u"soon"_s << qint64(-999) << u"time: invalid duration \"soon\""_s;
    QTest::newRow("empty") << u""_s << qint64(-999) << u"time: invalid duration \"\""_s;
    QTest::newRow("two dots") << u"1.2.3s"_s << qint64(-999) << u"time: invalid duration \"1.2.3s\""_s;
}

void TestConfig::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, millis);
    QFETCH(QString, error);
    QString why;
    const auto parsed = parseGoDuration(text, &why);
    if (millis == -999) {
        QVERIFY(!parsed);
        QCOMPARE(why, error);
    } else {
        QVERIFY2(parsed, qPrintable(why));
        QCOMPARE(qint64(parsed->count()), millis);
    }
}

// --- options -------------------------------------------------------------------------------

void TestConfig::topLevelOptions_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("defaults: host") << QByteArray("") << u"host"_s << u"127.0.0.1"_s;
    QTest::newRow("defaults: port") << QByteArray("") << u"port"_s << u"4222"_s;
    QTest::newRow("host") << QByteArray("host: 0.0.0.0") << u"host"_s << u"0.0.0.0"_s;
    QTest::newRow("net") << QByteArray("net: \"::1\"") << u"host"_s << u"::1"_s;
    QTest::newRow("port") << QByteArray("port: 4333") << u"port"_s << u"4333"_s;
    QTest::newRow("PORT is the same key") << QByteArray("PORT: 4333") << u"port"_s << u"4333"_s;
    QTest::newRow("listen host:port host") << QByteArray("listen: 10.0.0.1:4444") << u"host"_s << u"10.0.0.1"_s;
    QTest::newRow("listen host:port port") << QByteArray("listen: 10.0.0.1:4444") << u"port"_s << u"4444"_s;
    QTest::newRow("listen port only") << QByteArray("listen: 4555") << u"port"_s << u"4555"_s;
    QTest::newRow("listen :port keeps loopback") << QByteArray("listen: \":4556\"") << u"host"_s << u"127.0.0.1"_s;
    QTest::newRow("listen ipv6") << QByteArray("listen: \"[::1]:4557\"") << u"host"_s << u"::1"_s;
    QTest::newRow("listen localhost") << QByteArray("listen: localhost:4558") << u"port"_s << u"4558"_s;
    QTest::newRow("server_name") << QByteArray("server_name: dev1") << u"serverName"_s << u"dev1"_s;
    QTest::newRow("http_port") << QByteArray("http_port: 8222") << u"httpPort"_s << u"8222"_s;
    QTest::newRow("monitor_port") << QByteArray("monitor_port: 8223") << u"httpPort"_s << u"8223"_s;
    QTest::newRow("http") << QByteArray("http: 8224") << u"httpPort"_s << u"8224"_s;
    QTest::newRow("max_payload") << QByteArray("max_payload: 2MB") << u"maxPayload"_s << u"2097152"_s;
    QTest::newRow("max_connections") << QByteArray("max_connections: 100") << u"maxConnections"_s << u"100"_s;
    QTest::newRow("max_conn") << QByteArray("max_conn: 101") << u"maxConnections"_s << u"101"_s;
    QTest::newRow("max_control_line") << QByteArray("max_control_line: 8kb") << u"maxControlLine"_s << u"8192"_s;
    QTest::newRow("max_subscriptions") << QByteArray("max_subscriptions: 10") << u"maxSubscriptions"_s << u"10"_s;
    QTest::newRow("max_subs") << QByteArray("max_subs: 11") << u"maxSubscriptions"_s << u"11"_s;
    QTest::newRow("max_pending") << QByteArray("max_pending: 100MB") << u"maxPending"_s << u"104857600"_s;
    QTest::newRow("ping_interval duration") << QByteArray("ping_interval: \"30s\"") << u"pingInterval"_s << u"30000ms"_s;
    QTest::newRow("ping_interval ms duration") << QByteArray("ping_interval: 1500ms") << u"pingInterval"_s << u"1500ms"_s;
    // An unquoted 2m is the integer 2000000 (a size suffix), taken as seconds like nats-server.
    QTest::newRow("ping_interval 2m is a number") << QByteArray("ping_interval: 2m") << u"pingInterval"_s << u"2000000000ms"_s;
    QTest::newRow("ping_interval seconds") << QByteArray("ping_interval: 45") << u"pingInterval"_s << u"45000ms"_s;
    QTest::newRow("ping_max") << QByteArray("ping_max: 5") << u"maxPingsOut"_s << u"5"_s;
    QTest::newRow("max_pings_out") << QByteArray("max_pings_out: 6") << u"maxPingsOut"_s << u"6"_s;
    QTest::newRow("write_deadline") << QByteArray("write_deadline: \"2s\"") << u"writeDeadline"_s << u"2000ms"_s;
    QTest::newRow("debug") << QByteArray("debug: true") << u"debug"_s << u"true"_s;
    QTest::newRow("trace") << QByteArray("trace: on") << u"trace"_s << u"true"_s;
    QTest::newRow("trace_verbose") << QByteArray("trace_verbose: true") << u"trace"_s << u"true"_s;
    QTest::newRow("logtime") << QByteArray("logtime: false") << u"logtime"_s << u"false"_s;
    QTest::newRow("logfile") << QByteArray("logfile: /tmp/x.log") << u"logFile"_s << u"/tmp/x.log"_s;
    QTest::newRow("log_file") << QByteArray("log_file: \"/tmp/y.log\"") << u"logFile"_s << u"/tmp/y.log"_s;
    QTest::newRow("max_closed_clients") << QByteArray("max_closed_clients: 50") << u"closedHistory"_s << u"50"_s;
    QTest::newRow("no_auth_user") << QByteArray("no_auth_user: guest") << u"noAuthUser"_s << u"guest"_s;
    QTest::newRow("authorization user") << QByteArray("authorization { user: a, password: b, timeout: 3 }")
                                        << u"auth.user"_s << u"a"_s;
    QTest::newRow("authorization pass alias") << QByteArray("authorization { username: a, pass: b }")
                                              << u"auth.password"_s << u"b"_s;
    QTest::newRow("authorization token") << QByteArray("authorization { token: \"t0k\" }") << u"auth.token"_s << u"t0k"_s;
    QTest::newRow("authorization timeout int") << QByteArray("authorization { timeout: 3 }") << u"auth.timeout"_s << u"3000ms"_s;
    QTest::newRow("authorization timeout float") << QByteArray("authorization { timeout: 0.5 }") << u"auth.timeout"_s << u"500ms"_s;
    QTest::newRow("authorization timeout duration") << QByteArray("authorization { timeout: \"4s\" }") << u"auth.timeout"_s << u"4000ms"_s;
    QTest::newRow("users")
        << QByteArray("authorization {\n users: [\n  {user: a, password: pa}\n  {user: b, pass: pb,"
                      " permissions: {publish: \"x.>\", subscribe: [\"y.*\", \"z q\"]}, allowed_connection_types: [websocket, \"STANDARD\"]}\n ]\n}")
        << u"auth.users"_s << u"a/pa pub=! sub=! resp=false types=; b/pb pub=x.>! sub=y.*,z q! resp=false types=WEBSOCKET,STANDARD"_s;
    QTest::newRow("users allow/deny")
        << QByteArray("authorization { users: [ {user: a, permissions: {publish: {allow: [\"a\"], deny: \"b\"},"
                      " subscribe: {deny: [\"c\", \"d\"]}, allow_responses: true}} ] }")
        << u"auth.users"_s << u"a/ pub=a!b sub=!c,d resp=true types="_s;
    QTest::newRow("users allow_responses map")
        << QByteArray("authorization { users: [ {user: a, permissions: {allow_responses: {max: 1}}} ] }")
        << u"auth.users"_s << u"a/ pub=! sub=! resp=true types="_s;
    QTest::newRow("users with bcrypt password")
        << QByteArray("authorization { users: [ {user: a, password: $2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG} ] }")
        << u"auth.users"_s << u"a/$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG pub=! sub=! resp=false types="_s;
    QTest::newRow("tls")
        << QByteArray("tls { cert_file: \"c.pem\", key_file: \"k.pem\", ca_file: ca.pem, verify: true, timeout: 1.5, min_version: \"1.3\" }")
        << u"tls"_s << u"true c.pem k.pem ca.pem verify=true 1500ms min=1.3"_s;
    QTest::newRow("variables used by options")
        << QByteArray("P = 4999\nport: $P") << u"port"_s << u"4999"_s;
}

void TestConfig::topLevelOptions()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const LoadResult r = loadText(text);
    QVERIFY2(r.options, qPrintable(joined(r.errors)));
    QCOMPARE(::field(*r.options, field), expected);
}

void TestConfig::websocketOptions_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    // Without a block: natsws's local-development defaults.
    QTest::newRow("no block: port") << QByteArray("port: 4222") << u"ws.port"_s << u"8080"_s;
    QTest::newRow("no block: no_tls") << QByteArray("") << u"ws.noTls"_s << u"true"_s;
    QTest::newRow("no block: compression") << QByteArray("") << u"ws.compression"_s << u"true"_s;
    QTest::newRow("no block: not configured") << QByteArray("") << u"ws.configured"_s << u"false"_s;
    // A block: nats-server's defaults, except the loopback host.
    QTest::newRow("block: configured") << QByteArray("websocket {}") << u"ws.configured"_s << u"true"_s;
    QTest::newRow("block: port 0") << QByteArray("websocket {}") << u"ws.port"_s << u"0"_s;
    QTest::newRow("block: tls required") << QByteArray("websocket { port: 1 }") << u"ws.noTls"_s << u"false"_s;
    QTest::newRow("block: no compression") << QByteArray("websocket { port: 1 }") << u"ws.compression"_s << u"false"_s;
    QTest::newRow("block: loopback host") << QByteArray("websocket { port: 1 }") << u"ws.host"_s << u"127.0.0.1"_s;
    QTest::newRow("ws alias") << QByteArray("ws { port: 9001 }") << u"ws.port"_s << u"9001"_s;
    QTest::newRow("WebSocket case") << QByteArray("WebSocket { Port: 9002 }") << u"ws.port"_s << u"9002"_s;
    QTest::newRow("port") << QByteArray("websocket { port: 9003 }") << u"ws.port"_s << u"9003"_s;
    QTest::newRow("random port") << QByteArray("websocket { port: -1 }") << u"ws.port"_s << u"-1"_s;
    QTest::newRow("host") << QByteArray("websocket { host: 0.0.0.0 }") << u"ws.host"_s << u"0.0.0.0"_s;
    QTest::newRow("net") << QByteArray("websocket { net: \"192.168.1.2\" }") << u"ws.host"_s << u"192.168.1.2"_s;
    QTest::newRow("listen host") << QByteArray("websocket { listen: \"0.0.0.0:8443\" }") << u"ws.host"_s << u"0.0.0.0"_s;
    QTest::newRow("listen port") << QByteArray("websocket { listen: \"0.0.0.0:8443\" }") << u"ws.port"_s << u"8443"_s;
    QTest::newRow("listen number") << QByteArray("websocket { listen: 8444 }") << u"ws.port"_s << u"8444"_s;
    QTest::newRow("advertise") << QByteArray("websocket { advertise: \"ws.example.com:443\" }") << u"ws.advertise"_s << u"ws.example.com:443"_s;
    QTest::newRow("no_tls") << QByteArray("websocket { no_tls: true }") << u"ws.noTls"_s << u"true"_s;
    QTest::newRow("tls") << QByteArray("websocket { tls { cert_file: c.pem\n key_file: k.pem } }") << u"ws.tls"_s << u"true c.pem k.pem"_s;
    QTest::newRow("same_origin") << QByteArray("websocket { same_origin: true }") << u"ws.sameOrigin"_s << u"true"_s;
    QTest::newRow("allowed_origins array")
        << QByteArray("websocket { allowed_origins: [\"http://a.com\", \"https://b.com:8443\"] }")
        << u"ws.allowedOrigins"_s << u"http://a.com,https://b.com:8443"_s;
    QTest::newRow("allowed_origins string") << QByteArray("websocket { allowed_origins: \"http://a.com\" }")
                                            << u"ws.allowedOrigins"_s << u"http://a.com"_s;
    QTest::newRow("allowed_origin") << QByteArray("websocket { allowed_origin: \"http://b\" }") << u"ws.allowedOrigins"_s << u"http://b"_s;
    QTest::newRow("allow_origins") << QByteArray("websocket { allow_origins: [\"http://c\"] }") << u"ws.allowedOrigins"_s << u"http://c"_s;
    QTest::newRow("allow_origin") << QByteArray("websocket { allow_origin: \"http://d\" }") << u"ws.allowedOrigins"_s << u"http://d"_s;
    QTest::newRow("origins") << QByteArray("websocket { origins: [\"http://e\"] }") << u"ws.allowedOrigins"_s << u"http://e"_s;
    QTest::newRow("origin") << QByteArray("websocket { origin: \"http://f\" }") << u"ws.allowedOrigins"_s << u"http://f"_s;
    QTest::newRow("handshake_timeout int") << QByteArray("websocket { handshake_timeout: 3 }") << u"ws.handshakeTimeout"_s << u"3000ms"_s;
    QTest::newRow("handshake_timeout duration") << QByteArray("websocket { handshake_timeout: \"4s\" }") << u"ws.handshakeTimeout"_s << u"4000ms"_s;
    QTest::newRow("handshake_timeout ms") << QByteArray("websocket { handshake_timeout: 250ms }") << u"ws.handshakeTimeout"_s << u"250ms"_s;
    QTest::newRow("compression") << QByteArray("websocket { compression: true }") << u"ws.compression"_s << u"true"_s;
    QTest::newRow("compress") << QByteArray("websocket { compress: yes }") << u"ws.compression"_s << u"true"_s;
    QTest::newRow("authorization")
        << QByteArray("websocket { authorization { user: ws, password: pwd, timeout: 2 } }") << u"ws.auth"_s << u"ws/pwd token= timeout=2000ms"_s;
    QTest::newRow("authentication aliases")
        << QByteArray("websocket { authentication { username: u, pass: p } }") << u"ws.auth"_s << u"u/p token= timeout=2000ms"_s;
    QTest::newRow("authorization token float timeout")
        << QByteArray("websocket { authorization { token: t, timeout: 1.5 } }") << u"ws.auth"_s << u"/ token=t timeout=1500ms"_s;
    QTest::newRow("authorization timeout follows global")
        << QByteArray("authorization { timeout: 7 }\nwebsocket { authorization { user: u } }") << u"ws.auth"_s << u"u/ token= timeout=7000ms"_s;
    QTest::newRow("jwt_cookie") << QByteArray("websocket { jwt_cookie: nats_jwt }") << u"ws.jwtCookie"_s << u"nats_jwt"_s;
    QTest::newRow("user_cookie") << QByteArray("websocket { user_cookie: nu }") << u"ws.userCookie"_s << u"nu"_s;
    QTest::newRow("pass_cookie") << QByteArray("websocket { pass_cookie: np }") << u"ws.passCookie"_s << u"np"_s;
    QTest::newRow("token_cookie") << QByteArray("websocket { token_cookie: nt }") << u"ws.tokenCookie"_s << u"nt"_s;
    QTest::newRow("no_auth_user") << QByteArray("websocket { no_auth_user: guest }") << u"ws.noAuthUser"_s << u"guest"_s;
    QTest::newRow("headers")
        << QByteArray("websocket { headers { \"Strict-Transport-Security\": \"max-age=1\", X-A: b } }")
        << u"ws.headers"_s << u"Strict-Transport-Security: max-age=1; X-A: b"_s;
    QTest::newRow("ping_interval") << QByteArray("websocket { ping_interval: \"30s\" }") << u"ws.pingInterval"_s << u"30000ms"_s;
    QTest::newRow("ping_interval seconds") << QByteArray("websocket { ping_interval: 20 }") << u"ws.pingInterval"_s << u"20000ms"_s;
}

void TestConfig::websocketOptions()
{
    topLevelOptions();
}

void TestConfig::loadErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // one of the errors, file name replaced by "f"

    QTest::newRow("syntax error") << QByteArray("port: 1\nws {") << u"f:2:5: Unexpected EOF processing map"_s;
    QTest::newRow("port string") << QByteArray("\nport: \"abc\"") << u"f:2:1: port: expected an integer, got string \"abc\""_s;
    QTest::newRow("debug int") << QByteArray("debug: 1") << u"f:1:1: debug: expected a boolean (true/false), got integer 1"_s;
    QTest::newRow("host int") << QByteArray("host: 5") << u"f:1:1: host: expected a string, got integer 5"_s;
    QTest::newRow("max_payload too big") << QByteArray("max_payload: 4GB") << u"f:1:1: max_payload value is too big"_s;
    QTest::newRow("port too big for int") << QByteArray("port: 10000000000") << u"f:1:1: port value is too big"_s;
    QTest::newRow("bad listen") << QByteArray("listen: \"a:b:c\"") << u"f:1:1: listen: could not parse address string \"a:b:c\""_s;
    QTest::newRow("bad listen port") << QByteArray("listen: \"a:xx\"") << u"f:1:1: listen: could not parse port \"xx\""_s;
    QTest::newRow("listen bool") << QByteArray("listen: true") << u"f:1:1: listen: expected port or host:port, got boolean true"_s;
    QTest::newRow("bad ping_interval") << QByteArray("ping_interval: \"soon\"")
                                       << u"f:1:1: error parsing ping_interval: time: invalid duration \"soon\""_s;
    QTest::newRow("websocket not a map") << QByteArray("websocket: 8080") << u"f:1:1: Expected websocket to be a map, got integer"_s;
    QTest::newRow("ws compression int") << QByteArray("websocket {\n  port: 8080\n  compression: 1\n}")
                                        << u"f:3:3: websocket.compression: expected a boolean (true/false), got integer 1"_s;
    QTest::newRow("ws port string") << QByteArray("ws { port: \"x\" }") << u"f:1:6: websocket.port: expected an integer, got string \"x\""_s;
    QTest::newRow("ws origins int") << QByteArray("websocket { allowed_origins: 5 }")
                                    << u"f:1:13: websocket.allowed_origins: expected a string or an array of strings, got integer 5"_s;
    QTest::newRow("ws origins array of int") << QByteArray("websocket { allowed_origins: [\"http://a\", 5] }")
                                             << u"f:1:43: websocket.allowed_origins: expected strings in the array, got integer 5"_s;
    QTest::newRow("ws handshake_timeout bad") << QByteArray("websocket { handshake_timeout: \"x\" }")
                                              << u"f:1:13: error parsing websocket.handshake_timeout: time: invalid duration \"x\""_s;
    QTest::newRow("ws handshake_timeout bool") << QByteArray("websocket { handshake_timeout: true }")
                                               << u"websocket.handshake_timeout: expected a duration such as \"2s\", got boolean true"_s;
    QTest::newRow("ws headers not a map") << QByteArray("websocket { headers: \"x\" }")
                                          << u"websocket.headers: expected a map of header names to strings, got string \"x\""_s;
    QTest::newRow("ws header not a string") << QByteArray("websocket { headers { X-A: 1 } }")
                                            << u"f:1:23: websocket.headers: error parsing header key X-A: expected a string, got integer 1"_s;
    QTest::newRow("ws auth not a map") << QByteArray("websocket { authorization: 1 }")
                                       << u"websocket.authorization: expected a map, got integer 1"_s;
    QTest::newRow("ws auth timeout bool") << QByteArray("websocket { authorization { timeout: true } }")
                                          << u"websocket.authorization.timeout: expected a number of seconds, got boolean true"_s;
    QTest::newRow("users in the ws block") << QByteArray("websocket {\n authorization {\n  users: [ {user: a} ] } }")
                                           << u"f:3:3: websocket.authorization.users is not accepted here"_s;
    QTest::newRow("user and token") << QByteArray("authorization { user: a, token: t }")
                                    << u"f:1:1: Cannot have a user/pass and token"_s;
    QTest::newRow("user and users") << QByteArray("authorization { user: a, users: [] }")
                                    << u"f:1:1: Can not have a single user/pass and a users array"_s;
    QTest::newRow("token and users") << QByteArray("authorization { token: t, users: [] }")
                                     << u"Can not have a token and a users array"_s;
    QTest::newRow("user without name") << QByteArray("authorization { users: [ {password: x} ] }")
                                       << u"f:1:26: User entry requires a user"_s;
    QTest::newRow("duplicate user") << QByteArray("authorization { users: [ {user: a}, {user: a} ] }")
                                    << u"Duplicate user \"a\" detected"_s;
    QTest::newRow("users not an array") << QByteArray("authorization { users: a }")
                                        << u"authorization.users: expected an array of users, got string \"a\""_s;
    QTest::newRow("bad connection type") << QByteArray("authorization { users: [ {user: a, allowed_connection_types: [\"web\"]} ] }")
                                         << u"invalid connection types [\"WEB\"]"_s;
    QTest::newRow("bad subject") << QByteArray("authorization { users: [ {user: a, permissions: {publish: \"a..b\"}} ] }")
                                 << u"subject \"a..b\" is not a valid subject"_s;
    QTest::newRow("bad wildcard") << QByteArray("authorization { users: [ {user: a, permissions: {subscribe: \"a.>.b\"}} ] }")
                                  << u"subject \"a.>.b\" is not a valid subject"_s;
    QTest::newRow("bad queue") << QByteArray("authorization { users: [ {user: a, permissions: {subscribe: \"a q..x\"}} ] }")
                               << u"queue \"q..x\" is not a valid queue"_s;
    QTest::newRow("queue in publish") << QByteArray("authorization { users: [ {user: a, permissions: {publish: \"a q\"}} ] }")
                                      << u"subject \"a q\" is not a valid subject"_s;
    QTest::newRow("tls min_version 1.0") << QByteArray("tls { min_version: \"1.0\" }") << u"unsupported TLS version: TLS 1.0"_s;
    QTest::newRow("tls min_version junk") << QByteArray("tls { min_version: \"x\" }") << u"unknown version: x"_s;
    QTest::newRow("tls verify string") << QByteArray("tls { verify: \"x\" }") << u"tls.verify: expected a boolean"_s;
    QTest::newRow("password value not shown") << QByteArray("authorization { user: a, password: 123456 }")
                                              << u"f:1:26: authorization.password: expected a string, got integer"_s;
    QTest::newRow("ws token value not shown") << QByteArray("websocket { authorization { token: 987654 } }")
                                              << u"websocket.authorization.token: expected a string, got integer"_s;
    QTest::newRow("several errors all reported") << QByteArray("port: a\ndebug: 2") << u"f:2:1: debug: expected a boolean"_s;
}

void TestConfig::loadErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    ConfigFiles files;
    const QString path = files.write(QStringLiteral("f"), text);
    const LoadResult r = loadConfigFile(path);
    QVERIFY(!r.options);
    QVERIFY(!r.errors.isEmpty());
    const QString all = joined(r.errors).replace(path, QStringLiteral("f"));
    QVERIFY2(all.contains(expected), qPrintable(all));
    for (const char *secret : {"123456", "987654"})
        QVERIFY2(!all.contains(QLatin1String(secret)), qPrintable(all));
}

void TestConfig::loadWarnings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // one warning, file name replaced by "f"; "" = none

    QTest::newRow("unknown top-level key") << QByteArray("port: 1\nfoo_bar: 2") << u"f:2:1: unknown option \"foo_bar\" ignored"_s;
    QTest::newRow("unknown websocket key") << QByteArray("websocket {\n port: 1\n  brand_new: true\n}")
                                           << u"f:3:3: unknown option \"websocket.brand_new\" ignored"_s;
    QTest::newRow("cluster") << QByteArray("cluster { port: 6222 }") << u"f:1:1: option \"cluster\" is not supported by natsws, ignored"_s;
    QTest::newRow("leafnodes") << QByteArray("leafnodes {}") << u"option \"leafnodes\" is not supported by natsws, ignored"_s;
    QTest::newRow("jetstream") << QByteArray("jetstream: enabled") << u"option \"jetstream\" is not supported by natsws, ignored"_s;
    QTest::newRow("accounts") << QByteArray("accounts {}") << u"option \"accounts\" is not supported by natsws, ignored"_s;
    QTest::newRow("mqtt") << QByteArray("mqtt { port: 1883 }") << u"option \"mqtt\" is not supported by natsws, ignored"_s;
    QTest::newRow("gateway") << QByteArray("gateway {}") << u"option \"gateway\" is not supported by natsws, ignored"_s;
    QTest::newRow("tls cipher_suites") << QByteArray("tls { cipher_suites: [] }")
                                       << u"option \"tls.cipher_suites\" is not supported by natsws, ignored"_s;
    QTest::newRow("nkey user") << QByteArray("authorization { users: [ {nkey: UABC} ] }") << u"nkey users are not supported by natsws"_s;
    QTest::newRow("int ping_interval") << QByteArray("ping_interval: 30")
                                       << u"f:1:1: ping_interval should be converted to a duration (e.g. \"30s\")"_s;
    QTest::newRow("int ws ping_interval") << QByteArray("websocket { ping_interval: 30 }")
                                          << u"websocket.ping_interval should be converted to a duration"_s;
    QTest::newRow("high auth timeout") << QByteArray("authorization { timeout: 1m }") << u"is high, consider keeping it under 60 seconds"_s;
    QTest::newRow("ws block without port") << QByteArray("websocket { no_tls: true }")
                                           << u"f:1:1: websocket block has no port or listen: the WebSocket listener is disabled"_s;
    QTest::newRow("empty config") << QByteArray("# nothing\n") << u"config has no values or is empty"_s;
    QTest::newRow("variable definitions are not unknown") << QByteArray("PORT_VAR = 1\nport: $PORT_VAR") << u""_s;
    QTest::newRow("block variables are not unknown") << QByteArray("websocket { P = 8081\n port: $P, no_tls: true }") << u""_s;
    QTest::newRow("unused variable is unknown") << QByteArray("UNUSED = 1") << u"unknown option \"UNUSED\" ignored"_s;
    QTest::newRow("known keys give no warning") << QByteArray("port: 1\nwebsocket { port: 2, no_tls: true }") << u""_s;
}

void TestConfig::loadWarnings()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    ConfigFiles files;
    const QString path = files.write(QStringLiteral("f"), text);
    const LoadResult r = loadConfigFile(path);
    QVERIFY2(r.options, qPrintable(joined(r.errors)));
    const QString all = joined(r.warnings).replace(path, QStringLiteral("f"));
    if (expected.isEmpty())
        QVERIFY2(r.warnings.isEmpty(), qPrintable(all));
    else
        QVERIFY2(all.contains(expected), qPrintable(all));
}

void TestConfig::validation_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // the one validation issue, file replaced by "f"; "" = none

    QTest::newRow("defaults are valid") << QByteArray("") << u""_s;
    QTest::newRow("ws disabled skips the rest") << QByteArray("websocket { jwt_cookie: x }") << u""_s;
    QTest::newRow("requires TLS") << QByteArray("port: 4222\nwebsocket {\n  port: 8080\n}")
                                  << u"f:2:1: websocket requires TLS configuration"_s;
    QTest::newRow("no_tls satisfies TLS") << QByteArray("websocket { port: 8080, no_tls: true }") << u""_s;
    QTest::newRow("bad origin scheme")
        << QByteArray("websocket {\n port: 8080, no_tls: true\n allowed_origins: [\"http://ok.com\",\n   \"ftp://x.com\"]\n}")
        << u"f:4:4: unable to parse allowed origin \"ftp://x.com\": allowed origins must be absolute URLs with http or https scheme"_s;
    QTest::newRow("origin without host")
        << QByteArray("websocket { port: 8080, no_tls: true, allowed_origins: \"http://\" }")
        << u"unable to parse allowed origin \"http://\": host is required"_s;
    QTest::newRow("relative origin")
        << QByteArray("websocket { port: 8080, no_tls: true, allowed_origins: \"foo\" }")
        << u"unable to parse allowed origin: "_s;
    QTest::newRow("ws no_auth_user without users")
        << QByteArray("websocket {\n port: 8080, no_tls: true\n no_auth_user: guest\n}")
        << u"f:3:2: no_auth_user: \"guest\" present, but users/nkeys are not defined"_s;
    QTest::newRow("ws no_auth_user not a user")
        << QByteArray("authorization { users: [{user: a}] }\nwebsocket { port: 8080, no_tls: true, no_auth_user: guest }")
        << u"no_auth_user: \"guest\" not present as user or nkey in authorization block or account configuration"_s;
    QTest::newRow("ws no_auth_user is a user")
        << QByteArray("authorization { users: [{user: guest}] }\nwebsocket { port: 8080, no_tls: true, no_auth_user: guest }")
        << u""_s;
    QTest::newRow("ws user with users")
        << QByteArray("authorization { users: [{user: a}] }\nwebsocket { port: 8080, no_tls: true\n authorization { user: w } }")
        << u"f:3:18: websocket authentication username not compatible with presence of users/nkeys"_s;
    QTest::newRow("ws token with users")
        << QByteArray("authorization { users: [{user: a}] }\nwebsocket { port: 8080, no_tls: true, authorization { token: t } }")
        << u"websocket authentication token not compatible with presence of users/nkeys"_s;
    QTest::newRow("jwt_cookie without trust")
        << QByteArray("websocket { port: 8080, no_tls: true, jwt_cookie: nats_jwt }")
        << u"f:1:39: trusted operators or trusted keys configuration is required for JWT authentication via cookie \"nats_jwt\""_s;
    QTest::newRow("header Host") << QByteArray("websocket { port: 8080, no_tls: true\n headers { Host: x } }")
                                 << u"f:2:12: websocket: invalid header \"Host\" not allowed"_s;
    QTest::newRow("header content-length") << QByteArray("websocket { port: 8080, no_tls: true, headers { content-length: \"1\" } }")
                                           << u"websocket: invalid header \"content-length\" not allowed"_s;
    QTest::newRow("header Connection") << QByteArray("websocket { port: 8080, no_tls: true, headers { Connection: x } }")
                                       << u"websocket: invalid header \"Connection\" not allowed"_s;
    QTest::newRow("header Upgrade") << QByteArray("websocket { port: 8080, no_tls: true, headers { Upgrade: x } }")
                                    << u"websocket: invalid header \"Upgrade\" not allowed"_s;
    QTest::newRow("header Nats-No-Masking") << QByteArray("websocket { port: 8080, no_tls: true, headers { Nats-No-Masking: x } }")
                                            << u"websocket: invalid header \"Nats-No-Masking\" not allowed"_s;
    QTest::newRow("header Sec-WebSocket-Key")
        << QByteArray("websocket { port: 8080, no_tls: true, headers { Sec-WebSocket-Key: x } }")
        << u"websocket: invalid header \"Sec-WebSocket-Key\", \"Sec-WebSocket-\" prefix not allowed"_s;
    QTest::newRow("allowed header") << QByteArray("websocket { port: 8080, no_tls: true, headers { X-Frame-Options: DENY } }")
                                    << u""_s;
    QTest::newRow("order: TLS before jwt_cookie")
        << QByteArray("websocket { port: 8080, jwt_cookie: j, headers { Host: x } }")
        << u"websocket requires TLS configuration"_s;
    QTest::newRow("order: jwt_cookie before headers")
        << QByteArray("websocket { port: 8080, no_tls: true, jwt_cookie: j, headers { Host: x } }")
        << u"via cookie \"j\""_s;
    QTest::newRow("top no_auth_user without users") << QByteArray("no_auth_user: bob")
                                                    << u"f:1:1: no_auth_user: \"bob\" present, but users/nkeys are not defined"_s;
    QTest::newRow("top no_auth_user with empty users") << QByteArray("authorization { users: [] }\nno_auth_user: bob")
                                                       << u"no_auth_user: \"bob\" not present as user or nkey"_s;
    QTest::newRow("port out of range") << QByteArray("\nport: 70000") << u"f:2:1: port 70000 is out of range"_s;
    QTest::newRow("listen port out of range") << QByteArray("listen: \"1.2.3.4:65536\"") << u"f:1:1: port 65536 is out of range"_s;
    QTest::newRow("ws port out of range") << QByteArray("websocket { port: 99999, no_tls: true }")
                                          << u"f:1:13: websocket.port 99999 is out of range"_s;
    QTest::newRow("http port negative") << QByteArray("http_port: -5") << u"http_port -5 is out of range"_s;
    QTest::newRow("max_payload above max_pending") << QByteArray("max_payload: 2MB\nmax_pending: 1MB")
                                                   << u"f:1:1: max_payload (2097152) cannot be higher than max_pending (1048576)"_s;
    QTest::newRow("zero max_payload") << QByteArray("max_payload: 0") << u"max_payload must be greater than 0, got 0"_s;
    QTest::newRow("server name with space") << QByteArray("server_name: \"a b\"") << u"f:1:1: server name cannot contain spaces"_s;
    QTest::newRow("tls without key") << QByteArray("tls { cert_file: c.pem }") << u"f:1:1: tls: cert_file and key_file are required"_s;
    QTest::newRow("tls missing file") << QByteArray("tls {\n cert_file: /nonexistent/c.pem\n key_file: \"" NATSWS_TEST_CONFIG_DIR "/production.conf\" }")
                                      << u"f:2:2: tls.cert_file: cannot read \"/nonexistent/c.pem\""_s;
}

void TestConfig::validation()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    ConfigFiles files;
    const QString path = files.write(QStringLiteral("f"), text);
    const LoadResult r = loadConfigFile(path);
    QVERIFY2(r.options, qPrintable(joined(r.errors)));
    const QList<ConfigIssue> issues = validateOptions(*r.options);
    const QString all = joined(issues).replace(path, QStringLiteral("f"));
    if (expected.isEmpty()) {
        QVERIFY2(issues.isEmpty(), qPrintable(all));
        return;
    }
    QCOMPARE(issues.size(), 1);
    QVERIFY2(all.contains(expected), qPrintable(all));
}

void TestConfig::issueText_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    QTest::newRow("full") << u"a.conf"_s << 3 << 7 << u"a.conf:3:7: boom"_s;
    QTest::newRow("file only") << u"a.conf"_s << 0 << 0 << u"a.conf: boom"_s;
    QTest::newRow("no location") << u""_s << 0 << 0 << u"boom"_s;
}

void TestConfig::issueText()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, expected);
    QCOMPARE((ConfigIssue{file, line, column, QStringLiteral("boom")}.toString()), expected);
}

// The example configurations of spec §1.3, unchanged.
void TestConfig::specExamplesLoadUnchanged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("checks"); // field=value
    QTest::addColumn<bool>("valid");

    QTest::newRow("2.9.10 dev config")
        << u"dev-2.9.10.conf"_s
        << QStringList{u"ws.port=8080"_s, u"ws.noTls=true"_s, u"ws.sameOrigin=false"_s, u"ws.compression=true"_s,
                       u"ws.auth=ws/pwd token= timeout=2000ms"_s}
        << true;
    QTest::newRow("production-like")
        << u"production.conf"_s
        << QStringList{u"host=0.0.0.0"_s, u"port=4222"_s, u"ws.host=0.0.0.0"_s, u"ws.port=8443"_s, u"ws.advertise=ws.example.com:443"_s,
                       u"ws.tls=true /etc/nats/ws-cert.pem /etc/nats/ws-key.pem"_s,
                       u"ws.allowedOrigins=https://app.example.com,https://app.example.com:8443"_s,
                       u"ws.compression=true"_s, u"ws.handshakeTimeout=5000ms"_s, u"ws.noAuthUser=guest"_s,
                       u"ws.userCookie=nats_user"_s, u"ws.passCookie=nats_pass"_s,
                       u"ws.headers=Strict-Transport-Security: max-age=31536000; includeSubDomains"_s,
                       u"ws.pingInterval=30000ms"_s,
                       u"auth.users=web/s3cret pub=! sub=! resp=false types=STANDARD,WEBSOCKET; "_s
                       u"guest/guest pub=public.>! sub=public.>! resp=false types=WEBSOCKET"_s}
        << false; // its certificate files do not exist here
}

void TestConfig::specExamplesLoadUnchanged()
{
    QFETCH(QString, file);
    QFETCH(QStringList, checks);
    QFETCH(bool, valid);
    const LoadResult r = loadConfigFile(QStringLiteral(NATSWS_TEST_CONFIG_DIR "/") + file);
    QVERIFY2(r.options, qPrintable(joined(r.errors)));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(joined(r.warnings)));
    for (const QString &check : checks)
        QCOMPARE(field(*r.options, check.section(QLatin1Char('='), 0, 0)), check.section(QLatin1Char('='), 1));
    const QList<ConfigIssue> issues = validateOptions(*r.options);
    if (valid)
        QVERIFY2(issues.isEmpty(), qPrintable(joined(issues)));
    else
        QVERIFY(joined(issues).contains(QLatin1String("ws-cert.pem")));
}

// Syntax edge cases compared with the real nats-server ("-t" only checks the configuration).
void TestConfig::agreesWithNatsServer_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("envValue"); // NATSWS_AGREE_VAR, when not null

    QTest::newRow("three separators") << QByteArray("port: 4222\nmax_payload = 1MB\nmax_pending 10MB\n") << true << QByteArray();
    QTest::newRow("comments") << QByteArray("# a\nport: 4222 # b\n// c\ndebug: true // d\n") << true << QByteArray();
    QTest::newRow("semicolons and commas") << QByteArray("port: 4222; debug: true, trace: false\n") << true << QByteArray();
    QTest::newRow("json wrapper") << QByteArray("{ \"port\": 4222, \"debug\": true }\n") << true << QByteArray();
    QTest::newRow("variables") << QByteArray("P = 4222\nport: $P\n") << true << QByteArray();
    QTest::newRow("websocket block") << QByteArray("websocket {\n  port: 8080\n  no_tls: true\n  compression: on\n}\n") << true << QByteArray();
    QTest::newRow("array with trailing comma")
        << QByteArray("websocket { port: 8080, no_tls: true, allowed_origins: [\"http://a.com\",] }\n") << true << QByteArray();
    QTest::newRow("bare 2m30s") << QByteArray("ping_interval: 2m30s\n") << false << QByteArray();
    QTest::newRow("bare 500ms") << QByteArray("ping_interval: 500ms\n") << true << QByteArray();
    QTest::newRow("quoted size is a string") << QByteArray("max_payload: \"1MB\"\n") << false << QByteArray();
    QTest::newRow("float with unit") << QByteArray("write_deadline: 1.5s\n") << false << QByteArray();
    QTest::newRow("unclosed block") << QByteArray("websocket {\n  port: 8080\n") << false << QByteArray();
    QTest::newRow("undefined variable") << QByteArray("port: $NATSWS_SURELY_UNDEFINED\n") << false << QByteArray();
    QTest::newRow("bad escape") << QByteArray("server_name: \"a\\qb\"\n") << false << QByteArray();
    QTest::newRow("separator then newline") << QByteArray("port:\n4222\n") << false << QByteArray();
    QTest::newRow("type error") << QByteArray("debug: 1\n") << false << QByteArray();
    QTest::newRow("stray brace") << QByteArray("port: 4222 }\n}\n") << true << QByteArray();
    QTest::newRow("unclosed wrapper") << QByteArray("{ port: 4222\n") << true << QByteArray();
    QTest::newRow("empty statements") << QByteArray("port: 4222;;\n") << true << QByteArray();
    QTest::newRow("quoted key") << QByteArray("'port' 4222\n\"debug\": true\n") << true << QByteArray();
    QTest::newRow("block string") << QByteArray("server_name: (\nabc\n)\n") << true << QByteArray();
    QTest::newRow("unquoted ip:port") << QByteArray("listen: 127.0.0.1:4222\n") << true << QByteArray();
    QTest::newRow("no space before block") << QByteArray("websocket{\n port: 8080\n no_tls: true\n}\n") << false << QByteArray();
    QTest::newRow("ws alias, one line") << QByteArray("ws { port: 8080, no_tls: true, compression: true }") << true << QByteArray();
    QTest::newRow("users with permissions")
        << QByteArray("authorization { users = [\n {user: a, password: b, permissions: {publish: {allow: [\"x.>\"]}, subscribe: \"y\"}}\n] }\n")
        << true << QByteArray();
    QTest::newRow("bad subject in permissions")
        << QByteArray("authorization { users = [ {user: a, permissions: {publish: \"a..b\"}} ] }\n") << false << QByteArray();
    QTest::newRow("size suffixes") << QByteArray("max_payload: 64KB\nmax_pending: 1GB\nmax_control_line: 4k\n") << true << QByteArray();
    QTest::newRow("include of a missing file") << QByteArray("include 'does-not-exist.conf'\n") << false << QByteArray();
    QTest::newRow("users in the ws block")
        << QByteArray("websocket { port: 8080, no_tls: true, authorization { users: [ {user: a} ] } }") << false << QByteArray();
    QTest::newRow("float handshake_timeout") << QByteArray("websocket { port: 8080, no_tls: true, handshake_timeout: 1.5 }") << false << QByteArray();
    QTest::newRow("quoted fractional duration") << QByteArray("write_deadline: \"1.5s\"\n") << true << QByteArray();
    QTest::newRow("env size") << QByteArray("max_payload: $NATSWS_AGREE_VAR\n") << true << QByteArray("2MB");
    QTest::newRow("env quoted size is a string") << QByteArray("max_payload: $NATSWS_AGREE_VAR\n") << false
                                                 << QByteArray("\"2MB\"");
    QTest::newRow("env bool") << QByteArray("debug: $NATSWS_AGREE_VAR\n") << true << QByteArray("on");
    QTest::newRow("env map") << QByteArray("websocket: $NATSWS_AGREE_VAR\n") << true
                             << QByteArray("{ port: 8080, no_tls: true }");
}

void TestConfig::agreesWithNatsServer()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, accepted);
    const QString natsServer = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
    if (natsServer.isEmpty())
        QSKIP("nats-server is not installed");
    QFETCH(QByteArray, envValue);
    const char *var = "NATSWS_AGREE_VAR";
    if (envValue.isNull())
        qunsetenv(var);
    else
        qputenv(var, envValue);
    const auto restore = qScopeGuard([var] { qunsetenv(var); });
    ConfigFiles files;
    const QString path = files.write(QStringLiteral("n.conf"), text);
    QProcess process;
    process.start(natsServer, {QStringLiteral("-c"), path, QStringLiteral("-t")});
    QVERIFY(process.waitForFinished(10000));
    const bool natsAccepts = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    QVERIFY2(natsAccepts == accepted, process.readAllStandardError().constData());

    // "-t" parses and types the options; cross-option checks (validateOptions) run later.
    const LoadResult r = loadConfigFile(path);
    const bool natswsAccepts = r.options.has_value();
    QVERIFY2(natswsAccepts == accepted, qPrintable(joined(r.errors)));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
