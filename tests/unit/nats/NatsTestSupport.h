#pragma once
// Helpers shared by the core/nats unit tests: a parser handler that writes each event as one
// line of text (so event sequences compare with QCOMPARE), and session plumbing.
#include "core/nats/Broker.h"
#include "core/nats/ClientSession.h"
#include "core/nats/ProtocolParser.h"

#include <QByteArray>
#include <QByteArrayList>
#include <memory>

namespace natsws::nats::testing {

class RecordingHandler : public ProtocolHandler {
public:
    QByteArrayList events;
    QList<PublishFrame> publishes;   // views cleared: only sizes and the assembled buffer kept
    bool stopAfterConnect = false;

    Flow onConnect(QByteArrayView json) override
    {
        record("CONNECT ", json);
        return stopAfterConnect ? Flow::Stop : Flow::Continue;
    }
    Flow onInfo(QByteArrayView json) override { return record("INFO ", json); }
    Flow onErr(QByteArrayView text) override { return record("ERR ", text); }
    Flow onPing() override { return record("PING", {}); }
    Flow onPong() override { return record("PONG", {}); }
    Flow onOk() override { return record("OK", {}); }
    Flow onSubscribe(const SubscribeFrame &f) override
    {
        QByteArray line = "SUB subject=" + f.subject.toByteArray() + " queue=" + f.queue.toByteArray()
            + " sid=" + f.sid.toByteArray();
        return record(line, {});
    }
    Flow onUnsubscribe(const UnsubscribeFrame &f) override
    {
        return record("UNSUB sid=" + f.sid.toByteArray() + " max=" + QByteArray::number(f.max), {});
    }
    Flow onPublish(const PublishFrame &f) override
    {
        QByteArray line = "PUB subject=" + f.subject.toByteArray() + " reply=" + f.reply.toByteArray()
            + " hdr=" + QByteArray::number(f.headerSize) + " size=" + QByteArray::number(f.totalSize)
            + " szb=" + f.totalSizeText.toByteArray() + " payload=" + f.payload.toByteArray();
        PublishFrame kept;
        kept.totalSize = f.totalSize;
        kept.assembled = f.assembled;
        publishes.append(kept);
        lastPayloadData = f.payload.data();
        return record(line, {});
    }
    void onProtocolError(const ProtocolError &error) override
    {
        events.append("ERROR '" + error.errText + "' " + closeReasonText(error.reason).toLatin1());
    }

    const char *lastPayloadData = nullptr;

private:
    Flow record(const QByteArray &head, QByteArrayView tail)
    {
        events.append(head + tail.toByteArray());
        return Flow::Continue;
    }
};

// Everything queued for a session so far, as one byte string.
inline QByteArray drain(ClientSession &session)
{
    QByteArray out;
    const QList<QByteArray> chunks = session.outbound().takeAll();
    for (const QByteArray &chunk : chunks)
        out += chunk;
    return out;
}

inline ServerIdentity testIdentity()
{
    ServerIdentity identity;
    identity.serverId = QStringLiteral("NTESTSERVER");
    identity.serverName = QStringLiteral("natsws-test");
    identity.version = QStringLiteral("0.1.0");
    identity.host = QStringLiteral("127.0.0.1");
    identity.port = 4222;
    return identity;
}

// A session with its INFO already drained, and the reasons its close hook reported.
struct SessionUnderTest {
    explicit SessionUnderTest(Broker &broker, quint64 id = 1, ServerIdentity identity = testIdentity(),
                              SessionLimits limits = SessionLimits())
        : session(std::make_unique<ClientSession>(broker, id, PeerAddress{QStringLiteral("127.0.0.1"), 5000 + int(id)},
                                                  std::move(identity), limits))
    {
        session->setCloseHook([this](CloseReason reason) { hookReasons.append(reason); });
        session->start();
        info = drain(*session);
    }

    // Feeds bytes and returns what the session queued in answer.
    QByteArray exchange(QByteArrayView bytes)
    {
        session->receive(bytes);
        return drain(*session);
    }

    std::unique_ptr<ClientSession> session;
    QList<CloseReason> hookReasons;
    QByteArray info;
};

} // namespace natsws::nats::testing
