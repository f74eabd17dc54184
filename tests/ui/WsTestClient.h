#pragma once
// Test helper: a browser-like WebSocket client (origin, User-Agent, cookies) that speaks
// NATS through Qt's QWebSocket, with bounded waits.
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QNetworkRequest>
#include <QTest>
#include <QWebSocket>

namespace natsws::testing {

class WsTestClient : public QObject {
public:
    explicit WsTestClient(const QString &origin) : m_socket(origin)
    {
        connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) { m_received += m; });
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) { m_received += m.toUtf8(); });
    }

    // Opens the socket with extra request headers; true once the server's INFO arrived.
    bool open(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers)
    {
        QNetworkRequest request(url);
        for (const auto &header : headers)
            request.setRawHeader(header.first, header.second);
        m_socket.open(request);
        return waitFor("INFO ");
    }

    // Opens and expects the upgrade to be refused.
    bool openRefused(const QUrl &url)
    {
        // Qt 6.4 names the signal error(); errorOccurred() came with 6.5.
        connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
                [this] { m_failed = true; });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_failed = true; });
        m_socket.open(url);
        QDeadlineTimer deadline(3000);
        while (!m_failed && !deadline.hasExpired())
            QTest::qWait(10);
        return m_failed && m_socket.state() != QAbstractSocket::ConnectedState;
    }

    void send(const QByteArray &bytes) { m_socket.sendBinaryMessage(bytes); }

    bool waitFor(const QByteArray &marker, int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_received.contains(marker)) {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(5);
        }
        return true;
    }

    bool closeWith(QWebSocketProtocol::CloseCode code, const QString &reason)
    {
        m_socket.close(code, reason);
        QDeadlineTimer deadline(3000);
        while (m_socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired())
            QTest::qWait(5);
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    QWebSocket &socket() { return m_socket; }
    QByteArray &received() { return m_received; }

private:
    QWebSocket m_socket;
    QByteArray m_received;
    bool m_failed = false;
};

} // namespace natsws::testing
