// classifyFirstRecord: what Go's crypto/tls + net/http decide from a client's first 5 bytes.
#include "core/server/TlsFirstRecord.h"

#include <QtTest>

using natsws::server::FirstRecord;
using natsws::server::classifyFirstRecord;

Q_DECLARE_METATYPE(FirstRecord)

class TestTlsFirstRecord : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void classify_data();
    void classify();
    void everySplitOfAClientHelloWaitsThenAccepts();
    void answerIsGoNetHttpByteForByte();
};

void TestTlsFirstRecord::classify_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<FirstRecord>("expected");

    // Good: what TLS clients send first.
    QTest::newRow("ClientHello TLS 1.0 record version") << QByteArray("\x16\x03\x01\x02\x00\x01", 6) << FirstRecord::Tls;
    QTest::newRow("ClientHello TLS 1.2 record version") << QByteArray("\x16\x03\x03\x00\xf4", 5) << FirstRecord::Tls;
    QTest::newRow("SSL 3.0 record version") << QByteArray("\x16\x03\x00\x00\x10", 5) << FirstRecord::Tls;
    QTest::newRow("alert record") << QByteArray("\x15\x03\x03\x00\x02", 5) << FirstRecord::Tls;

    // Not yet decidable.
    QTest::newRow("nothing") << QByteArray() << FirstRecord::NeedMore;
    QTest::newRow("one handshake byte") << QByteArray("\x16", 1) << FirstRecord::NeedMore;
    QTest::newRow("four bytes of GET /") << QByteArray("GET ") << FirstRecord::NeedMore;

    // Plain HTTP: net/http's five prefixes.
    QTest::newRow("GET") << QByteArray("GET / HTTP/1.1\r\n") << FirstRecord::PlainHttp;
    QTest::newRow("GET exactly 5 bytes") << QByteArray("GET /") << FirstRecord::PlainHttp;
    QTest::newRow("HEAD") << QByteArray("HEAD / HTTP/1.1\r\n") << FirstRecord::PlainHttp;
    QTest::newRow("POST") << QByteArray("POST /x HTTP/1.1\r\n") << FirstRecord::PlainHttp;
    QTest::newRow("PUT") << QByteArray("PUT /x HTTP/1.1\r\n") << FirstRecord::PlainHttp;
    QTest::newRow("OPTIONS") << QByteArray("OPTIONS * HTTP/1.1\r\n") << FirstRecord::PlainHttp;

    // Invalid: refused as a handshake failure, without an HTTP answer.
    QTest::newRow("GET with a full URL is not one of the prefixes") << QByteArray("GET http://x/ HTTP/1.1") << FirstRecord::NotTls;
    QTest::newRow("lower-case get") << QByteArray("get / HTTP/1.1") << FirstRecord::NotTls;
    QTest::newRow("DELETE") << QByteArray("DELETE /x HTTP/1.1") << FirstRecord::NotTls;
    QTest::newRow("PUT without a slash") << QByteArray("PUT  x") << FirstRecord::NotTls;
    QTest::newRow("plain NATS CONNECT") << QByteArray("CONNECT {}\r\n") << FirstRecord::NotTls;
    QTest::newRow("plain NATS PING") << QByteArray("PING\r\n") << FirstRecord::NotTls;

    // Malformed: record-like headers Go refuses.
    QTest::newRow("application data record first") << QByteArray("\x17\x03\x03\x00\x10", 5) << FirstRecord::NotTls;
    QTest::newRow("change cipher spec first") << QByteArray("\x14\x03\x03\x00\x01", 5) << FirstRecord::NotTls;
    QTest::newRow("handshake type, version 0x1000") << QByteArray("\x16\x10\x00\x00\x10", 5) << FirstRecord::NotTls;
    QTest::newRow("handshake type, ASCII version") << QByteArray("\x16HTTP") << FirstRecord::NotTls;
    QTest::newRow("SSLv2 style hello") << QByteArray("\x80\x2e\x01\x03\x01", 5) << FirstRecord::NotTls;
    QTest::newRow("five zero bytes") << QByteArray(5, '\0') << FirstRecord::NotTls;
}

void TestTlsFirstRecord::classify()
{
    QFETCH(QByteArray, bytes);
    QFETCH(FirstRecord, expected);
    QCOMPARE(classifyFirstRecord(bytes), expected);
}

void TestTlsFirstRecord::everySplitOfAClientHelloWaitsThenAccepts()
{
    const QByteArray hello("\x16\x03\x01\x00\xc8\x01\x00\x00\xc4", 9);
    for (int n = 0; n <= hello.size(); ++n) {
        const FirstRecord expected = n < 5 ? FirstRecord::NeedMore : FirstRecord::Tls;
        QCOMPARE(classifyFirstRecord(QByteArrayView(hello).first(n)), expected);
    }
}

void TestTlsFirstRecord::answerIsGoNetHttpByteForByte()
{
    QCOMPARE(natsws::server::plainHttpOnTlsResponse(),
             QByteArray("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"));
    QCOMPARE(natsws::server::notTlsErrorText(), QByteArray("tls: first record does not look like a TLS handshake"));
}

QTEST_APPLESS_MAIN(TestTlsFirstRecord)
#include "tst_tlsfirstrecord.moc"
