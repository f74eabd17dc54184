// TlsSetup: tls {} options -> the QSslConfiguration of a listener, or an error naming the file.
#include "core/server/TlsSetup.h"

#include "tests/data/tls/TestCertificates.h"

#include <QtTest>

using natsws::server::ListenerTls;
using natsws::server::TlsOptions;
using natsws::server::TlsSetup;
using natsws::server::TlsSetupError;

class TestTlsSetup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void notConfiguredIsAPlainListener();
    void caFileReplacesTheSystemCas();
    void timeoutIsKept();

private:
    TlsOptions options(const QString &cert, const QString &key, const QString &ca = QString()) const;
    natsws::testing::TestCertificates m_certs;
};

void TestTlsSetup::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.make(&error), qPrintable(error));
}

TlsOptions TestTlsSetup::options(const QString &cert, const QString &key, const QString &ca) const
{
    TlsOptions o;
    o.configured = true;
    o.certFile = cert.isEmpty() ? QString() : m_certs.path(cert);
    o.keyFile = key.isEmpty() ? QString() : m_certs.path(key);
    o.caFile = ca.isEmpty() ? QString() : m_certs.path(ca);
    return o;
}

void TestTlsSetup::accepted_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<bool>("verify");
    QTest::addColumn<QString>("minVersion");
    QTest::addColumn<int>("chainLength");
    QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    QTest::addColumn<QSslSocket::PeerVerifyMode>("verifyMode");

    const QString cert = QStringLiteral("server.pem"), key = QStringLiteral("server.key");
    QTest::newRow("EC key, defaults") << cert << key << QString() << false << QString() << 1 << QSsl::Ec
                                      << QSsl::TlsV1_2OrLater << QSslSocket::VerifyNone;
    QTest::newRow("RSA key") << QStringLiteral("server-rsa.pem") << QStringLiteral("server-rsa.key") << QString()
                             << false << QString() << 1 << QSsl::Rsa << QSsl::TlsV1_2OrLater << QSslSocket::VerifyNone;
    QTest::newRow("min_version 1.2") << cert << key << QString() << false << QStringLiteral("1.2") << 1 << QSsl::Ec
                                     << QSsl::TlsV1_2OrLater << QSslSocket::VerifyNone;
    QTest::newRow("min_version 1.3") << cert << key << QString() << false << QStringLiteral("1.3") << 1 << QSsl::Ec
                                     << QSsl::TlsV1_3OrLater << QSslSocket::VerifyNone;
    QTest::newRow("verify with ca_file") << cert << key << QStringLiteral("ca.pem") << true << QString() << 1
                                         << QSsl::Ec << QSsl::TlsV1_2OrLater << QSslSocket::VerifyPeer;
    QTest::newRow("ca_file without verify asks for no certificate")
        << cert << key << QStringLiteral("ca.pem") << false << QString() << 1 << QSsl::Ec << QSsl::TlsV1_2OrLater
        << QSslSocket::VerifyNone;
    QTest::newRow("chain: leaf then CA in cert_file") << QStringLiteral("chain.pem") << key << QString() << false
                                                      << QString() << 2 << QSsl::Ec << QSsl::TlsV1_2OrLater
                                                      << QSslSocket::VerifyNone;
}

void TestTlsSetup::accepted()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, ca);
    QFETCH(bool, verify);
    QFETCH(QString, minVersion);
    QFETCH(int, chainLength);
    QFETCH(QSsl::KeyAlgorithm, algorithm);
    QFETCH(QSsl::SslProtocol, protocol);
    QFETCH(QSslSocket::PeerVerifyMode, verifyMode);

    if (cert == QLatin1String("chain.pem") && !QFile::exists(m_certs.path(cert))) {
        QFile chain(m_certs.path(cert));
        QVERIFY(chain.open(QIODevice::WriteOnly));
        for (const char *part : {"server.pem", "ca.pem"}) {
            QFile in(m_certs.path(QString::fromLatin1(part)));
            QVERIFY(in.open(QIODevice::ReadOnly));
            chain.write(in.readAll());
        }
    }
    TlsOptions o = options(cert, key, ca);
    o.verify = verify;
    o.minVersion = minVersion;
    TlsSetupError error;
    const std::optional<ListenerTls> tls = TlsSetup::build(o, QStringLiteral("tls"), &error);
    QVERIFY2(tls.has_value(), qPrintable(error.message));
    QVERIFY(tls->enabled);
    const QSslConfiguration &c = tls->configuration;
    QCOMPARE(c.localCertificateChain().size(), chainLength);
    // The leaf is the server certificate itself, whatever follows it in the file.
    const QString leafFile = cert == QLatin1String("chain.pem") ? QStringLiteral("server.pem") : cert;
    QCOMPARE(c.localCertificate(), m_certs.certificates(leafFile).value(0));
    QCOMPARE(c.privateKey().algorithm(), algorithm);
    QCOMPARE(c.privateKey().type(), QSsl::PrivateKey);
    QCOMPARE(c.protocol(), protocol);
    QCOMPARE(c.peerVerifyMode(), verifyMode);
}

void TestTlsSetup::refused_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<QString>("option");     // for the config file's line
    QTest::addColumn<QString>("expected");   // %1 = the temp dir

    const QString cert = QStringLiteral("server.pem"), key = QStringLiteral("server.key");
    const QString certOption = QStringLiteral("websocket.tls.cert_file");
    const QString keyOption = QStringLiteral("websocket.tls.key_file");
    const QString caOption = QStringLiteral("websocket.tls.ca_file");
    QTest::newRow("missing cert_file") << QStringLiteral("nope.pem") << key << QString() << certOption
                                       << QStringLiteral("websocket.tls.cert_file: cannot read \"%1/nope.pem\"");
    QTest::newRow("missing key_file") << cert << QStringLiteral("nope.key") << QString() << keyOption
                                      << QStringLiteral("websocket.tls.key_file: cannot read \"%1/nope.key\"");
    QTest::newRow("missing ca_file") << cert << key << QStringLiteral("nope.pem") << caOption
                                     << QStringLiteral("websocket.tls.ca_file: cannot read \"%1/nope.pem\"");
    QTest::newRow("cert_file holds a key")
        << key << key << QString() << certOption
        << QStringLiteral("websocket.tls.cert_file: no PEM certificate in \"%1/server.key\"");
    QTest::newRow("key_file holds a certificate")
        << cert << cert << QString() << keyOption
        << QStringLiteral("websocket.tls.key_file: no unencrypted RSA or EC private key in \"%1/server.pem\"");
    QTest::newRow("encrypted key_file")
        << cert << QStringLiteral("server-encrypted.key") << QString() << keyOption
        << QStringLiteral("websocket.tls.key_file: no unencrypted RSA or EC private key in \"%1/server-encrypted.key\"");
    QTest::newRow("ca_file holds a key")
        << cert << key << QStringLiteral("ca.key") << caOption
        << QStringLiteral("websocket.tls.ca_file: no PEM certificate in \"%1/ca.key\"");
    QTest::newRow("key_file of another certificate")
        << cert << QStringLiteral("client.key") << QString() << keyOption
        << QStringLiteral("websocket.tls.key_file: \"%1/client.key\" does not match cert_file \"%1/server.pem\" (");
    QTest::newRow("RSA key for an EC certificate")
        << cert << QStringLiteral("server-rsa.key") << QString() << keyOption
        << QStringLiteral("websocket.tls.key_file: \"%1/server-rsa.key\" does not match cert_file \"%1/server.pem\" (");
    QTest::newRow("no cert_file") << QString() << key << QString() << QStringLiteral("websocket.tls")
                                  << QStringLiteral("websocket.tls: cert_file and key_file are required");
    QTest::newRow("no key_file") << cert << QString() << QString() << QStringLiteral("websocket.tls")
                                 << QStringLiteral("websocket.tls: cert_file and key_file are required");
}

void TestTlsSetup::refused()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, ca);
    QFETCH(QString, option);
    QFETCH(QString, expected);
    TlsSetupError error;
    const auto tls = TlsSetup::build(options(cert, key, ca), QStringLiteral("websocket.tls"), &error);
    QVERIFY(!tls.has_value());
    QCOMPARE(error.option, option);
    const QString dir = QFileInfo(m_certs.path(QStringLiteral("x"))).path();
    QVERIFY2(error.message.startsWith(expected.replace(QLatin1String("%1"), dir)), qPrintable(error.message));
}

void TestTlsSetup::notConfiguredIsAPlainListener()
{
    TlsSetupError error;
    const auto tls = TlsSetup::build(TlsOptions{}, QStringLiteral("tls"), &error);
    QVERIFY(tls.has_value());
    QVERIFY(!tls->enabled);
    QVERIFY(error.message.isEmpty());
}

void TestTlsSetup::caFileReplacesTheSystemCas()
{
    TlsOptions o = options(QStringLiteral("server.pem"), QStringLiteral("server.key"), QStringLiteral("ca.pem"));
    o.verify = true;
    const auto tls = TlsSetup::build(o, QStringLiteral("tls"), nullptr);
    QVERIFY(tls.has_value());
    QCOMPARE(tls->configuration.caCertificates(), m_certs.certificates(QStringLiteral("ca.pem")));
}

void TestTlsSetup::timeoutIsKept()
{
    TlsOptions o = options(QStringLiteral("server.pem"), QStringLiteral("server.key"));
    o.timeout = std::chrono::milliseconds(750);
    const auto tls = TlsSetup::build(o, QStringLiteral("tls"), nullptr);
    QVERIFY(tls.has_value());
    QCOMPARE(tls->timeout.count(), 750);
}

QTEST_GUILESS_MAIN(TestTlsSetup)
#include "tst_tlssetup.moc"
