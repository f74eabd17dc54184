#include "core/nats/Message.h"

namespace natsws::nats {
namespace {
QByteArray withCrlf(QByteArrayView bytes)
{
    QByteArray wire;
    wire.reserve(bytes.size() + 2);
    wire.append(bytes).append("\r\n", 2);
    return wire;
}
} // namespace

const QByteArray &Message::fullWire() const
{
    if (m_fullWire.isNull())
        m_fullWire = withCrlf(payload);
    return m_fullWire;
}

const QByteArray &Message::bodyWire() const
{
    if (!hasHeaders())
        return fullWire();
    if (m_bodyWire.isNull())
        m_bodyWire = withCrlf(payload.sliced(headerSize));
    return m_bodyWire;
}

} // namespace natsws::nats
