#pragma once
// An in-process natsws on ephemeral loopback ports, for integration tests.
#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Server.h"

#include <QTcpSocket>
#include <QTest>
#include <memory>

namespace natsws::testing {

inline server::Options loopbackOptions()
{
    server::Options o;
    o.host = QStringLiteral("127.0.0.1");
    o.port = -1;
    o.websocket.host = QStringLiteral("127.0.0.1");
    o.websocket.port = -1;
    o.websocket.noTls = true;
    o.websocket.compression = false;
    o.threads = 2;
    return o;
}

inline std::unique_ptr<server::Server> startServer(server::Options options = loopbackOptions())
{
    auto s = std::make_unique<server::Server>(std::move(options));
    QString error;
    if (!s->start(&error))
        qFatal("server did not start: %s", qPrintable(error));
    return s;
}

// A raw NATS TCP client: reads until a marker appears, with a deadline.
class RawNatsClient {
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return m_socket.waitForConnected(3000) && waitFor("INFO ");
    }
    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    bool waitFor(const QByteArray &marker, int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_buffer.contains(marker)) {
            if (deadline.hasExpired())
                return false;
            if (m_socket.bytesAvailable() == 0)
                m_socket.waitForReadyRead(50);
            m_buffer += m_socket.readAll();
            QCoreApplication::processEvents();
        }
        return true;
    }
    QByteArray &buffer() { return m_buffer; }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace natsws::testing
