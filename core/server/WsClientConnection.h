#pragma once
// A client on the WebSocket listener: the HTTP upgrade first (with handshake_timeout), then
// frames in (FrameDecoder) and out (FrameEncoder) around the same NATS session as TCP.
#include "core/server/ClientConnection.h"
#include "core/ws/CodecStats.h"
#include "core/ws/FrameDecoder.h"
#include "core/ws/FrameEncoder.h"
#include "core/ws/Handshake.h"

#include <optional>

namespace natsws::server {

class WsClientConnection : public ClientConnection, private ws::FrameSink {
    Q_OBJECT
public:
    WsClientConnection(ServerContext &context, QObject *parent = nullptr);
    void begin();

protected:
    void handleIncoming(QByteArray bytes) override;
    QList<QByteArray> frameOutgoing(QList<QByteArray> chunks) override;
    QByteArray closingBytes(nats::CloseReason reason) override;
    void fillSnapshot(monitor::ConnectionSnapshot &snapshot) const override;
    void fillClosedRecord(monitor::ClosedConnection &record) const override;
    void onSocketDisconnected() override;
    CookieFill applyTransportCredentials(nats::ConnectInfo &connect) const override;
    void onTlsFailed(const QString &detail) override;
    void onPlainHttpOnTlsPort() override;

private:
    void handleHandshake(QByteArray bytes);
    void refuseHandshake(const ws::HandshakeResult &result, const QString &reason);
    void acceptHandshake(ws::HandshakeResult result);
    QByteArray takeCloseFrame(std::uint16_t status, const QByteArray &body);

    // ws::FrameSink
    bool onData(QByteArrayView payload) override;
    void onPing(QByteArrayView payload) override;
    void onPong(QByteArrayView payload) override;
    void onClose(std::optional<std::uint16_t> status, QByteArrayView reason) override;
    void onProtocolError(std::uint16_t closeStatus, const QByteArray &text) override;

    ws::HttpRequestReader m_requestReader;
    ws::HandshakeResult m_handshake;
    QList<std::pair<QString, QString>> m_maskedHeaders;
    QString m_path;
    bool m_upgraded = false;
    QTimer m_handshakeTimer;
    ws::CodecStats m_stats;
    std::unique_ptr<ws::FrameDecoder> m_decoder;
    std::unique_ptr<ws::FrameEncoder> m_encoder;
    QByteArray m_pendingClose;            // a Close chosen by the protocol (echo, 1002, 1007)
    bool m_closeSent = false, m_closeReceived = false;
    int m_statusSent = 0, m_statusReceived = 0;
    QString m_reasonSent, m_reasonReceived;
};

} // namespace natsws::server
