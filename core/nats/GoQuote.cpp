#include "core/nats/GoQuote.h"

#include <QChar>

namespace natsws::nats {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void appendHex(QByteArray &out, char prefix, char32_t value, int digits)
{
    out.append('\\').append(prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.append(kHex[(value >> shift) & 0xf]);
}

// The sequence length of a valid UTF-8 character starting at `pos`, or 0; sets `rune`.
int decodeUtf8(QByteArrayView text, qsizetype pos, char32_t &rune)
{
    const auto byte = [&](qsizetype i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    int length = 0;
    char32_t min = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, rune = lead & 0x1f, min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, rune = lead & 0x0f, min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, rune = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (pos + length > text.size())
        return 0;
    for (int i = 1; i < length; ++i) {
        const unsigned char next = byte(pos + i);
        if ((next & 0xc0) != 0x80)
            return 0;
        rune = (rune << 6) | (next & 0x3f);
    }
    const bool surrogate = rune >= 0xd800 && rune <= 0xdfff;
    return rune < min || rune > 0x10ffff || surrogate ? 0 : length;
}

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space only.
bool isGoPrintable(char32_t rune)
{
    if (rune == U' ')
        return true;
    switch (QChar::category(rune)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

void appendEscapedAscii(QByteArray &out, char c)
{
    switch (c) {
    case '\a': out.append("\\a"); return;
    case '\b': out.append("\\b"); return;
    case '\f': out.append("\\f"); return;
    case '\n': out.append("\\n"); return;
    case '\r': out.append("\\r"); return;
    case '\t': out.append("\\t"); return;
    case '\v': out.append("\\v"); return;
    default: appendHex(out, 'x', static_cast<unsigned char>(c), 2); return;
    }
}

} // namespace

QByteArray goQuote(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    for (qsizetype pos = 0; pos < text.size();) {
        const char c = text[pos];
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            if (c == '"' || c == '\\')
                out.append('\\').append(c);
            else if (byte >= 0x20 && byte != 0x7f)
                out.append(c);
            else
                appendEscapedAscii(out, c);
            ++pos;
            continue;
        }
        char32_t rune = 0;
        const int length = decodeUtf8(text, pos, rune);
        if (length == 0) {
            appendHex(out, 'x', byte, 2);   // Go writes each invalid byte on its own
            ++pos;
            continue;
        }
        if (isGoPrintable(rune))
            out.append(text.sliced(pos, length));
        else if (rune < 0x10000)
            appendHex(out, 'u', rune, 4);
        else
            appendHex(out, 'U', rune, 8);
        pos += length;
    }
    out.append('"');
    return out;
}

} // namespace natsws::nats
