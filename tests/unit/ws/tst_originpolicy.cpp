// OriginPolicy: same_origin and allowed_origins with the newest nats-server semantics (spec §3)
// and the allowed_origins validation texts of spec §1.2.
#include "core/ws/OriginPolicy.h"

#include <QTest>

using namespace natsws::ws;
using namespace Qt::Literals::StringLiterals;

class TestOriginPolicy : public QObject {
    Q_OBJECT
private slots:
    void check_data();
    void check();
    void validate_data();
    void validate();
    void activeOnlyWhenConfigured();
};

void TestOriginPolicy::check_data()
{
    QTest::addColumn<bool>("sameOrigin");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QByteArray>("requestHost");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("detail");   // empty: accepted

    const QStringList none;
    const QStringList list{u"http://host1.com"_s, u"http://host2.com:1234"_s};
    const QStringList bothSchemes{u"http://host3.com"_s, u"https://host3.com"_s};
    const QByteArray notSame = "not same origin", notListed = "not in the allowed list";

    // The cases of nats-server's TestWSCheckOrigin.
    QTest::newRow("nothing configured accepts all") << false << none << QByteArray() << false << QByteArray("http://any.host.com") << QByteArray();
    QTest::newRow("same origin with explicit :80") << true << none << QByteArray("host.com") << false << QByteArray("http://host.com:80") << QByteArray();
    QTest::newRow("same origin, other host") << true << none << QByteArray("host.com") << false << QByteArray("http://other.host.com") << notSame;
    QTest::newRow("same origin, other port") << true << none << QByteArray("host.com") << false << QByteArray("http://host.com:81") << notSame;
    QTest::newRow("tls request, http origin on :443") << true << none << QByteArray("host.com:443") << true << QByteArray("http://host.com:443") << notSame;
    QTest::newRow("tls request, http origin") << true << none << QByteArray("host.com") << true << QByteArray("http://host.com") << notSame;
    QTest::newRow("origin not a request URI") << true << none << QByteArray("host.com") << false << QByteArray("@@@://invalid:url:1234")
                                              << QByteArray("parse \"@@@://invalid:url:1234\": invalid URI for request");
    QTest::newRow("origin host with colons") << true << none << QByteArray("host.com") << false << QByteArray("http://invalid:url:1234")
                                             << QByteArray("address invalid:url:1234: too many colons in address");
    QTest::newRow("request host with colons") << true << none << QByteArray("invalid:url:1234") << false << QByteArray("http://host.com")
                                              << QByteArray("address invalid:url:1234: too many colons in address");
    QTest::newRow("no origin, same origin set") << true << none << QByteArray() << false << QByteArray() << QByteArray();
    QTest::newRow("no origin, list set") << false << list << QByteArray() << false << QByteArray() << QByteArray();
    QTest::newRow("no origin, both set") << true << list << QByteArray() << false << QByteArray() << QByteArray();
    QTest::newRow("listed with port") << false << list << QByteArray() << false << QByteArray("http://host2.com:1234") << QByteArray();
    QTest::newRow("listed, path ignored") << false << list << QByteArray() << false << QByteArray("http://host1.com/some/path") << QByteArray();
    QTest::newRow("one host, http listed") << false << bothSchemes << QByteArray() << false << QByteArray("http://host3.com") << QByteArray();
    QTest::newRow("one host, https listed") << false << bothSchemes << QByteArray() << false << QByteArray("https://host3.com") << QByteArray();
    QTest::newRow("listed host, wrong port") << false << list << QByteArray() << false << QByteArray("http://host1.com:1234") << notListed;
    QTest::newRow("listed host, wrong scheme") << false << list << QByteArray() << false << QByteArray("https://host2.com:1234") << notListed;

    // Further rules of spec §3.
    QTest::newRow("same origin over tls") << true << none << QByteArray("host.com") << true << QByteArray("https://host.com") << QByteArray();
    QTest::newRow("same origin https :443 explicit") << true << none << QByteArray("host.com:443") << true << QByteArray("https://host.com") << QByteArray();
    QTest::newRow("https origin on plain listener") << true << none << QByteArray("host.com:443") << false << QByteArray("https://host.com") << notSame;
    QTest::newRow("host compared lower-cased") << true << none << QByteArray("HOST.com") << false << QByteArray("http://Host.COM") << QByteArray();
    QTest::newRow("scheme any case") << true << none << QByteArray("host.com") << false << QByteArray("HTTP://host.com") << QByteArray();
    QTest::newRow("wss defaults to port 80") << false << QStringList{u"http://h.com:80"_s} << QByteArray() << false << QByteArray("wss://h.com") << notListed;
    QTest::newRow("ports compared as text") << true << none << QByteArray("host.com:80") << false << QByteArray("http://host.com:080") << notSame;
    QTest::newRow("both set, both must pass") << true << list << QByteArray("host1.com") << false << QByteArray("http://host1.com") << QByteArray();
    QTest::newRow("both set, same but not listed") << true << list << QByteArray("other.com") << false << QByteArray("http://other.com") << notListed;
    QTest::newRow("both set, listed but not same") << true << list << QByteArray("other.com") << false << QByteArray("http://host1.com") << notSame;
    QTest::newRow("listed host lower-cased") << false << QStringList{u"http://MiXeD.com"_s} << QByteArray() << false << QByteArray("http://mixed.COM") << QByteArray();
    QTest::newRow("ipv6 origin") << false << QStringList{u"http://[::1]:8080"_s} << QByteArray() << false << QByteArray("http://[::1]:8080") << QByteArray();
    QTest::newRow("bad port in origin") << false << list << QByteArray() << false << QByteArray("http://host1.com:abc")
                                        << QByteArray("parse \"http://host1.com:abc\": invalid port \":abc\" after host");
    QTest::newRow("unparsable list entry skipped") << false << QStringList{u"foo"_s} << QByteArray() << false << QByteArray("http://x.com") << QByteArray();
    QTest::newRow("unsplittable entry keeps list active") << false << QStringList{u"http://a:b:1"_s} << QByteArray() << false
                                                         << QByteArray("http://a.com") << notListed;
}

void TestOriginPolicy::check()
{
    QFETCH(bool, sameOrigin);
    QFETCH(QStringList, allowed);
    QFETCH(QByteArray, requestHost);
    QFETCH(bool, tls);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, detail);
    QCOMPARE(OriginPolicy(sameOrigin, allowed).check(origin, requestHost, tls), detail);
}

void TestOriginPolicy::validate_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<QString>("error");
    QTest::newRow("http") << u"http://host.com"_s << QString();
    QTest::newRow("https with port and path") << u"https://host.com:8443/app"_s << QString();
    QTest::newRow("scheme upper-case") << u"HTTP://Host.com"_s << QString();
    QTest::newRow("ipv6") << u"http://[::1]:4443"_s << QString();
    QTest::newRow("3: not a request URI") << u"foo"_s
                                          << u"unable to parse allowed origin: parse \"foo\": invalid URI for request"_s;
    QTest::newRow("3: bad port") << u"http://host:abc"_s
                                 << u"unable to parse allowed origin: parse \"http://host:abc\": invalid port \":abc\" after host"_s;
    QTest::newRow("3: missing bracket") << u"http://[::1"_s
                                        << u"unable to parse allowed origin: parse \"http://[::1\": missing ']' in host"_s;
    QTest::newRow("3: space in host") << u"http://ho st"_s
                                      << u"unable to parse allowed origin: parse \"http://ho st\": invalid character \" \" in host name"_s;
    QTest::newRow("3: empty") << QString() << u"unable to parse allowed origin: parse \"\": empty url"_s;
    QTest::newRow("3b: ftp") << u"ftp://host.com"_s
                             << u"unable to parse allowed origin \"ftp://host.com\": allowed origins must be absolute URLs with http or https scheme"_s;
    QTest::newRow("3b: relative") << u"/relative/path"_s
                                  << u"unable to parse allowed origin \"/relative/path\": allowed origins must be absolute URLs with http or https scheme"_s;
    QTest::newRow("3b: ws") << u"ws://host.com"_s
                            << u"unable to parse allowed origin \"ws://host.com\": allowed origins must be absolute URLs with http or https scheme"_s;
    QTest::newRow("3c: opaque") << u"http:host.com"_s << u"unable to parse allowed origin \"http:host.com\": host is required"_s;
    QTest::newRow("3c: empty authority") << u"https:///path"_s << u"unable to parse allowed origin \"https:///path\": host is required"_s;
    QTest::newRow("3d: too many colons") << u"http://a:b:1"_s
                                         << u"unable to parse allowed origin: address a:b:1: too many colons in address"_s;
}

void TestOriginPolicy::validate()
{
    QFETCH(QString, origin);
    QFETCH(QString, error);
    QCOMPARE(OriginPolicy::validateAllowedOrigin(origin), error);
}

void TestOriginPolicy::activeOnlyWhenConfigured()
{
    QVERIFY(!OriginPolicy().active());
    QVERIFY(!OriginPolicy(false, {}).active());
    QVERIFY(!OriginPolicy(false, {u"foo"_s}).active());   // nothing parsable: everything accepted
    QVERIFY(OriginPolicy(true, {}).active());
    QVERIFY(OriginPolicy(false, {u"http://a.com"_s}).active());
}

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "tst_originpolicy.moc"
