#pragma once
// Builds client wire bytes and records decoder events, so test tables read as
// "these frames in → these events out".
#include "core/ws/FrameDecoder.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QByteArrayList>
#include <optional>

namespace natsws::ws::test {

// One client frame. Masking uses the key 01 02 03 04 unless told otherwise (like nats-server's
// tests), so expected bytes stay readable.
inline QByteArray clientFrame(int firstByte, const QByteArray &payload, bool mask = true,
                              QByteArray key = QByteArray("\x01\x02\x03\x04", 4), int lengthForm = 0)
{
    QByteArray out;
    out.append(char(firstByte));
    const unsigned char maskBit = mask ? 0x80 : 0x00;
    const quint64 n = quint64(payload.size());
    const int form = lengthForm ? lengthForm : (n <= 125 ? 7 : n <= 0xFFFF ? 16 : 64);
    if (form == 7) {
        out.append(char(maskBit | n));
    } else if (form == 16) {
        out.append(char(maskBit | 126));
        out.append(char(n >> 8));
        out.append(char(n & 0xFF));
    } else {
        out.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((n >> shift) & 0xFF));
    }
    if (!mask) {
        out.append(payload);
        return out;
    }
    out.append(key);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(char(payload[i] ^ key[i % 4]));
    return out;
}

constexpr int kFin = 0x80, kRsv1 = 0x40;
constexpr int kText = 1, kBinary = 2, kContinuation = 0, kClose = 8, kPing = 9, kPong = 10;

// Reproducible incompressible bytes.
inline QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out(size, Qt::Uninitialized);
    for (char &c : out)
        c = char(rng.bounded(256));
    return out;
}

inline QByteArray closeBody(int status, const QByteArray &reason = {})
{
    QByteArray body;
    body.append(char(status >> 8));
    body.append(char(status & 0xFF));
    return body + reason;
}

// Every decoder event as one readable line; data chunks are merged since their boundaries
// carry no meaning.
class RecordingSink : public FrameSink {
public:
    bool onData(QByteArrayView payload) override
    {
        data.append(payload);
        ++dataCalls;
        return !stopAfterData;
    }
    void onPing(QByteArrayView payload) override { record("ping:" + payload.toByteArray()); }
    void onPong(QByteArrayView payload) override { record("pong:" + payload.toByteArray()); }
    void onClose(std::optional<std::uint16_t> status, QByteArrayView reason) override
    {
        record("close:" + (status ? QByteArray::number(*status) : QByteArray("none")) + ':' + reason.toByteArray());
    }
    void onProtocolError(std::uint16_t closeStatus, const QByteArray &text) override
    {
        record("error:" + QByteArray::number(closeStatus) + ':' + text);
    }

    // The events in order, with a "data:<bytes>" entry for the data seen before each one.
    QByteArrayList all()
    {
        flushData();
        return events;
    }

    QByteArray data;          // every data byte, in order
    int dataCalls = 0;
    bool stopAfterData = false;

private:
    void record(const QByteArray &event)
    {
        flushData();
        events << event;
    }
    void flushData()
    {
        if (data.size() > flushed) {
            events << "data:" + data.mid(flushed);
            flushed = data.size();
        }
    }
    QByteArrayList events;
    qsizetype flushed = 0;
};

} // namespace natsws::ws::test
