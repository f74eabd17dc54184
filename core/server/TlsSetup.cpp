#include "core/server/TlsSetup.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace natsws::server {

namespace {
void setError(TlsSetupError *error, const QString &option, const QString &message)
{
    *error = TlsSetupError{option, QStringLiteral("%1: %2").arg(option, message)};
}

// Reads a whole file or says why not, naming the option and the file.
std::optional<QByteArray> readPem(const QString &option, const QString &file, TlsSetupError *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        setError(error, option, QStringLiteral("cannot read \"%1\": %2").arg(file, f.errorString()));
        return std::nullopt;
    }
    return f.readAll();
}

std::optional<QList<QSslCertificate>> loadCertificates(const QString &option, const QString &file,
                                                       TlsSetupError *error)
{
    const auto pem = readPem(option, file, error);
    if (!pem)
        return std::nullopt;
    QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certificates.isEmpty()) {
        setError(error, option, QStringLiteral("no PEM certificate in \"%1\"").arg(file));
        return std::nullopt;
    }
    return certificates;
}

std::optional<QSslKey> loadPrivateKey(const QString &option, const QString &file, TlsSetupError *error)
{
    const auto pem = readPem(option, file, error);
    if (!pem)
        return std::nullopt;
    // The PEM does not always say the algorithm (PKCS#8 "PRIVATE KEY"): try each one.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(*pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    setError(error, option, QStringLiteral("no unencrypted RSA or EC private key in \"%1\"").arg(file));
    return std::nullopt;
}

QSsl::SslProtocol minimumProtocol(const QString &minVersion)
{
    return minVersion == QLatin1String("1.3") ? QSsl::TlsV1_3OrLater : QSsl::TlsV1_2OrLater;
}

// Hands the first accepted descriptor over instead of wrapping it in a QTcpSocket.
class DescriptorCatcher : public QTcpServer {
public:
    qintptr descriptor = -1;
protected:
    void incomingConnection(qintptr accepted) override { descriptor = accepted; }
};

// Qt loads the certificate and the key separately and would only find out that they do not
// belong together at every client's handshake (nats-server refuses to start). So the server
// side does one handshake with itself over loopback; returns Qt's error, empty when it worked
// (or when no loopback socket could be had: then there is nothing to say about the files).
QString handshakeWithItself(QSslConfiguration serverSide)
{
    constexpr int kSelfCheckMillis = 3000;
    serverSide.setPeerVerifyMode(QSslSocket::VerifyNone);   // the check presents no certificate
    DescriptorCatcher listener;
    if (!listener.listen(QHostAddress::LocalHost, 0))
        return QString();
    QSslSocket client, server;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    QString failure;
    QEventLoop loop;
    QObject::connect(&server, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&server, &QSslSocket::errorOccurred, &loop, [&] {
        failure = server.errorString();
        loop.quit();
    });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());
    const QDeadlineTimer deadline(kSelfCheckMillis);
    while (listener.descriptor < 0 && !deadline.hasExpired())
        listener.waitForNewConnection(50);
    if (listener.descriptor < 0 || !server.setSocketDescriptor(listener.descriptor))
        return QString();
    server.setSslConfiguration(serverSide);
    server.startServerEncryption();
    if (failure.isEmpty() && !server.isEncrypted()) {
        QTimer::singleShot(deadline.remainingTime(), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return failure;
}
} // namespace

std::optional<ListenerTls> TlsSetup::build(const TlsOptions &options, const QString &path, TlsSetupError *error)
{
    TlsSetupError ignored;
    if (!error)
        error = &ignored;
    if (!options.configured)
        return ListenerTls{};
    // -> QString: an auto return type would be a QStringBuilder over destroyed temporaries.
    const auto option = [&](const char *key) -> QString {
        return path + QLatin1Char('.') + QLatin1String(key);
    };
    if (!QSslSocket::supportsSsl()) {
        *error = {path, QStringLiteral("%1: TLS is not available (no Qt TLS backend with OpenSSL)").arg(path)};
        return std::nullopt;
    }
    if (options.certFile.isEmpty() || options.keyFile.isEmpty()) {
        *error = {path, QStringLiteral("%1: cert_file and key_file are required").arg(path)};
        return std::nullopt;
    }
    const auto chain = loadCertificates(option("cert_file"), options.certFile, error);
    if (!chain)
        return std::nullopt;
    const auto key = loadPrivateKey(option("key_file"), options.keyFile, error);
    if (!key)
        return std::nullopt;

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(*chain);
    configuration.setPrivateKey(*key);
    configuration.setProtocol(minimumProtocol(options.minVersion));
    if (!options.caFile.isEmpty()) {
        const auto cas = loadCertificates(option("ca_file"), options.caFile, error);
        if (!cas)
            return std::nullopt;
        configuration.setCaCertificates(*cas);   // like Go's ClientCAs: only these are trusted
    }
    // Without verify, nats-server does not even ask for a client certificate.
    configuration.setPeerVerifyMode(options.verify ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    if (const QString failure = handshakeWithItself(configuration); !failure.isEmpty()) {
        // Qt's text for this is vague ("Unable to init SSL Context: "): say which files.
        setError(error, option("key_file"),
                 QStringLiteral("\"%1\" does not match cert_file \"%2\" (%3)")
                     .arg(options.keyFile, options.certFile,
                          failure.trimmed().remove(QRegularExpression(QStringLiteral(":$")))));
        return std::nullopt;
    }

    ListenerTls tls;
    tls.enabled = true;
    tls.configuration = configuration;
    tls.timeout = options.timeout;
    return tls;
}

} // namespace natsws::server
