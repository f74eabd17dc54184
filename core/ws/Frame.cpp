#include "core/ws/Frame.h"

#include "core/ws/FrameEncoder.h"

#include <cstring>

namespace natsws::ws {

bool isValidCloseStatus(std::uint16_t status)
{
    if (status >= 1000 && status <= 1003)
        return true;
    if (status >= 1007 && status <= 1014)
        return true;
    return status >= 3000 && status <= 4999;
}

QByteArray closePayload(std::uint16_t status, QByteArray body)
{
    constexpr qsizetype maxBody = kMaxControlPayload - 2;
    if (body.size() > maxBody) {
        body.truncate(maxBody - 3);
        body.append("...");
    }
    QByteArray payload;
    payload.reserve(2 + body.size());
    payload.append(char(status >> 8));
    payload.append(char(status & 0xFF));
    payload.append(body);
    return payload;
}

QByteArray CloseReply::frame() const
{
    return status ? FrameEncoder::closeFrame(*status, body) : FrameEncoder::emptyCloseFrame();
}

CloseReply closeReplyFor(std::optional<std::uint16_t> status, QByteArrayView reason)
{
    if (!status)
        return {};
    if (!isValidCloseStatus(*status)) {
        return {CloseStatus::ProtocolError,
                "invalid close status code " + QByteArray::number(*status), true};
    }
    if (!reason.isValidUtf8())
        return {CloseStatus::InvalidPayload, QByteArrayLiteral("invalid utf8 body in close frame"), false};
    return {status, reason.toByteArray(), false};
}

CloseReply closeReplyForPayload(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {};
    if (payload.size() == 1)
        return {CloseStatus::ProtocolError, QByteArrayLiteral("close frame payload cannot be 1 byte"), true};
    const auto status = std::uint16_t((std::uint8_t(payload[0]) << 8) | std::uint8_t(payload[1]));
    return closeReplyFor(status, payload.sliced(2));
}

int unmask(char *data, qsizetype size, const unsigned char key[4], int keyPos)
{
    qsizetype i = 0;
    // Word-at-a-time for long runs: rotate the key so word lane 0 lines up with keyPos.
    if (size >= 16) {
        unsigned char rotated[8];
        for (int k = 0; k < 8; ++k)
            rotated[k] = key[(keyPos + k) & 3];
        std::uint64_t key64;
        std::memcpy(&key64, rotated, 8);
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, data + i, 8);
            word ^= key64;
            std::memcpy(data + i, &word, 8);
        }
    }
    for (; i < size; ++i)
        data[i] = char(data[i] ^ key[(keyPos + i) & 3]);
    return int((keyPos + size) & 3);
}

} // namespace natsws::ws
