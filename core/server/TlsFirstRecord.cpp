#include "core/server/TlsFirstRecord.h"

#include <array>

namespace natsws::server {

namespace {
constexpr char kAlertRecord = 0x15;
constexpr char kHandshakeRecord = 0x16;

// A real record carries a protocol version below 0x1000 (3.x); ASCII text never does.
bool plausibleVersion(QByteArrayView header)
{
    return static_cast<unsigned char>(header[1]) < 0x10;
}

// The request starts net/http treats as "an HTTP request to an HTTPS server".
bool looksLikeHttp(QByteArrayView header)
{
    static constexpr std::array<const char *, 5> kStarts{"GET /", "HEAD ", "POST ", "PUT /", "OPTIO"};
    for (const char *start : kStarts) {
        if (header == QByteArrayView(start, kTlsRecordHeaderSize))
            return true;
    }
    return false;
}
} // namespace

FirstRecord classifyFirstRecord(QByteArrayView firstBytes)
{
    if (firstBytes.size() < kTlsRecordHeaderSize)
        return FirstRecord::NeedMore;
    const QByteArrayView header = firstBytes.first(kTlsRecordHeaderSize);
    if ((header[0] == kHandshakeRecord || header[0] == kAlertRecord) && plausibleVersion(header))
        return FirstRecord::Tls;
    return looksLikeHttp(header) ? FirstRecord::PlainHttp : FirstRecord::NotTls;
}

QByteArray plainHttpOnTlsResponse()
{
    return QByteArrayLiteral("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");
}

QByteArray notTlsErrorText()
{
    return QByteArrayLiteral("tls: first record does not look like a TLS handshake");
}

} // namespace natsws::server
