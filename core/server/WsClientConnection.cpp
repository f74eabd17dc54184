#include "core/server/WsClientConnection.h"

#include "core/monitor/UserAgent.h"
#include "core/server/Logger.h"
#include "core/server/ServerContext.h"
#include "core/server/TlsFirstRecord.h"

#include <utility>

namespace natsws::server {

using nats::CloseReason;

namespace {
bool isCredentialHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "cookie" || lower == "authorization" || lower == "proxy-authorization"
           || lower == "x-api-key" || lower.contains("token");
}

QString latin(const QByteArray &bytes) { return QString::fromUtf8(bytes); }
} // namespace

WsClientConnection::WsClientConnection(ServerContext &context, QObject *parent)
    : ClientConnection(context, monitor::ConnectionKind::WebSocket, parent)
{
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        if (m_upgraded || isClosing())
            return;
        logError(QStringLiteral("%1 - websocket: handshake timeout").arg(peerText()));
        recordRejection(0, QStringLiteral("handshake timeout"), false, QString(), QString(), QString());
        finishWithoutSession(CloseReason::HandshakeTimeout);
    });
}

void WsClientConnection::begin()
{
    // Like Go's ReadTimeout, handshake_timeout covers the TLS handshake and the request.
    const auto timeout = context().options.websocket.handshakeTimeout;
    if (timeout.count() > 0)
        m_handshakeTimer.start(timeout);
    startTls();
}

void WsClientConnection::onTlsFailed(const QString &detail)
{
    // No WebSocket yet: no Close frame, no NATS client; recorded as a refused handshake.
    m_handshakeTimer.stop();
    logError(QStringLiteral("websocket: TLS handshake error from %1: %2").arg(peerText(), detail));
    recordRejection(0, QStringLiteral("%1: %2").arg(nats::closeReasonText(CloseReason::TLSHandshakeError), detail),
                    false, QString(), QString(), QString());
    finishWithoutSession(CloseReason::TLSHandshakeError);
}

void WsClientConnection::onPlainHttpOnTlsPort()
{
    m_handshakeTimer.stop();
    const QString reason = QStringLiteral("client sent an HTTP request to an HTTPS server");
    logError(QStringLiteral("%1 - websocket handshake error: %2").arg(peerText(), reason));
    writeWire(plainHttpOnTlsResponse());
    recordRejection(400, reason, false, QString(), QString(), QString());
    finishWithoutSession(CloseReason::HandshakeFailed);
}

void WsClientConnection::handleIncoming(QByteArray bytes)
{
    if (!m_upgraded) {
        handleHandshake(std::move(bytes));
        return;
    }
    m_decoder->feed(std::move(bytes), *this);
    if (session() && !isClosing())
        flush();
}

void WsClientConnection::handleHandshake(QByteArray bytes)
{
    const auto status = m_requestReader.feed(bytes);
    if (status == ws::HttpRequestReader::Status::NeedMore)
        return;
    m_handshakeTimer.stop();
    if (status == ws::HttpRequestReader::Status::Error) {
        ws::HandshakeResult result;
        result.status = m_requestReader.errorStatus();
        result.reason = m_requestReader.errorReason();
        result.response = m_requestReader.errorResponse();   // Go net/http's own format
        refuseHandshake(result, latin(result.reason));
        return;
    }
    const ws::HttpRequest &request = m_requestReader.request();
    m_path = latin(request.path());
    for (const auto &header : request.headers)
        m_maskedHeaders.append({latin(header.first),
                                isCredentialHeader(header.first) ? QStringLiteral("••••••")
                                                                 : latin(header.second)});
    // Bytes pipelined before the 101 are refused inside (RFC 6455 §4.1, nats-server).
    ws::HandshakeResult result = ws::evaluateHandshake(request, context().handshakePolicy);
    if (!result.accepted) {
        refuseHandshake(result, latin(result.reason));
        return;
    }
    acceptHandshake(std::move(result));
}

void WsClientConnection::refuseHandshake(const ws::HandshakeResult &result, const QString &reason)
{
    logError(QStringLiteral("%1 - websocket handshake error: %2").arg(peerText(), reason));
    writeWire(result.response);
    recordRejection(result.status, reason, result.originRejected, latin(result.origin),
                    latin(result.userAgent), m_path);
    finishWithoutSession(CloseReason::HandshakeFailed);
}

void WsClientConnection::acceptHandshake(ws::HandshakeResult result)
{
    m_handshake = std::move(result);
    writeWire(m_handshake.response);
    m_upgraded = true;
    if (m_handshake.kind != ws::ClientKind::Client) {
        const QString what = m_handshake.kind == ws::ClientKind::Leaf ? QStringLiteral("leaf node")
                                                                      : QStringLiteral("MQTT");
        logError(QStringLiteral("%1 - Not configured to accept %2 connections").arg(peerText(), what));
        recordRejection(101, QStringLiteral("%1 over websocket is not supported").arg(what), false,
                        latin(m_handshake.origin), latin(m_handshake.userAgent), m_path);
        finishWithoutSession(CloseReason::UnsupportedKind);
        return;
    }
    ws::FrameDecoder::Config in;
    in.compression = m_handshake.compression;
    in.requireMask = !m_handshake.noMasking;
    in.maxPayload = context().wsLimits.maxPayload;
    in.maxControlLine = context().wsLimits.maxControlLine;
    m_decoder = std::make_unique<ws::FrameDecoder>(in, &m_stats);
    ws::FrameEncoder::Config out;
    out.compression = m_handshake.compression;
    out.browser = m_handshake.browser;
    out.safari = m_handshake.safari;
    out.windowBits = m_handshake.serverMaxWindowBits;
    m_encoder = std::make_unique<ws::FrameEncoder>(out, &m_stats);
    startSession(context().wsIdentity, context().wsLimits);
}

QList<QByteArray> WsClientConnection::frameOutgoing(QList<QByteArray> chunks)
{
    if (!m_encoder || chunks.isEmpty())
        return {};
    return m_encoder->encode(chunks);
}

QByteArray WsClientConnection::takeCloseFrame(std::uint16_t status, const QByteArray &body)
{
    m_closeSent = true;
    m_statusSent = status;
    m_reasonSent = QString::fromUtf8(body);
    return ws::FrameEncoder::closeFrame(status, body);
}

QByteArray WsClientConnection::closingBytes(CloseReason reason)
{
    if (!m_upgraded)
        return {};
    if (!m_pendingClose.isEmpty())
        return std::exchange(m_pendingClose, QByteArray());
    if (m_closeSent)
        return {};
    const auto &info = nats::closeReasonInfo(reason);
    if (info.wsStatus == 0 || !ws::isValidCloseStatus(info.wsStatus))
        return {};
    return takeCloseFrame(info.wsStatus, QByteArray(info.text));
}

bool WsClientConnection::onData(QByteArrayView payload)
{
    if (!session() || isClosing())
        return false;
    session()->receive(payload);
    refreshProbe();
    return !isClosing();
}

void WsClientConnection::onPing(QByteArrayView payload)
{
    // Answered ahead of data not yet framed, as nats-server does.
    writeWire(ws::FrameEncoder::controlFrame(ws::Opcode::Pong, payload));
}

void WsClientConnection::onPong(QByteArrayView)
{
    // The server never sends WebSocket pings (keep-alive is NATS PING): nothing to match.
}

void WsClientConnection::onClose(std::optional<std::uint16_t> status, QByteArrayView reason)
{
    m_closeReceived = true;
    if (status) {
        m_statusReceived = *status;
        m_reasonReceived = QString::fromUtf8(reason);
    }
    // Echo the status, an empty Close for an empty one (never 1005), 1007 for bad UTF-8.
    const ws::CloseReply reply = ws::closeReplyFor(status, reason);
    m_closeSent = true;
    m_statusSent = reply.status.value_or(0);
    m_reasonSent = QString::fromUtf8(reply.body);
    m_pendingClose = reply.frame();
    closeWith(CloseReason::ClientClosed);
}

void WsClientConnection::onProtocolError(std::uint16_t closeStatus, const QByteArray &text)
{
    logError(QStringLiteral("%1 - wid:%2 - read error: %3").arg(peerText()).arg(id()).arg(latin(text)));
    if (closeStatus != 0)
        m_pendingClose = takeCloseFrame(closeStatus, text);
    // natsws flushes the 1002/1009 Close (nats-server's newest release only tries): see
    // docs/compatibility.md.
    const CloseReason reason = closeStatus == ws::CloseStatus::MessageTooBig ? CloseReason::MaxPayloadExceeded
                               : closeStatus == 0                            ? CloseReason::ReadError
                                                                             : CloseReason::ProtocolViolation;
    closeWith(reason);
}

void WsClientConnection::onSocketDisconnected()
{
    if (!m_upgraded) {
        finishWithoutSession(CloseReason::ClientClosed);
        return;
    }
    closeWith(CloseReason::ClientClosed);
}

CookieFill WsClientConnection::applyTransportCredentials(nats::ConnectInfo &connect) const
{
    return fillFromCookies(connect, m_handshake.cookies, context().handshakePolicy);
}

void WsClientConnection::fillSnapshot(monitor::ConnectionSnapshot &s) const
{
    s.origin = latin(m_handshake.origin);
    s.userAgent = latin(m_handshake.userAgent);
    s.browser = monitor::browserFromUserAgent(s.userAgent);
    s.forwardedFor = m_handshake.forwardedFor;
    s.compression = m_handshake.compression;
    if (m_handshake.compression) {
        s.extension = QStringLiteral("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        if (m_handshake.serverMaxWindowBits < 15)
            s.extension += QStringLiteral("; server_max_window_bits=%1").arg(m_handshake.serverMaxWindowBits);
    }
    s.requestHeaders = m_maskedHeaders;
    s.traffic.frameBytesIn = m_stats.payloadBytesIn.load();
    s.traffic.frameBytesOut = m_stats.payloadBytesOut.load();
    s.traffic.compressedMsgsIn = m_stats.compressedMsgsIn.load();
    s.traffic.compressedMsgsOut = m_stats.compressedMsgsOut.load();
    s.traffic.uncompressedMsgsOut = m_stats.uncompressedMsgsOut.load();
    s.traffic.deflateNanos = m_stats.deflateNanos.load();
    s.traffic.inflateNanos = m_stats.inflateNanos.load();
}

void WsClientConnection::fillClosedRecord(monitor::ClosedConnection &record) const
{
    record.closeFrameSent = m_closeSent;
    record.closeFrameReceived = m_closeReceived;
    record.wsStatusSent = m_statusSent;
    record.wsReasonSent = m_reasonSent;
    record.wsStatusReceived = m_statusReceived;
    record.wsReasonReceived = m_reasonReceived;
}

} // namespace natsws::server
