#pragma once
// Incremental parser of the NATS client protocol (what a client sends to a server), with
// nats-server's grammar: case-insensitive op names, spaces/tabs between arguments, CRLF or
// bare LF line ends. Socket-free: bytes in, handler calls out. Any split of the same byte
// stream across feed() calls produces the same calls.
//
// Views handed to the handler are valid only during the call. A payload that arrives whole
// inside one feed() is handed out as a view into that input; one that spans feeds is
// collected into a single buffer reserved to the announced size.
#include "core/nats/CloseReason.h"

#include <QByteArray>
#include <QByteArrayView>

namespace natsws::nats {

struct PublishFrame {
    QByteArrayView subject;
    QByteArrayView reply;            // empty: none
    qint64 headerSize = -1;          // -1: PUB; else HPUB's header length
    qint64 totalSize = 0;
    QByteArrayView headerSizeText;   // the size arguments exactly as sent
    QByteArrayView totalSizeText;
    QByteArrayView payload;          // headers + body, without the trailing CRLF
    QByteArray assembled;            // "payload\r\n" when collected across feeds; else null
};

struct SubscribeFrame {
    QByteArrayView subject;
    QByteArrayView queue;            // empty: plain subscription
    QByteArrayView sid;
};

struct UnsubscribeFrame {
    QByteArrayView sid;
    qint64 max = -1;                 // <= 0 (absent or not a number): unsubscribe now
};

// A fatal input error: the text to send as -ERR (empty: close without one, as nats-server
// does for malformed arguments) and why the connection closes.
struct ProtocolError {
    QByteArray errText;
    CloseReason reason = CloseReason::ProtocolViolation;
};

class ProtocolHandler {
public:
    enum class Flow { Continue, Stop };
    virtual ~ProtocolHandler() = default;
    virtual Flow onConnect(QByteArrayView json) = 0;
    virtual Flow onInfo(QByteArrayView json) = 0;
    virtual Flow onPublish(const PublishFrame &frame) = 0;
    virtual Flow onSubscribe(const SubscribeFrame &frame) = 0;
    virtual Flow onUnsubscribe(const UnsubscribeFrame &frame) = 0;
    virtual Flow onPing() = 0;
    virtual Flow onPong() = 0;
    virtual Flow onOk() = 0;
    virtual Flow onErr(QByteArrayView text) = 0;
    // While CONNECT is required first, another operation arrived: true admits the client
    // anyway (nats-server's no_auth_user), false makes it an Authorization Violation.
    virtual bool admitWithoutConnect() { return false; }
    // After this the parser ignores all further input.
    virtual void onProtocolError(const ProtocolError &error) = 0;
};

class ProtocolParser {
public:
    explicit ProtocolParser(ProtocolHandler &handler);

    void setMaxControlLine(int bytes) { m_maxControlLine = bytes; }
    void setMaxPayload(qint64 bytes) { m_maxPayload = bytes; }           // < 0: no limit
    void setHeadersAllowed(bool allowed) { m_headersAllowed = allowed; } // HPUB accepted
    // While set, any op but CONNECT is an Authorization Violation (auth required, no CONNECT yet).
    void setConnectRequiredFirst(bool required) { m_connectRequiredFirst = required; }

    void feed(QByteArrayView data);
    // True after a protocol error or a handler's Stop: further input is ignored.
    bool isHalted() const { return m_state == State::Halted; }

    // parseSize as nats-server: 1..9 decimal digits, else -1.
    static qint64 parseSize(QByteArrayView digits);

private:
    enum class State { OpName, OpSeparator, ArgStart, Arg, RestOfLine, Payload, Halted };
    enum class Op : quint8 { Connect, Info, Pub, Hpub, Sub, Unsub, Ping, Pong, Ok, Err };

    qsizetype readOpName(QByteArrayView data, qsizetype pos);
    void enterAfterName(Op op);
    qsizetype readOpSeparator(QByteArrayView data, qsizetype pos);
    qsizetype skipArgSpaces(QByteArrayView data, qsizetype pos);
    qsizetype readArg(QByteArrayView data, qsizetype pos);
    qsizetype skipRestOfLine(QByteArrayView data, qsizetype pos);
    qsizetype readPayload(QByteArrayView data, qsizetype pos);

    qsizetype dispatchLine(QByteArrayView line, QByteArrayView data, qsizetype pos);
    qsizetype startPayload(QByteArrayView line, QByteArrayView data, qsizetype pos);
    bool parsePublishLine(QByteArrayView line, PublishFrame &frame);
    static bool payloadEndOk(QByteArrayView collected, qint64 payloadSize);
    void emitPublish(PublishFrame &frame);
    void follow(ProtocolHandler::Flow flow);
    void fail(ProtocolError error);
    void startNextOp();

    ProtocolHandler &m_handler;
    State m_state = State::OpName;
    Op m_op = Op::Ping;
    quint32 m_candidates = 0;    // ops whose name still matches the letters read so far
    int m_opLength = 0;

    QByteArray m_line;           // a control line that spans feeds
    QByteArray m_pubLine;        // the PUB/HPUB line while its payload is collected
    QByteArray m_payload;        // payload + CRLF collected across feeds
    qint64 m_payloadSize = 0;

    int m_maxControlLine = 4096;
    qint64 m_maxPayload = 1024 * 1024;
    bool m_headersAllowed = false;
    bool m_connectRequiredFirst = false;
};

} // namespace natsws::nats
