#pragma once
// Test helper: a connection the registry can probe without any socket. Shared by the monitor
// unit tests, the UI tests and bench/ui_stall.
#include "core/monitor/ConnectionRegistry.h"

#include <QMutex>
#include <atomic>
#include <memory>

namespace natsws::testing {

class FakeProbe : public monitor::ConnectionProbe {
public:
    explicit FakeProbe(monitor::ConnectionSnapshot snapshot) : m_snapshot(std::move(snapshot)) {}

    monitor::ConnectionSnapshot snapshot() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_snapshot;
    }
    void requestClose() override { m_closeRequests.fetch_add(1); }

    template <typename Change>
    void update(Change change)
    {
        QMutexLocker lock(&m_mutex);
        change(m_snapshot);
    }
    int closeRequests() const { return m_closeRequests.load(); }

private:
    mutable QMutex m_mutex;
    monitor::ConnectionSnapshot m_snapshot;
    std::atomic<int> m_closeRequests{0};
};

// A WebSocket connection with plausible fields; ids and names differ by `id`.
inline monitor::ConnectionSnapshot sampleWebSocket(quint64 id, const QString &origin = QStringLiteral("http://localhost:3000"))
{
    monitor::ConnectionSnapshot s;
    s.id = id;
    s.kind = monitor::ConnectionKind::WebSocket;
    s.remoteIp = QStringLiteral("127.0.0.1");
    s.remotePort = 50000 + int(id);
    s.origin = origin;
    s.userAgent = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
    s.browser = QStringLiteral("Chrome 131");
    s.clientName = QStringLiteral("app-%1").arg(id);
    s.lang = QStringLiteral("nats.ws");
    s.version = QStringLiteral("1.29.2");
    s.compression = true;
    s.extension = QStringLiteral("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    s.requestHeaders = {{QStringLiteral("Host"), QStringLiteral("127.0.0.1:8080")},
                        {QStringLiteral("Origin"), origin},
                        {QStringLiteral("Cookie"), QStringLiteral("••••••")}};
    s.subscriptions = {QStringLiteral("orders.>"), QStringLiteral("_INBOX.abc.*")};
    s.subscriptionCount = 2;
    s.started = QDateTime(QDate(2026, 12, 3), QTime(15, 0, 0), Qt::UTC);
    s.lastActivity = s.started.addSecs(30);
    s.traffic.msgsIn = 10 * qint64(id);
    s.traffic.msgsOut = 20 * qint64(id);
    s.traffic.bytesIn = 1000;
    s.traffic.bytesOut = 2000;
    s.traffic.frameBytesIn = 1200;
    s.traffic.wireBytesIn = 600;
    s.traffic.frameBytesOut = 2400;
    s.traffic.wireBytesOut = 800;
    return s;
}

inline monitor::ConnectionSnapshot sampleTcp(quint64 id)
{
    monitor::ConnectionSnapshot s;
    s.id = id;
    s.kind = monitor::ConnectionKind::Tcp;
    s.remoteIp = QStringLiteral("127.0.0.1");
    s.remotePort = 40000 + int(id);
    s.clientName = QStringLiteral("service-%1").arg(id);
    s.lang = QStringLiteral("go");
    s.version = QStringLiteral("1.37.0");
    s.started = QDateTime(QDate(2026, 12, 3), QTime(14, 0, 0), Qt::UTC);
    s.lastActivity = s.started;
    return s;
}

inline monitor::ClosedConnection sampleClosed(quint64 id, const QString &reason = QStringLiteral("Client Closed"),
                                              int statusReceived = 1000)
{
    monitor::ClosedConnection c;
    c.connection = sampleWebSocket(id);
    c.closedAt = c.connection.started.addSecs(90);
    c.reason = reason;
    c.category = QStringLiteral("normal");
    c.closeFrameReceived = statusReceived != 0;
    c.wsStatusReceived = statusReceived;
    c.wsReasonReceived = statusReceived ? QStringLiteral("bye") : QString();
    c.closeFrameSent = statusReceived != 0;
    c.wsStatusSent = statusReceived;
    c.wsReasonSent = statusReceived ? QStringLiteral("bye") : QString();
    return c;
}

inline monitor::HandshakeRejection sampleRejection(const QString &origin, int status = 403)
{
    monitor::HandshakeRejection r;
    r.at = QDateTime(QDate(2026, 12, 3), QTime(15, 1, 0), Qt::UTC);
    r.remoteIp = QStringLiteral("127.0.0.1");
    r.remotePort = 51515;
    r.origin = origin;
    r.userAgent = QStringLiteral("Mozilla/5.0 Firefox/133.0");
    r.path = QStringLiteral("/");
    r.httpStatus = status;
    r.reason = status == 403 ? QStringLiteral("origin not allowed: not in the allowed list")
                             : QStringLiteral("invalid version");
    r.originRejected = status == 403;
    return r;
}

} // namespace natsws::testing
