// CloseReason texts pinned to nats-server's ClosedState.String() (server/monitor.go, same in
// v2.9.10 and HEAD), since /connz shows them and NATS tooling matches on them.
#include "core/nats/CloseReason.h"

#include <QTest>

using namespace natsws::nats;
Q_DECLARE_METATYPE(natsws::nats::CloseReason)

class TestCloseReason : public QObject {
    Q_OBJECT
private slots:
    void text_data();
    void text();
    void outOfRangeFallsBackToNone();
};

void TestCloseReason::text_data()
{
    QTest::addColumn<CloseReason>("reason");
    QTest::addColumn<QString>("text");
    using R = CloseReason;
    const std::pair<R, const char *> rows[] = {
        {R::ClientClosed, "Client Closed"},
        {R::AuthenticationTimeout, "Authentication Timeout"},
        {R::AuthenticationViolation, "Authentication Failure"},
        {R::TLSHandshakeError, "TLS Handshake Failure"},
        {R::SlowConsumerPendingBytes, "Slow Consumer (Pending Bytes)"},
        {R::SlowConsumerWriteDeadline, "Slow Consumer (Write Deadline)"},
        {R::WriteError, "Write Error"},
        {R::ReadError, "Read Error"},
        {R::ParseError, "Parse Error"},
        {R::StaleConnection, "Stale Connection"},
        {R::ProtocolViolation, "Protocol Violation"},
        {R::BadClientProtocolVersion, "Bad Client Protocol Version"},
        {R::WrongPort, "Incorrect Port"},
        {R::MaxAccountConnectionsExceeded, "Maximum Account Connections Exceeded"},
        {R::MaxConnectionsExceeded, "Maximum Connections Exceeded"},
        {R::MaxPayloadExceeded, "Maximum Message Payload Exceeded"},
        {R::MaxControlLineExceeded, "Maximum Control Line Exceeded"},
        {R::MaxSubscriptionsExceeded, "Maximum Subscriptions Exceeded"},
        {R::ServerShutdown, "Server Shutdown"},
        {R::AuthenticationExpired, "Authentication Expired"},
        {R::MissingAccount, "Missing Account"},
        {R::Revocation, "Credentials Revoked"},
        {R::MsgHeaderViolation, "Message Header Violation"},
        {R::NoRespondersRequiresHeaders, "No Responders Requires Headers"},
        {R::DuplicateClientID, "Duplicate Client ID"},
        {R::Kicked, "Kicked"},
    };
    for (const auto &[reason, text] : rows)
        QTest::newRow(text) << reason << QString::fromLatin1(text);
}

void TestCloseReason::text()
{
    QFETCH(CloseReason, reason);
    QFETCH(QString, text);
    QCOMPARE(closeReasonText(reason), text);
}

void TestCloseReason::outOfRangeFallsBackToNone()
{
    QCOMPARE(closeReasonText(static_cast<CloseReason>(250)), QString());
}

QTEST_APPLESS_MAIN(TestCloseReason)
#include "tst_closereason.moc"
