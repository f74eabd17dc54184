#include "core/nats/ProtocolParser.h"

#include "core/nats/ProtocolText.h"

#include <QVarLengthArray>
#include <array>
#include <cstring>

namespace natsws::nats {
namespace {

using Flow = ProtocolHandler::Flow;

// What follows an op's name: the rest of the line is ignored (PING), arguments may follow
// directly (CONNECT{}), or at least one space/tab must come first (PUB foo 1).
enum class AfterName : quint8 { IgnoreLine, OptionalSpace, RequiredSpace };

struct OpSpec {
    QByteArrayView name;   // upper case
    AfterName after;
};

// Index = ProtocolParser::Op. MSG/HMSG are server-to-client only: from a client they are
// unknown operations, as in nats-server.
constexpr std::array<OpSpec, 10> kOps{{
    {"CONNECT", AfterName::OptionalSpace},
    {"INFO", AfterName::OptionalSpace},
    {"PUB", AfterName::RequiredSpace},
    {"HPUB", AfterName::RequiredSpace},
    {"SUB", AfterName::RequiredSpace},
    {"UNSUB", AfterName::RequiredSpace},
    {"PING", AfterName::IgnoreLine},
    {"PONG", AfterName::IgnoreLine},
    {"+OK", AfterName::IgnoreLine},
    {"-ERR", AfterName::RequiredSpace},
}};
constexpr quint32 kAllOps = (1u << kOps.size()) - 1;

char upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

bool equalsUpperCase(QByteArrayView text, QByteArrayView upperName)
{
    for (qsizetype i = 0; i < upperName.size(); ++i) {
        if (upper(text[i]) != upperName[i])
            return false;
    }
    return true;
}
bool isBlank(char c) { return c == ' ' || c == '\t'; }

using Args = QVarLengthArray<QByteArrayView, 5>;

// Splits on the given separators; stops collecting after five (more than any op takes).
Args splitArgs(QByteArrayView line, bool lineBreaksSeparate)
{
    Args args;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        const bool end = i == line.size();
        const char c = end ? ' ' : line[i];
        const bool separator = isBlank(c) || (lineBreaksSeparate && (c == '\r' || c == '\n'));
        if (!separator) {
            if (start < 0)
                start = i;
            continue;
        }
        if (start >= 0) {
            args.append(line.sliced(start, i - start));
            if (args.size() == 5)
                break;
            start = -1;
        }
    }
    return args;
}

ProtocolError silentClose() { return {QByteArray(), CloseReason::ProtocolViolation}; }
ProtocolError unknownOperation()
{
    return {proto::errtext::kUnknownOperation, CloseReason::ProtocolViolation};
}

} // namespace

ProtocolParser::ProtocolParser(ProtocolHandler &handler) : m_handler(handler) {}

qint64 ProtocolParser::parseSize(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 9)
        return -1;
    qint64 value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

void ProtocolParser::feed(QByteArrayView data)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        switch (m_state) {
        case State::OpName: pos = readOpName(data, pos); break;
        case State::OpSeparator: pos = readOpSeparator(data, pos); break;
        case State::ArgStart: pos = skipArgSpaces(data, pos); break;
        case State::Arg: pos = readArg(data, pos); break;
        case State::RestOfLine: pos = skipRestOfLine(data, pos); break;
        case State::Payload: pos = readPayload(data, pos); break;
        case State::Halted: return;
        }
    }
}

qsizetype ProtocolParser::readOpName(QByteArrayView data, qsizetype pos)
{
    if (m_opLength == 0) {
        if (m_connectRequiredFirst && upper(data[pos]) != 'C') {
            if (!m_handler.admitWithoutConnect()) {
                fail({proto::errtext::kAuthorizationViolation, CloseReason::AuthenticationViolation});
                return pos + 1;
            }
            m_connectRequiredFirst = false;
        }
        // Fast path: the whole name is in this input (the usual case).
        for (size_t i = 0; i < kOps.size(); ++i) {
            const QByteArrayView name = kOps[i].name;
            if (data.size() - pos >= name.size() && upper(data[pos]) == name[0]
                && equalsUpperCase(data.sliced(pos, name.size()), name)) {
                enterAfterName(Op(i));
                return pos + name.size();
            }
        }
        m_candidates = kAllOps;
    }
    // A name split across feeds, or not a name: narrow the candidates one letter at a time,
    // so an unknown op fails at the same byte whatever the split.
    const char c = upper(data[pos]);
    for (size_t i = 0; i < kOps.size(); ++i) {
        const QByteArrayView name = kOps[i].name;
        if ((m_candidates & (1u << i)) && (m_opLength >= name.size() || name[m_opLength] != c))
            m_candidates &= ~(1u << i);
    }
    if (m_candidates == 0) {
        fail(unknownOperation());
        return pos + 1;
    }
    ++m_opLength;
    for (size_t i = 0; i < kOps.size(); ++i) {
        if ((m_candidates & (1u << i)) && kOps[i].name.size() == m_opLength) {
            enterAfterName(Op(i));
            break;
        }
    }
    return pos + 1;
}

void ProtocolParser::enterAfterName(Op op)
{
    m_op = op;
    m_opLength = 0;
    switch (kOps[size_t(op)].after) {
    case AfterName::IgnoreLine: m_state = State::RestOfLine; break;
    case AfterName::OptionalSpace: m_state = State::ArgStart; break;
    case AfterName::RequiredSpace: m_state = State::OpSeparator; break;
    }
}

qsizetype ProtocolParser::readOpSeparator(QByteArrayView data, qsizetype pos)
{
    if (!isBlank(data[pos])) {
        fail(unknownOperation());
        return pos + 1;
    }
    m_state = State::ArgStart;
    return pos + 1;
}

qsizetype ProtocolParser::skipArgSpaces(QByteArrayView data, qsizetype pos)
{
    while (pos < data.size() && isBlank(data[pos]))
        ++pos;
    if (pos < data.size()) {
        m_line.resize(0);
        m_state = State::Arg;
    }
    return pos;
}

qsizetype ProtocolParser::readArg(QByteArrayView data, qsizetype pos)
{
    const char *begin = data.data() + pos;
    const auto *newline = static_cast<const char *>(std::memchr(begin, '\n', size_t(data.size() - pos)));
    if (!newline) {
        m_line.append(data.sliced(pos));
        // The final line drops one trailing CR, so mcl + 1 bytes ending in CR may still fit.
        const qsizetype size = m_line.size();
        if (size > m_maxControlLine + 1 || (size == m_maxControlLine + 1 && !m_line.endsWith('\r')))
            fail({proto::errtext::kMaxControlLine, CloseReason::MaxControlLineExceeded});
        return data.size();
    }
    const qsizetype end = newline - data.data();
    QByteArrayView line = data.sliced(pos, end - pos);
    if (!m_line.isEmpty()) {
        m_line.append(line);
        line = m_line;
    }
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > m_maxControlLine) {
        fail({proto::errtext::kMaxControlLine, CloseReason::MaxControlLineExceeded});
        return end + 1;
    }
    return dispatchLine(line, data, end + 1);
}

qsizetype ProtocolParser::skipRestOfLine(QByteArrayView data, qsizetype pos)
{
    const char *begin = data.data() + pos;
    const auto *newline = static_cast<const char *>(std::memchr(begin, '\n', size_t(data.size() - pos)));
    if (!newline)
        return data.size();
    startNextOp();
    switch (m_op) {
    case Op::Ping: follow(m_handler.onPing()); break;
    case Op::Pong: follow(m_handler.onPong()); break;
    default: follow(m_handler.onOk()); break;
    }
    return newline - data.data() + 1;
}

qsizetype ProtocolParser::dispatchLine(QByteArrayView line, QByteArrayView data, qsizetype pos)
{
    switch (m_op) {
    case Op::Pub:
    case Op::Hpub:
        return startPayload(line, data, pos);
    case Op::Sub: {
        const Args args = splitArgs(line, true);
        if (args.size() != 2 && args.size() != 3) {
            fail(silentClose());
            return pos;
        }
        SubscribeFrame frame;
        frame.subject = args[0];
        frame.queue = args.size() == 3 ? args[1] : QByteArrayView();
        frame.sid = args.back();
        startNextOp();
        follow(m_handler.onSubscribe(frame));
        return pos;
    }
    case Op::Unsub: {
        const Args args = splitArgs(line, true);
        if (args.size() != 1 && args.size() != 2) {
            fail(silentClose());
            return pos;
        }
        UnsubscribeFrame frame;
        frame.sid = args[0];
        frame.max = args.size() == 2 ? parseSize(args[1]) : -1;
        startNextOp();
        follow(m_handler.onUnsubscribe(frame));
        return pos;
    }
    case Op::Connect: startNextOp(); follow(m_handler.onConnect(line)); return pos;
    case Op::Info: startNextOp(); follow(m_handler.onInfo(line)); return pos;
    case Op::Err: startNextOp(); follow(m_handler.onErr(line)); return pos;
    case Op::Ping:
    case Op::Pong:
    case Op::Ok:
        break;   // handled in skipRestOfLine
    }
    return pos;
}

bool ProtocolParser::parsePublishLine(QByteArrayView line, PublishFrame &frame)
{
    const bool withHeaders = m_op == Op::Hpub;
    const Args args = splitArgs(line, false);
    const qsizetype sizes = withHeaders ? 2 : 1;
    if (args.size() != sizes + 1 && args.size() != sizes + 2)
        return false;
    frame = PublishFrame();
    frame.subject = args[0];
    frame.reply = args.size() == sizes + 2 ? args[1] : QByteArrayView();
    frame.totalSizeText = args.back();
    frame.totalSize = parseSize(frame.totalSizeText);
    if (withHeaders) {
        frame.headerSizeText = args[args.size() - 2];
        frame.headerSize = parseSize(frame.headerSizeText);
        if (frame.headerSize < 0 || frame.totalSize < 0 || frame.headerSize > frame.totalSize)
            return false;
    }
    return frame.totalSize >= 0;
}

qsizetype ProtocolParser::startPayload(QByteArrayView line, QByteArrayView data, qsizetype pos)
{
    if (m_op == Op::Hpub && !m_headersAllowed) {
        fail(silentClose());
        return pos;
    }
    PublishFrame frame;
    if (!parsePublishLine(line, frame)) {
        fail(silentClose());
        return pos;
    }
    if (m_maxPayload >= 0 && frame.totalSize > m_maxPayload) {
        fail({proto::errtext::kMaxPayload, CloseReason::MaxPayloadExceeded});
        return pos;
    }
    const qsizetype available = data.size() - pos;
    const qsizetype wireSize = frame.totalSize + 2;
    if (available >= wireSize) {
        // Whole payload in this input: hand out a view, no copy.
        const QByteArrayView wire = data.sliced(pos, wireSize);
        if (!payloadEndOk(wire, frame.totalSize)) {
            fail(unknownOperation());
            return pos + wireSize;
        }
        frame.payload = wire.first(frame.totalSize);
        emitPublish(frame);
        return pos + wireSize;
    }
    // The payload continues in later feeds: keep the control line (the input goes away) and
    // collect the payload once, into a buffer of its final size.
    m_pubLine = line.toByteArray();
    m_payloadSize = frame.totalSize;
    m_payload = QByteArray();
    m_payload.reserve(wireSize);
    m_state = State::Payload;
    return pos;
}

qsizetype ProtocolParser::readPayload(QByteArrayView data, qsizetype pos)
{
    const qsizetype wireSize = m_payloadSize + 2;
    const qsizetype take = qMin(wireSize - m_payload.size(), data.size() - pos);
    m_payload.append(data.sliced(pos, take));
    pos += take;
    if (!payloadEndOk(m_payload, m_payloadSize)) {
        fail(unknownOperation());
        return pos;
    }
    if (m_payload.size() < wireSize)
        return pos;
    PublishFrame frame;
    parsePublishLine(m_pubLine, frame);   // already validated in startPayload
    frame.assembled = std::exchange(m_payload, QByteArray());
    frame.payload = QByteArrayView(frame.assembled).first(m_payloadSize);
    emitPublish(frame);
    m_pubLine.clear();
    return pos;
}

// Checks the CRLF after a payload of `payloadSize` bytes, as far as it has arrived.
bool ProtocolParser::payloadEndOk(QByteArrayView collected, qint64 payloadSize)
{
    if (collected.size() > payloadSize && collected[payloadSize] != '\r')
        return false;
    return collected.size() <= payloadSize + 1 || collected[payloadSize + 1] == '\n';
}

void ProtocolParser::emitPublish(PublishFrame &frame)
{
    startNextOp();
    follow(m_handler.onPublish(frame));
}

void ProtocolParser::follow(Flow flow)
{
    if (flow == Flow::Stop)
        m_state = State::Halted;
}

void ProtocolParser::fail(ProtocolError error)
{
    m_state = State::Halted;
    m_line.clear();
    m_pubLine.clear();
    m_payload.clear();
    m_handler.onProtocolError(error);
}

void ProtocolParser::startNextOp()
{
    m_state = State::OpName;
    m_opLength = 0;
}

} // namespace natsws::nats
