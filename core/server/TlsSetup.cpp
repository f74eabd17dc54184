#include "core/server/TlsSetup.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace natsws::server {

namespace {
// Reads a whole file or says why not, naming the option and the file.
std::optional<QByteArray> readPem(const QString &path, const QString &key, const QString &file,
                                  QString *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1.%2: cannot read \"%3\": %4").arg(path, key, file, f.errorString());
        return std::nullopt;
    }
    return f.readAll();
}

std::optional<QList<QSslCertificate>> loadCertificates(const QString &path, const QString &key,
                                                       const QString &file, QString *error)
{
    const auto pem = readPem(path, key, file, error);
    if (!pem)
        return std::nullopt;
    QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = QStringLiteral("%1.%2: no PEM certificate in \"%3\"").arg(path, key, file);
        return std::nullopt;
    }
    return certificates;
}

std::optional<QSslKey> loadPrivateKey(const QString &path, const QString &file, QString *error)
{
    const auto pem = readPem(path, QStringLiteral("key_file"), file, error);
    if (!pem)
        return std::nullopt;
    // The PEM does not always say the algorithm (PKCS#8 "PRIVATE KEY"): try each one.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(*pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    *error = QStringLiteral("%1.key_file: no unencrypted RSA or EC private key in \"%2\"").arg(path, file);
    return std::nullopt;
}

QSsl::SslProtocol minimumProtocol(const QString &minVersion)
{
    return minVersion == QLatin1String("1.3") ? QSsl::TlsV1_3OrLater : QSsl::TlsV1_2OrLater;
}
} // namespace

std::optional<ListenerTls> TlsSetup::build(const TlsOptions &options, const QString &path, QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (!options.configured)
        return ListenerTls{};
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("%1: TLS is not available (no Qt TLS backend with OpenSSL)").arg(path);
        return std::nullopt;
    }
    if (options.certFile.isEmpty() || options.keyFile.isEmpty()) {
        *error = QStringLiteral("%1: cert_file and key_file are required").arg(path);
        return std::nullopt;
    }
    const auto chain = loadCertificates(path, QStringLiteral("cert_file"), options.certFile, error);
    if (!chain)
        return std::nullopt;
    const auto key = loadPrivateKey(path, options.keyFile, error);
    if (!key)
        return std::nullopt;

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(*chain);
    configuration.setPrivateKey(*key);
    configuration.setProtocol(minimumProtocol(options.minVersion));
    if (!options.caFile.isEmpty()) {
        const auto cas = loadCertificates(path, QStringLiteral("ca_file"), options.caFile, error);
        if (!cas)
            return std::nullopt;
        configuration.setCaCertificates(*cas);   // like Go's ClientCAs: only these are trusted
    }
    // Without verify, nats-server does not even ask for a client certificate.
    configuration.setPeerVerifyMode(options.verify ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);

    ListenerTls tls;
    tls.enabled = true;
    tls.configuration = configuration;
    tls.timeout = options.timeout;
    return tls;
}

} // namespace natsws::server
