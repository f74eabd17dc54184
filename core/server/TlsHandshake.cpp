#include "core/server/TlsHandshake.h"

#include "core/server/TlsFirstRecord.h"

#include <QStringList>

namespace natsws::server {

namespace {
// nats-server replaces a zero tls timeout with its 2 s default; so does natsws.
constexpr Millis kDefaultTimeout{2000};

QString describeErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &error : errors)
        texts.append(error.errorString());
    return texts.join(QStringLiteral("; "));
}
} // namespace

TlsHandshake::TlsHandshake(QSslSocket &socket, const ListenerTls &tls, bool answerPlainHttp, QObject *parent)
    : QObject(parent), m_socket(socket), m_answerPlainHttp(answerPlainHttp)
{
    m_socket.setSslConfiguration(tls.configuration);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(tls.timeout.count() > 0 ? tls.timeout : kDefaultTimeout);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("TLS handshake timeout")); });
    connect(&m_socket, &QSslSocket::readyRead, this, [this] {
        if (m_phase == Phase::WaitingForRecord)
            inspectFirstRecord();
    });
    connect(&m_socket, &QSslSocket::encrypted, this, [this] {
        if (m_phase != Phase::Handshaking)
            return;
        m_phase = Phase::Established;
        m_timeout.stop();
        emit established();
    });
    // Peer verification (verify: true): a missing or untrusted client certificate.
    connect(&m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        if (isPending())
            fail(describeErrors(errors));
    });
    connect(&m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (isPending())
            fail(m_socket.errorString());
    });
    connect(&m_socket, &QSslSocket::disconnected, this, [this] {
        if (isPending())
            fail(QStringLiteral("EOF"));
    });
}

void TlsHandshake::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::WaitingForRecord;
    m_timeout.start();
    inspectFirstRecord();
}

void TlsHandshake::inspectFirstRecord()
{
    // In unencrypted mode QSslSocket peeks at its plain socket: the bytes stay there for
    // the TLS engine that startServerEncryption() starts.
    char header[kTlsRecordHeaderSize];
    const qint64 got = m_socket.peek(header, sizeof header);
    switch (classifyFirstRecord(QByteArrayView(header, std::max<qint64>(got, 0)))) {
    case FirstRecord::NeedMore:
        return;
    case FirstRecord::Tls:
        m_phase = Phase::Handshaking;
        m_socket.startServerEncryption();
        return;
    case FirstRecord::PlainHttp:
        if (m_answerPlainHttp) {
            m_phase = Phase::Done;
            m_timeout.stop();
            emit plainHttpRequest();
            return;
        }
        break;
    case FirstRecord::NotTls:
        break;
    }
    fail(QString::fromLatin1(notTlsErrorText()));
}

void TlsHandshake::fail(const QString &detail)
{
    m_phase = Phase::Done;
    m_timeout.stop();
    emit failed(detail);
}

} // namespace natsws::server
