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
    void webSocketStatus_data();
    void webSocketStatus();
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

void TestCloseReason::webSocketStatus_data()
{
    // Spec §7.1 (wsEnqueueCloseMessage, newest release): the Close a server-side close sends,
    // and the reasons that skip the final flush and so send no Close at all.
    QTest::addColumn<CloseReason>("reason");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("sent");
    QTest::newRow("ClientClosed") << CloseReason::ClientClosed << 1000 << true;
    QTest::newRow("AuthenticationTimeout") << CloseReason::AuthenticationTimeout << 1008 << true;
    QTest::newRow("AuthenticationViolation") << CloseReason::AuthenticationViolation << 1008 << true;
    QTest::newRow("SlowConsumerPendingBytes") << CloseReason::SlowConsumerPendingBytes << 1008 << false;
    QTest::newRow("SlowConsumerWriteDeadline") << CloseReason::SlowConsumerWriteDeadline << 1008 << false;
    QTest::newRow("MaxAccountConnectionsExceeded") << CloseReason::MaxAccountConnectionsExceeded << 1008 << true;
    QTest::newRow("MaxConnectionsExceeded") << CloseReason::MaxConnectionsExceeded << 1008 << true;
    QTest::newRow("MaxControlLineExceeded") << CloseReason::MaxControlLineExceeded << 1008 << true;
    QTest::newRow("MaxSubscriptionsExceeded") << CloseReason::MaxSubscriptionsExceeded << 1008 << true;
    QTest::newRow("MissingAccount") << CloseReason::MissingAccount << 1008 << true;
    QTest::newRow("AuthenticationExpired") << CloseReason::AuthenticationExpired << 1008 << true;
    QTest::newRow("Revocation") << CloseReason::Revocation << 1008 << true;
    QTest::newRow("TLSHandshakeError") << CloseReason::TLSHandshakeError << 1015 << false;
    QTest::newRow("ParseError") << CloseReason::ParseError << 1002 << true;
    QTest::newRow("ProtocolViolation") << CloseReason::ProtocolViolation << 1002 << true;
    QTest::newRow("BadClientProtocolVersion") << CloseReason::BadClientProtocolVersion << 1002 << true;
    QTest::newRow("MaxPayloadExceeded") << CloseReason::MaxPayloadExceeded << 1009 << true;
    QTest::newRow("WriteError") << CloseReason::WriteError << 1001 << false;
    QTest::newRow("ReadError") << CloseReason::ReadError << 1001 << false;
    QTest::newRow("StaleConnection") << CloseReason::StaleConnection << 1001 << true;
    QTest::newRow("ServerShutdown") << CloseReason::ServerShutdown << 1001 << true;
    QTest::newRow("Kicked (anything else)") << CloseReason::Kicked << 1011 << true;
    QTest::newRow("DuplicateClientID (anything else)") << CloseReason::DuplicateClientID << 1011 << true;
}

void TestCloseReason::webSocketStatus()
{
    QFETCH(CloseReason, reason);
    QFETCH(int, status);
    QFETCH(bool, sent);
    QCOMPARE(int(closeReasonInfo(reason).wsStatus), status);
    QCOMPARE(!closeReasonInfo(reason).skipFlush, sent);
}

QTEST_APPLESS_MAIN(TestCloseReason)
#include "tst_closereason.moc"
