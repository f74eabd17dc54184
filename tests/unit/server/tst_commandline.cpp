// parseCommandLine: nats-server's flag names, flags over the config file, no printing.
#include "core/server/CommandLine.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace natsws::server;
using namespace Qt::StringLiterals;

namespace {

QString joined(const QList<ConfigIssue> &issues)
{
    QStringList lines;
    for (const ConfigIssue &i : issues)
        lines.append(i.toString());
    return lines.join(QLatin1Char('\n'));
}

QString render(const Options &o, const QString &name)
{
    const QHash<QString, std::function<QString()>> fields{
        {QStringLiteral("configFile"), [&] { return QFileInfo(o.configFile).fileName(); }},
        {QStringLiteral("host"), [&] { return o.host; }},
        {QStringLiteral("port"), [&] { return QString::number(o.port); }},
        {QStringLiteral("httpPort"), [&] { return QString::number(o.httpPort); }},
        {QStringLiteral("ws.port"), [&] { return QString::number(o.websocket.port); }},
        {QStringLiteral("ws.host"), [&] { return o.websocket.host; }},
        {QStringLiteral("threads"), [&] { return QString::number(o.threads); }},
        {QStringLiteral("debug"), [&] { return o.debug ? QStringLiteral("true") : QStringLiteral("false"); }},
        {QStringLiteral("trace"), [&] { return o.trace ? QStringLiteral("true") : QStringLiteral("false"); }},
        {QStringLiteral("logFile"), [&] { return o.logFile; }},
        {QStringLiteral("connectionLog"), [&] { return o.connectionLog; }},
        {QStringLiteral("maxPayload"), [&] { return QString::number(o.maxPayload); }},
    };
    const auto it = fields.find(name);
    if (it == fields.end())
        qFatal("unknown field %s", qPrintable(name));
    return it.value()();
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void flags_data();
    void flags();
    void errors_data();
    void errors();
    void helpAndVersion_data();
    void helpAndVersion();
    void extraOptions();

private:
    QString configPath(const QString &name) const { return m_dir.filePath(name); }
    QStringList expand(QStringList args) const
    {
        for (QString &a : args)
            a.replace(QLatin1String("<dir>"), m_dir.path());
        return QStringList{QStringLiteral("natsws-server")} + args;
    }

    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QList<std::pair<QString, QByteArray>> files{
        {QStringLiteral("file.conf"), "port: 5000\nhttp_port: 8300\ndebug: false\nmax_payload: 2MB\n"
                                      "websocket {\n  port: 9100\n  no_tls: true\n}\n"},
        {QStringLiteral("bad.conf"), "port: \"x\"\n"},
        {QStringLiteral("warn.conf"), "port: 5001\ncluster { port: 6222 }\n"},
        {QStringLiteral("ws-tls.conf"), "websocket {\n  port: 9100\n}\n"},
        {QStringLiteral("ws-range.conf"), "websocket {\n  port: 99999\n  no_tls: true\n}\n"},
    };
    for (const auto &[name, text] : files) {
        QFile f(configPath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
}

void TestCommandLine::flags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("defaults") << QStringList{} << u"port"_s << u"4222"_s;
    QTest::newRow("default ws port") << QStringList{} << u"ws.port"_s << u"8080"_s;
    QTest::newRow("-p") << QStringList{u"-p"_s, u"5222"_s} << u"port"_s << u"5222"_s;
    QTest::newRow("--port") << QStringList{u"--port"_s, u"5223"_s} << u"port"_s << u"5223"_s;
    QTest::newRow("--port=") << QStringList{u"--port=5224"_s} << u"port"_s << u"5224"_s;
    QTest::newRow("-port (Go style)") << QStringList{u"-port"_s, u"5225"_s} << u"port"_s << u"5225"_s;
    QTest::newRow("-p -1 random") << QStringList{u"-p"_s, u"-1"_s} << u"port"_s << u"-1"_s;
    QTest::newRow("-a") << QStringList{u"-a"_s, u"0.0.0.0"_s} << u"host"_s << u"0.0.0.0"_s;
    QTest::newRow("--addr") << QStringList{u"--addr"_s, u"10.1.1.1"_s} << u"host"_s << u"10.1.1.1"_s;
    QTest::newRow("--net") << QStringList{u"--net"_s, u"::1"_s} << u"host"_s << u"::1"_s;
    QTest::newRow("-m") << QStringList{u"-m"_s, u"8222"_s} << u"httpPort"_s << u"8222"_s;
    QTest::newRow("--http_port") << QStringList{u"--http_port"_s, u"8223"_s} << u"httpPort"_s << u"8223"_s;
    QTest::newRow("--ws-port") << QStringList{u"--ws-port"_s, u"9000"_s} << u"ws.port"_s << u"9000"_s;
    QTest::newRow("--ws-port 0 disables") << QStringList{u"--ws-port"_s, u"0"_s} << u"ws.port"_s << u"0"_s;
    QTest::newRow("--ws-host") << QStringList{u"--ws-host"_s, u"0.0.0.0"_s} << u"ws.host"_s << u"0.0.0.0"_s;
    QTest::newRow("--threads") << QStringList{u"--threads"_s, u"3"_s} << u"threads"_s << u"3"_s;
    QTest::newRow("-D") << QStringList{u"-D"_s} << u"debug"_s << u"true"_s;
    QTest::newRow("--debug") << QStringList{u"--debug"_s} << u"debug"_s << u"true"_s;
    QTest::newRow("-D alone leaves trace") << QStringList{u"-D"_s} << u"trace"_s << u"false"_s;
    QTest::newRow("-V") << QStringList{u"-V"_s} << u"trace"_s << u"true"_s;
    QTest::newRow("--trace") << QStringList{u"--trace"_s} << u"trace"_s << u"true"_s;
    QTest::newRow("-DV debug") << QStringList{u"-DV"_s} << u"debug"_s << u"true"_s;
    QTest::newRow("-DV trace") << QStringList{u"-DV"_s} << u"trace"_s << u"true"_s;
    QTest::newRow("-l") << QStringList{u"-l"_s, u"/tmp/n.log"_s} << u"logFile"_s << u"/tmp/n.log"_s;
    QTest::newRow("--log") << QStringList{u"--log"_s, u"/tmp/m.log"_s} << u"logFile"_s << u"/tmp/m.log"_s;
    QTest::newRow("--connection-log") << QStringList{u"--connection-log"_s, u"/tmp/c.jsonl"_s} << u"connectionLog"_s << u"/tmp/c.jsonl"_s;
    QTest::newRow("-c reads the file") << QStringList{u"-c"_s, u"<dir>/file.conf"_s} << u"port"_s << u"5000"_s;
    QTest::newRow("--config") << QStringList{u"--config"_s, u"<dir>/file.conf"_s} << u"maxPayload"_s << u"2097152"_s;
    QTest::newRow("config file name kept") << QStringList{u"-c"_s, u"<dir>/file.conf"_s} << u"configFile"_s << u"file.conf"_s;
    QTest::newRow("file's ws block") << QStringList{u"-c"_s, u"<dir>/file.conf"_s} << u"ws.port"_s << u"9100"_s;
    QTest::newRow("flag overrides file port") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"-p"_s, u"6000"_s} << u"port"_s << u"6000"_s;
    QTest::newRow("flag before -c still wins") << QStringList{u"-p"_s, u"6001"_s, u"-c"_s, u"<dir>/file.conf"_s} << u"port"_s << u"6001"_s;
    QTest::newRow("flag overrides file http") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"-m"_s, u"8400"_s} << u"httpPort"_s << u"8400"_s;
    QTest::newRow("flag overrides file ws") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"--ws-port"_s, u"0"_s} << u"ws.port"_s << u"0"_s;
    QTest::newRow("flag overrides file debug") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"-D"_s} << u"debug"_s << u"true"_s;
    QTest::newRow("file value kept without flag") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"-D"_s} << u"httpPort"_s << u"8300"_s;
    QTest::newRow("--ws-port fixes a bad file port")
        << QStringList{u"-c"_s, u"<dir>/ws-range.conf"_s, u"--ws-port"_s, u"9200"_s} << u"ws.port"_s << u"9200"_s;
}

void TestCommandLine::flags()
{
    QFETCH(QStringList, args);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    const CommandLineResult r = parseCommandLine(expand(args), QStringLiteral("natsws-server"));
    QVERIFY2(r.errors.isEmpty(), qPrintable(joined(r.errors)));
    QVERIFY(!r.showHelp);
    QVERIFY(!r.showVersion);
    QCOMPARE(render(r.options, field), expected);
}

void TestCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected"); // part of the errors text, <dir> expanded

    QTest::newRow("unknown flag") << QStringList{u"--bogus"_s} << u"Unknown option 'bogus'"_s;
    QTest::newRow("missing value") << QStringList{u"-p"_s} << u"Missing value after '-p'"_s;
    QTest::newRow("port not a number") << QStringList{u"-p"_s, u"abc"_s} << u"invalid value \"abc\" for --port: expected an integer"_s;
    QTest::newRow("ws-port not a number") << QStringList{u"--ws-port"_s, u"x"_s} << u"invalid value \"x\" for --ws-port"_s;
    QTest::newRow("threads not a number") << QStringList{u"--threads"_s, u"many"_s} << u"invalid value \"many\" for --threads"_s;
    QTest::newRow("port out of range") << QStringList{u"-p"_s, u"70000"_s} << u"port 70000 is out of range"_s;
    QTest::newRow("negative threads") << QStringList{u"--threads"_s, u"-2"_s} << u"threads must be between 0"_s;
    QTest::newRow("positional argument") << QStringList{u"extra"_s} << u"unexpected argument \"extra\""_s;
    QTest::newRow("missing config file") << QStringList{u"-c"_s, u"<dir>/none.conf"_s}
                                         << u"<dir>/none.conf: error opening config file"_s;
    QTest::newRow("config error has file and line") << QStringList{u"-c"_s, u"<dir>/bad.conf"_s}
                                                    << u"<dir>/bad.conf:1:1: port: expected an integer"_s;
    QTest::newRow("validation runs after the file") << QStringList{u"-c"_s, u"<dir>/ws-tls.conf"_s}
                                                    << u"<dir>/ws-tls.conf:1:1: websocket requires TLS configuration"_s;
    QTest::newRow("flag error has no file location") << QStringList{u"-c"_s, u"<dir>/file.conf"_s, u"-p"_s, u"70000"_s}
                                                     << u"port 70000 is out of range"_s;
}

void TestCommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    expected.replace(QLatin1String("<dir>"), m_dir.path());
    const CommandLineResult r = parseCommandLine(expand(args), QStringLiteral("natsws-server"));
    QVERIFY(!r.errors.isEmpty());
    const QString all = joined(r.errors);
    QVERIFY2(all.contains(expected), qPrintable(all));
    if (QTest::currentDataTag() == QByteArrayLiteral("flag error has no file location"))
        QVERIFY2(!all.contains(QLatin1String("file.conf")), qPrintable(all));
}

void TestCommandLine::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("help");
    QTest::addColumn<bool>("version");

    QTest::newRow("-h") << QStringList{u"-h"_s} << true << false;
    QTest::newRow("--help") << QStringList{u"--help"_s} << true << false;
    QTest::newRow("-v") << QStringList{u"-v"_s} << false << true;
    QTest::newRow("--version") << QStringList{u"--version"_s} << false << true;
    QTest::newRow("help skips a bad config") << QStringList{u"-h"_s, u"-c"_s, u"<dir>/bad.conf"_s} << true << false;
}

void TestCommandLine::helpAndVersion()
{
    QFETCH(QStringList, args);
    QFETCH(bool, help);
    QFETCH(bool, version);
    const CommandLineResult r = parseCommandLine(expand(args), QStringLiteral("natsws-server"));
    QVERIFY2(r.errors.isEmpty(), qPrintable(joined(r.errors)));
    QCOMPARE(r.showHelp, help);
    QCOMPARE(r.showVersion, version);
    QVERIFY(r.helpText.startsWith(QLatin1String("Usage: natsws-server [options]")));
    for (const char *flag : {"--config", "--addr", "--port", "--http_port", "--ws-port", "--ws-host", "--threads",
                             "--debug", "--trace", "-DV", "--log", "--connection-log", "--version", "--help"})
        QVERIFY2(r.helpText.contains(QLatin1String(flag)), flag);
    QCOMPARE(r.versionText, QStringLiteral("natsws-server: v" NATSWS_VERSION));   // nats-server: v2.9.10
}

void TestCommandLine::extraOptions()
{
    const CommandLineResult withLang = parseCommandLine(expand({u"--lang"_s, u"de"_s, u"-p"_s, u"4300"_s}), QStringLiteral("natsws"),
                                                        QStringList{QStringLiteral("lang")});
    QVERIFY2(withLang.errors.isEmpty(), qPrintable(joined(withLang.errors)));
    QCOMPARE(withLang.extraValues.value(QStringLiteral("lang")), QStringLiteral("de"));
    QCOMPARE(withLang.options.port, 4300);
    QVERIFY(withLang.helpText.contains(QLatin1String("--lang")));

    const CommandLineResult without = parseCommandLine(expand({u"-p"_s, u"4300"_s}), QStringLiteral("natsws"),
                                                       QStringList{QStringLiteral("lang")});
    QVERIFY(!without.extraValues.contains(QStringLiteral("lang")));

    // The server binary does not know the GUI's flag.
    const CommandLineResult server = parseCommandLine(expand({u"--lang"_s, u"de"_s}), QStringLiteral("natsws-server"));
    QVERIFY(!server.errors.isEmpty());

    const CommandLineResult warned = parseCommandLine(expand({u"-c"_s, u"<dir>/warn.conf"_s, u"-t"_s}), QStringLiteral("natsws-server"));
    QVERIFY2(warned.errors.isEmpty(), qPrintable(joined(warned.errors)));
    QVERIFY(warned.testConfig);
    QVERIFY(joined(warned.warnings).contains(QLatin1String("option \"cluster\" is not supported by natsws")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
