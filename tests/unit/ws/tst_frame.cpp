// Frame.h: close status validity, close payloads and truncation, close replies, unmasking.
#include "core/ws/Frame.h"
#include "core/ws/FrameEncoder.h"

#include <QTest>

using namespace natsws::ws;

class TestFrame : public QObject {
    Q_OBJECT
private slots:
    void validCloseStatus_data();
    void validCloseStatus();
    void closePayloadTruncation_data();
    void closePayloadTruncation();
    void closeReply_data();
    void closeReply();
    void closeReplyFrame();
    void unmaskCarriesKeyPosition_data();
    void unmaskCarriesKeyPosition();
};

void TestFrame::validCloseStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("valid");
    const std::pair<int, bool> table[] = {
        {0, false},    {999, false},  {1000, true},  {1001, true},  {1002, true},  {1003, true},
        {1004, false}, {1005, false}, {1006, false}, {1007, true},  {1011, true},  {1014, true},
        {1015, false}, {1016, false}, {2999, false}, {3000, true},  {4999, true},  {5000, false},
        {65535, false},
    };
    for (const auto &[status, valid] : table)
        QTest::newRow(QByteArray::number(status).constData()) << status << valid;
}

void TestFrame::validCloseStatus()
{
    QFETCH(int, status);
    QFETCH(bool, valid);
    QCOMPARE(isValidCloseStatus(std::uint16_t(status)), valid);
}

void TestFrame::closePayloadTruncation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expectedBody");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("10 bytes kept") << QByteArray("0123456789") << QByteArray("0123456789");
    QTest::newRow("123 bytes kept") << QByteArray(123, 'a') << QByteArray(123, 'a');
    QTest::newRow("124 bytes cut") << QByteArray(124, 'b') << QByteArray(120, 'b') + "...";
    QTest::newRow("135 bytes cut") << QByteArray(135, 'c') << QByteArray(120, 'c') + "...";
}

void TestFrame::closePayloadTruncation()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expectedBody);
    const QByteArray payload = closePayload(1002, body);
    QCOMPARE(payload.left(2), QByteArray("\x03\xea", 2));
    QCOMPARE(payload.mid(2), expectedBody);
    QVERIFY(payload.size() <= kMaxControlPayload);
}

void TestFrame::closeReply_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("status");   // -1: empty Close
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("protocolError");
    QTest::newRow("empty gets empty") << QByteArray() << -1 << QByteArray() << false;
    QTest::newRow("one byte") << QByteArray("\x03") << 1002 << QByteArray("close frame payload cannot be 1 byte") << true;
    QTest::newRow("1000 echoed") << QByteArray("\x03\xe8", 2) << 1000 << QByteArray() << false;
    QTest::newRow("4000 with body echoed") << QByteArray("\x0f\xa0" "bye", 5) << 4000 << QByteArray("bye") << false;
    QTest::newRow("utf8 body echoed") << QByteArray("\x03\xe9" "\xc3\xa9t\xc3\xa9", 7) << 1001 << QByteArray("\xc3\xa9t\xc3\xa9") << false;
    QTest::newRow("1005 invalid") << QByteArray("\x03\xed", 2) << 1002 << QByteArray("invalid close status code 1005") << true;
    QTest::newRow("2000 invalid") << QByteArray("\x07\xd0", 2) << 1002 << QByteArray("invalid close status code 2000") << true;
    QTest::newRow("invalid utf8 gets 1007") << QByteArray("\x03\xe8\xff", 3) << 1007
                                            << QByteArray("invalid utf8 body in close frame") << false;
    QTest::newRow("surrogate is invalid utf8") << QByteArray("\x03\xe8\xed\xa0\x80", 5) << 1007
                                               << QByteArray("invalid utf8 body in close frame") << false;
    QTest::newRow("overlong is invalid utf8") << QByteArray("\x03\xe8\xc0\xaf", 4) << 1007
                                              << QByteArray("invalid utf8 body in close frame") << false;
    QTest::newRow("status checked before utf8") << QByteArray("\x03\xed\xff", 3) << 1002
                                                << QByteArray("invalid close status code 1005") << true;
}

void TestFrame::closeReply()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, protocolError);
    const CloseReply reply = closeReplyForPayload(payload);
    QCOMPARE(reply.status.has_value(), status >= 0);
    if (status >= 0)
        QCOMPARE(int(*reply.status), status);
    QCOMPARE(reply.body, body);
    QCOMPARE(reply.protocolError, protocolError);
}

void TestFrame::closeReplyFrame()
{
    QCOMPARE(closeReplyForPayload({}).frame(), QByteArray("\x88\x00", 2));
    QCOMPARE(closeReplyForPayload(QByteArray("\x03\xe8ok", 4)).frame(), QByteArray("\x88\x04\x03\xe8ok", 6));
}

void TestFrame::unmaskCarriesKeyPosition_data()
{
    QTest::addColumn<QList<int>>("pieces");
    QTest::newRow("one call") << QList<int>{};
    QTest::newRow("3, 8, rest") << QList<int>{3, 8};
    QTest::newRow("1, 1, 1, 17, 33") << QList<int>{1, 1, 1, 17, 33};
    QTest::newRow("long runs at odd offsets") << QList<int>{5, 19, 2, 31};
}

void TestFrame::unmaskCarriesKeyPosition()
{
    QFETCH(QList<int>, pieces);
    const QByteArray plain = "The quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps.";
    const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
    QByteArray data = plain;
    for (qsizetype i = 0; i < data.size(); ++i)
        data[i] = char(data[i] ^ key[i % 4]);
    int keyPos = 0;
    qsizetype offset = 0;
    for (int piece : pieces) {
        keyPos = unmask(data.data() + offset, piece, key, keyPos);
        offset += piece;
    }
    keyPos = unmask(data.data() + offset, data.size() - offset, key, keyPos);
    QCOMPARE(data, plain);
    QCOMPARE(keyPos, int(plain.size() % 4));
}

QTEST_GUILESS_MAIN(TestFrame)
#include "tst_frame.moc"
