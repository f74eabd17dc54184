#pragma once
// One published message as the broker routes it. Views point into the publisher's input and
// are valid only during Broker::publish(); the wire buffers are built at most once per
// publish and then shared (implicitly, without copying) by every subscriber's queue.
#include <QByteArray>
#include <QByteArrayView>

namespace natsws::nats {

class Message {
public:
    QByteArrayView subject;
    QByteArrayView reply;            // empty: no reply subject
    qsizetype headerSize = -1;       // -1: PUB (no headers); else the HPUB header length
    QByteArrayView headerSizeText;   // digits as the publisher sent them (echoed in HMSG)
    QByteArrayView totalSizeText;    // likewise for the total size
    QByteArrayView payload;          // headers + body, without the trailing CRLF

    bool hasHeaders() const { return headerSize > 0; }
    qsizetype bodySize() const { return payload.size() - (hasHeaders() ? headerSize : 0); }

    // Lets a producer that already holds "payload\r\n" in a QByteArray hand it over as is.
    void adoptWire(QByteArray payloadWithCrlf) { m_fullWire = std::move(payloadWithCrlf); }

    // "payload\r\n" (headers included), for subscribers that take headers.
    const QByteArray &fullWire() const;
    // "body\r\n" (headers stripped), for subscribers that did not negotiate headers.
    const QByteArray &bodyWire() const;

private:
    mutable QByteArray m_fullWire;
    mutable QByteArray m_bodyWire;
};

} // namespace natsws::nats
