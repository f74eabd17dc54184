#include "core/nats/ClientSession.h"

#include "core/nats/Broker.h"
#include "core/nats/ClientOutlet.h"
#include "core/nats/ConnectJson.h"
#include "core/nats/GoQuote.h"
#include "core/nats/InfoLine.h"
#include "core/nats/PingTracker.h"
#include "core/nats/ProtocolParser.h"
#include "core/nats/ProtocolText.h"
#include "core/nats/Subject.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <algorithm>

namespace natsws::nats {

namespace errtext = proto::errtext;
using Flow = ProtocolHandler::Flow;

namespace {
// A queue name nats-server keeps for itself: no client may subscribe with it.
constexpr char kSystemQueue[] = "_sys_";
} // namespace

class ClientSession::Private final : public ProtocolHandler {
public:
    Private(Broker &brokerIn, quint64 id, PeerAddress peerIn, ServerIdentity identityIn,
            SessionLimits limitsIn)
        : broker(brokerIn), clientId(id), peer(std::move(peerIn)), identity(std::move(identityIn)),
          limits(limitsIn), outlet(std::make_shared<ClientOutlet>()), parser(*this),
          pings(limits.pingInterval, limits.maxPingsOut)
    {
        outlet->queue().setMaxPending(limits.maxPending);
        parser.setMaxControlLine(limits.maxControlLine);
        parser.setMaxPayload(limits.maxPayload);
        parser.setConnectRequiredFirst(identity.authRequired);
    }

    // ProtocolHandler
    Flow onConnect(QByteArrayView json) override;
    Flow onInfo(QByteArrayView json) override;
    Flow onPublish(const PublishFrame &frame) override;
    Flow onSubscribe(const SubscribeFrame &frame) override;
    Flow onUnsubscribe(const UnsubscribeFrame &frame) override;
    Flow onPing() override;
    Flow onPong() override;
    Flow onOk() override { return flow(); }
    Flow onErr(QByteArrayView text) override;
    void onProtocolError(const ProtocolError &error) override;
    bool admitWithoutConnect() override;

    // Runs the authenticator; on success the decision's permissions take effect.
    bool authenticate(ConnectInfo &info);
    void adopt(AuthResult result);
    bool subscribeAllowed(const SubscribeFrame &frame) const;
    void logError(const QString &line) const
    {
        if (logHook)
            logHook(line);
    }
    QString authUserLabel() const;

    // Queues protocol bytes for this client; over max_pending the session closes itself.
    void send(QByteArray bytes);
    void sendOkIfVerbose();
    void sendErr(QByteArrayView text) { send(proto::err(text)); }
    void answerNoResponders(QByteArrayView reply);
    // Closes and tells the connection (the session decided to close).
    void closeSelf(CloseReason why);
    bool closeQuietly(CloseReason why);
    Flow flow() const { return closed.load() ? Flow::Stop : Flow::Continue; }

    SubscriptionPtr liveSubscription(QByteArrayView sid);
    void pruneExpiredLocked();
    void removeClosedLocked();

    Broker &broker;
    const quint64 clientId;
    const PeerAddress peer;
    const ServerIdentity identity;
    const SessionLimits limits;
    const std::shared_ptr<ClientOutlet> outlet;
    ProtocolParser parser;
    ConnectInfo connect;
    std::function<void(CloseReason)> closeHook;
    Authenticator authenticator;
    std::function<void(const QString &)> logHook;
    AuthResult auth;
    std::shared_ptr<SessionPermissions> permissions;   // null: unrestricted
    std::atomic<bool> closed{false};
    std::atomic<CloseReason> reason{CloseReason::None};
    PingTracker pings;

    // Touched by the owner thread, read by the monitor; auto-unsubscribed entries (closed
    // by a delivering thread) are pruned lazily.
    mutable QMutex subsMutex;
    QHash<QByteArray, SubscriptionPtr> subs;
};

void ClientSession::Private::send(QByteArray bytes)
{
    if (closed.load())
        return;
    if (!outlet->queue().append(std::move(bytes)))
        closeSelf(CloseReason::SlowConsumerPendingBytes);
}

void ClientSession::Private::sendOkIfVerbose()
{
    if (connect.verbose)
        send(proto::ok());
}

void ClientSession::Private::closeSelf(CloseReason why)
{
    if (closeQuietly(why) && closeHook)
        closeHook(why);
}

bool ClientSession::Private::closeQuietly(CloseReason why)
{
    if (closed.exchange(true))
        return false;
    reason.store(why);
    outlet->markClosed();
    QHash<QByteArray, SubscriptionPtr> dropped;
    {
        QMutexLocker lock(&subsMutex);
        dropped.swap(subs);
    }
    for (const SubscriptionPtr &subscription : std::as_const(dropped))
        broker.unsubscribe(subscription);
    return true;
}

Flow ClientSession::Private::onConnect(QByteArrayView json)
{
    pings.noteTraffic(PingTracker::Clock::now(), true);
    const ConnectParseResult parsed = mergeConnectJson(json, connect);
    if (!parsed.ok) {
        closeSelf(CloseReason::ProtocolViolation);   // nats-server sends no -ERR for bad JSON
        return Flow::Stop;
    }
    connect.received = true;
    const bool headers = identity.headers && connect.headers;
    outlet->setEcho(connect.echo);
    outlet->setHeaders(headers);
    parser.setHeadersAllowed(headers);

    // nats-server authenticates every CONNECT, and refuses an account designation.
    const bool authenticated = authenticate(connect);
    connect.jwt.clear();   // without trusted operators nats-server discards it
    if (!authenticated || parsed.namesAccount) {
        sendErr(errtext::kAuthorizationViolation);
        closeSelf(CloseReason::AuthenticationViolation);
        return Flow::Stop;
    }
    parser.setConnectRequiredFirst(false);
    if (connect.protocol < 0 || connect.protocol > 1) {
        sendErr(errtext::kBadClientProtocol);
        closeSelf(CloseReason::BadClientProtocolVersion);
        return Flow::Stop;
    }
    if (connect.noResponders && !headers) {
        sendErr(errtext::kNoRespondersRequiresHeaders);
        closeSelf(CloseReason::NoRespondersRequiresHeaders);
        return Flow::Stop;
    }
    sendOkIfVerbose();
    return flow();
}

bool ClientSession::Private::authenticate(ConnectInfo &info)
{
    AuthResult result = authenticator ? authenticator(info) : AuthResult(true);
    const bool accepted = result.accepted;
    if (accepted)
        adopt(std::move(result));
    else
        auth = std::move(result);
    return accepted;
}

void ClientSession::Private::adopt(AuthResult result)
{
    auth = std::move(result);
    permissions = auth.permissions ? std::make_shared<SessionPermissions>(auth.permissions) : nullptr;
    outlet->setPermissions(permissions);
}

bool ClientSession::Private::admitWithoutConnect()
{
    if (!authenticator)
        return false;
    ConnectInfo none;   // received == false: the client sent no CONNECT
    return authenticate(none);
}

QString ClientSession::Private::authUserLabel() const
{
    const QString &user = !auth.user.isEmpty() ? auth.user : connect.user;
    return user.isEmpty() ? QStringLiteral("User \"N/A\"")
                          : QStringLiteral("User ") + QString::fromUtf8(goQuote(user.toUtf8()));
}

Flow ClientSession::Private::onInfo(QByteArrayView json)
{
    if (!isAcceptableClientInfo(json)) {
        closeSelf(CloseReason::ProtocolViolation);
        return Flow::Stop;
    }
    return flow();
}

Flow ClientSession::Private::onErr(QByteArrayView)
{
    // A client reporting an error is closed without a reply, as nats-server does.
    closeSelf(CloseReason::ParseError);
    return Flow::Stop;
}

Flow ClientSession::Private::onPing()
{
    pings.noteClientPing(PingTracker::Clock::now());
    send(proto::pong());
    return flow();
}

Flow ClientSession::Private::onPong()
{
    pings.notePong();
    return flow();
}

void ClientSession::Private::onProtocolError(const ProtocolError &error)
{
    if (!error.errText.isEmpty())
        sendErr(error.errText);
    closeSelf(error.reason);
}

Flow ClientSession::Private::onPublish(const PublishFrame &frame)
{
    pings.noteTraffic(PingTracker::Clock::now());
    SessionCounters &counters = outlet->counters();
    counters.msgsIn.fetch_add(1, std::memory_order_relaxed);
    counters.bytesIn.fetch_add(frame.totalSize, std::memory_order_relaxed);

    // Pedantic only reports: the message is still routed (nats-server does the same).
    if (connect.pedantic && !isValidLiteralSubject(frame.subject))
        sendErr(errtext::kInvalidPublishSubject);
    if (permissions && !permissions->mayPublish(frame.subject, SessionPermissions::Clock::now())) {
        sendErr(publishViolationText(frame.subject));   // the connection stays open
        logError(QStringLiteral("Publish Violation - %1, Subject %2")
                     .arg(authUserLabel(), QString::fromUtf8(goQuote(frame.subject))));
        return flow();
    }
    sendOkIfVerbose();

    Message message;
    message.subject = frame.subject;
    message.reply = frame.reply;
    message.headerSize = frame.headerSize;
    message.headerSizeText = frame.headerSizeText;
    message.totalSizeText = frame.totalSizeText;
    message.payload = frame.payload;
    if (!frame.assembled.isNull())
        message.adoptWire(frame.assembled);
    const PublishResult result = broker.publish(outlet.get(), message);

    if (result.delivered == 0 && !frame.reply.isEmpty() && connect.noResponders)
        answerNoResponders(frame.reply);
    return flow();
}

void ClientSession::Private::answerNoResponders(QByteArrayView reply)
{
    // Sent on the requester's own subscription to the reply subject; without one, nothing.
    const SubscriptionPtr inbox = broker.firstPlainSubscriptionOf(outlet.get(), reply);
    if (!inbox)
        return;
    QByteArray status = QByteArrayLiteral("HMSG ");
    status.append(reply).append(' ').append(inbox->sid).append(" 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
    send(std::move(status));
}

bool ClientSession::Private::subscribeAllowed(const SubscribeFrame &frame) const
{
    if (!frame.queue.isEmpty() && frame.queue == QByteArrayView(kSystemQueue))
        return false;
    return !permissions || permissions->maySubscribe(frame.subject, frame.queue);
}

Flow ClientSession::Private::onSubscribe(const SubscribeFrame &frame)
{
    pings.noteTraffic(PingTracker::Clock::now());
    // Permissions come before every other check, and a refused SUB creates nothing.
    if (!subscribeAllowed(frame)) {
        sendErr(subscribeViolationText(frame.subject, frame.queue));
        const QString subject = QString::fromUtf8(goQuote(frame.subject));
        const QString sid = QString::fromUtf8(frame.sid.toByteArray());
        logError(frame.queue.isEmpty()
                     ? QStringLiteral("Subscription Violation - %1, Subject %2, SID %3").arg(authUserLabel(), subject, sid)
                     : QStringLiteral("Subscription Violation - %1, Subject %2, Queue: %3, SID %4")
                           .arg(authUserLabel(), subject, QString::fromUtf8(goQuote(frame.queue)), sid));
        return flow();
    }
    const QByteArray sid = frame.sid.toByteArray();
    SubscriptionPtr existing;
    {
        QMutexLocker lock(&subsMutex);
        pruneExpiredLocked();
        // The limit is checked first, even for a sid that already exists (nats-server).
        if (limits.maxSubscriptions > 0 && subs.size() >= limits.maxSubscriptions) {
            removeClosedLocked();
            if (subs.size() >= limits.maxSubscriptions) {
                lock.unlock();
                sendErr(errtext::kMaxSubscriptions);
                return flow();
            }
        }
        existing = subs.value(sid);
        if (existing && existing->closed.load()) {   // expired: the sid is free again
            subs.remove(sid);
            existing.reset();
        }
    }
    if (existing) {   // same sid again: keep the first, acknowledge like nats-server
        sendOkIfVerbose();
        return flow();
    }
    auto subscription = std::make_shared<Subscription>(frame.subject.toByteArray(),
                                                       frame.queue.toByteArray(), sid, outlet);
    if (!broker.subscribe(subscription)) {
        sendErr(errtext::kInvalidSubject);
        return flow();
    }
    {
        QMutexLocker lock(&subsMutex);
        subs.insert(sid, subscription);
    }
    sendOkIfVerbose();
    return flow();
}

Flow ClientSession::Private::onUnsubscribe(const UnsubscribeFrame &frame)
{
    pings.noteTraffic(PingTracker::Clock::now());
    if (const SubscriptionPtr subscription = liveSubscription(frame.sid)) {
        bool now = frame.max <= 0 || frame.max <= subscription->delivered.load();
        if (!now) {
            subscription->maxMessages.store(frame.max);
            // A delivery may have raced past the new max before it was visible.
            now = subscription->delivered.load() >= frame.max;
        }
        if (now) {
            broker.unsubscribe(subscription);
            QMutexLocker lock(&subsMutex);
            subs.remove(subscription->sid);
        }
    }
    sendOkIfVerbose();   // also for an unknown sid
    return flow();
}

SubscriptionPtr ClientSession::Private::liveSubscription(QByteArrayView sid)
{
    QMutexLocker lock(&subsMutex);
    const SubscriptionPtr subscription = subs.value(QByteArray::fromRawData(sid.data(), sid.size()));
    return subscription && !subscription->closed.load() ? subscription : nullptr;
}

void ClientSession::Private::pruneExpiredLocked()
{
    // Cheap unless an auto-unsubscribe happened. The broker sets `closed` just before it
    // counts the expiry, so an entry may briefly stay; callers that need exactness sweep.
    if (outlet->takeExpiredCount() > 0)
        removeClosedLocked();
}

void ClientSession::Private::removeClosedLocked()
{
    subs.removeIf([](QHash<QByteArray, SubscriptionPtr>::iterator it) { return it.value()->closed.load(); });
}

ClientSession::ClientSession(Broker &broker, quint64 clientId, PeerAddress peer, ServerIdentity identity,
                             SessionLimits limits)
    : d(std::make_unique<Private>(broker, clientId, std::move(peer), std::move(identity), limits))
{
}

ClientSession::~ClientSession()
{
    // Never leave subscriptions behind in the shared broker.
    d->closeQuietly(CloseReason::ClientClosed);
}

void ClientSession::setCloseHook(std::function<void(CloseReason)> hook) { d->closeHook = std::move(hook); }

void ClientSession::setAuthenticator(Authenticator auth) { d->authenticator = std::move(auth); }

void ClientSession::setLogHook(std::function<void(const QString &)> hook) { d->logHook = std::move(hook); }

void ClientSession::start()
{
    d->send(infoLine(d->identity, d->limits, d->clientId, d->peer.ip));
}

void ClientSession::receive(QByteArrayView data)
{
    if (applyPendingClose())
        return;
    d->parser.feed(data);
}

void ClientSession::pingTimerFired()
{
    if (applyPendingClose())
        return;
    switch (d->pings.timerFired(PingTracker::Clock::now())) {
    case PingTracker::Decision::Skip:
        return;
    case PingTracker::Decision::Stale:
        d->sendErr(errtext::kStaleConnection);
        d->closeSelf(CloseReason::StaleConnection);
        return;
    case PingTracker::Decision::SendPing:
        d->send(proto::ping());
        return;
    }
}

bool ClientSession::close(CloseReason reason) { return d->closeQuietly(reason); }

void ClientSession::authTimerFired()
{
    if (d->closed.load() || !d->identity.authRequired || d->connect.received || d->auth.accepted)
        return;
    d->sendErr(errtext::kAuthenticationTimeout);
    d->closeSelf(CloseReason::AuthenticationTimeout);
}

bool ClientSession::applyPendingClose()
{
    if (!d->closed.load() && d->outlet->isSlowConsumer())
        d->closeSelf(CloseReason::SlowConsumerPendingBytes);
    return d->closed.load();
}

OutboundQueue &ClientSession::outbound() { return d->outlet->queue(); }
bool ClientSession::isClosed() const { return d->closed.load(); }
CloseReason ClientSession::closeReason() const { return d->reason.load(); }
quint64 ClientSession::clientId() const { return d->clientId; }
const ConnectInfo &ClientSession::connectInfo() const { return d->connect; }
const AuthResult &ClientSession::authResult() const { return d->auth; }
QString ClientSession::authUserLabel() const { return d->authUserLabel(); }
const SessionCounters &ClientSession::counters() const { return d->outlet->counters(); }

int ClientSession::subscriptionCount() const
{
    QMutexLocker lock(&d->subsMutex);
    d->pruneExpiredLocked();
    return int(d->subs.size());
}

QStringList ClientSession::subscriptionSubjects() const
{
    QList<SubscriptionPtr> live;
    {
        QMutexLocker lock(&d->subsMutex);
        d->pruneExpiredLocked();
        live = d->subs.values();
    }
    // Sids are usually counters: order "2" before "10".
    std::sort(live.begin(), live.end(), [](const SubscriptionPtr &a, const SubscriptionPtr &b) {
        return a->sid.size() != b->sid.size() ? a->sid.size() < b->sid.size() : a->sid < b->sid;
    });
    QStringList subjects;
    subjects.reserve(live.size());
    for (const SubscriptionPtr &subscription : std::as_const(live)) {
        QString text = QString::fromUtf8(subscription->subject);
        if (subscription->isQueue())
            text += QLatin1Char(' ') + QString::fromUtf8(subscription->queue);
        subjects.append(text);
    }
    return subjects;
}

} // namespace natsws::nats
