#pragma once
// RFC 6455 constants and the small value types the codec exchanges.
#include <QByteArray>
#include <QByteArrayView>
#include <cstdint>
#include <optional>

namespace natsws::ws {

enum class Opcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

namespace CloseStatus {
constexpr std::uint16_t Normal = 1000, GoingAway = 1001, ProtocolError = 1002, UnsupportedData = 1003,
                        NoStatus = 1005, Abnormal = 1006, InvalidPayload = 1007, PolicyViolation = 1008,
                        MessageTooBig = 1009, InternalError = 1011, TlsHandshake = 1015;
}

constexpr int kMaxControlPayload = 125;
constexpr int kBrowserFrameSize = 4096;
constexpr int kCompressThreshold = 64;
constexpr int kMaxFrameHeader = 14;

// True for the codes RFC 6455 §7.4 allows in a Close frame (1005/1006/1015 are never sent).
bool isValidCloseStatus(std::uint16_t status);

// 2-byte status + body; a body over 123 bytes becomes its first 120 bytes plus "...".
QByteArray closePayload(std::uint16_t status, QByteArray body);

constexpr bool isControl(Opcode opcode) { return static_cast<std::uint8_t>(opcode) >= 8; }

// What the server answers to a client's Close (spec §4.3). A protocol error means "fail the
// connection with this 1002 Close" rather than "echo".
struct CloseReply {
    std::optional<std::uint16_t> status;   // empty: answer with an empty Close
    QByteArray body;
    bool protocolError = false;
    QByteArray frame() const;              // the Close frame to queue
};

// Reply to a Close whose payload held `status` (empty for an empty payload) and `reason`:
// empty → empty; invalid status → 1002; reason not UTF-8 → 1007; otherwise echo.
CloseReply closeReplyFor(std::optional<std::uint16_t> status, QByteArrayView reason);

// The same from the raw (unmasked) Close payload; a 1-byte payload is a protocol error.
CloseReply closeReplyForPayload(QByteArrayView payload);

// XORs data with the 4-byte key starting at key position `keyPos`; returns the next position.
int unmask(char *data, qsizetype size, const unsigned char key[4], int keyPos);

} // namespace natsws::ws
