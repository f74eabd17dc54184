#pragma once
// Value types the monitor hands to the UI, the connection log and exports. Plain data only:
// credentials never enter these structs (headers are masked before they are stored).
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <utility>

namespace natsws::monitor {

enum class ConnectionKind { Tcp, WebSocket, Leaf, Mqtt };
QString connectionKindText(ConnectionKind kind);

struct TrafficCounters {
    qint64 msgsIn = 0, msgsOut = 0;
    qint64 bytesIn = 0, bytesOut = 0;             // NATS payload bytes (nats-server's counting)
    qint64 wireBytesIn = 0, wireBytesOut = 0;     // bytes on the socket (WebSocket framing included)
    qint64 frameBytesIn = 0, frameBytesOut = 0;   // NATS protocol bytes inside WS frames, before/after compression
    qint64 compressedMsgsOut = 0, uncompressedMsgsOut = 0, compressedMsgsIn = 0;
    qint64 deflateNanos = 0, inflateNanos = 0;
    // Compression ratio as protocol bytes / wire bytes (1.0 = no gain; 0 when nothing counted).
    double ratioIn() const { return wireBytesIn > 0 ? double(frameBytesIn) / double(wireBytesIn) : 0.0; }
    double ratioOut() const { return wireBytesOut > 0 ? double(frameBytesOut) / double(wireBytesOut) : 0.0; }
};

struct ConnectionSnapshot {
    quint64 id = 0;
    ConnectionKind kind = ConnectionKind::Tcp;
    QString remoteIp;
    int remotePort = 0;
    QString forwardedFor;
    QString origin, userAgent, browser;
    QString clientName, lang, version;
    QString user, authMethod;
    bool tls = false;
    bool compression = false;
    QString extension;                              // negotiated Sec-WebSocket-Extensions
    QList<std::pair<QString, QString>> requestHeaders;   // handshake headers, secrets masked
    QStringList subscriptions;
    int subscriptionCount = 0;
    qint64 pendingBytes = 0;
    TrafficCounters traffic;
    QDateTime started, lastActivity;
};

struct ClosedConnection {
    ConnectionSnapshot connection;
    QDateTime closedAt;
    QString reason;                 // NATS close reason text ("Client Closed", ...)
    QString category;
    int wsStatusSent = 0;           // 0 = no close frame sent
    QString wsReasonSent;
    int wsStatusReceived = 0;       // 0 = no close frame received
    QString wsReasonReceived;
    bool closeFrameReceived = false;
    bool closeFrameSent = false;
};

struct HandshakeRejection {
    QDateTime at;
    QString remoteIp;
    int remotePort = 0;
    QString origin, userAgent, path;
    int httpStatus = 0;
    QString reason;
    bool originRejected = false;
};

} // namespace natsws::monitor

Q_DECLARE_METATYPE(natsws::monitor::ConnectionSnapshot)
Q_DECLARE_METATYPE(natsws::monitor::ClosedConnection)
Q_DECLARE_METATYPE(natsws::monitor::HandshakeRejection)
