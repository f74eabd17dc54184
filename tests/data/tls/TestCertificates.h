#pragma once
// Fresh test certificates (tests/data/tls/make-test-certs.sh) in a temp dir for one test
// program. NATSWS_TEST_TLS_SCRIPT is set by the test's CMakeLists.txt.
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>

namespace natsws::testing {

class TestCertificates {
public:
    // Runs the script; false (with the script's output in `error`) when openssl failed.
    bool make(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temp dir");
            return false;
        }
        QProcess script;
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(QStringLiteral("/bin/sh"), {QStringLiteral(NATSWS_TEST_TLS_SCRIPT), m_dir.path()});
        if (!script.waitForFinished(60000) || script.exitStatus() != QProcess::NormalExit
            || script.exitCode() != 0) {
            *error = QString::fromLocal8Bit(script.readAll());
            return false;
        }
        return true;
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QList<QSslCertificate> certificates(const QString &name) const
    {
        return QSslCertificate::fromPath(path(name), QSsl::Pem);
    }

    QSslKey ecKey(const QString &name) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QSslKey(file.readAll(), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    }

    // A client configuration that trusts the test CA and, when `identity` is given
    // ("client", "stranger"), presents that certificate.
    QSslConfiguration clientConfiguration(const QString &identity = QString()) const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(certificates(QStringLiteral("ca.pem")));
        if (!identity.isEmpty()) {
            configuration.setLocalCertificate(certificates(identity + QStringLiteral(".pem")).value(0));
            configuration.setPrivateKey(ecKey(identity + QStringLiteral(".key")));
        }
        return configuration;
    }

private:
    QTemporaryDir m_dir;
};

} // namespace natsws::testing
