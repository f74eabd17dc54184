#include "core/nats/InfoLine.h"

namespace natsws::nats {
namespace {

// Writes "key":value pairs in call order, commas included.
class JsonObjectWriter {
public:
    JsonObjectWriter() { m_out.append('{'); }

    void string(const char *key, const QString &value) { appendJsonString(startField(key), value); }
    void number(const char *key, qint64 value) { startField(key).append(QByteArray::number(value)); }
    void boolean(const char *key, bool value) { startField(key).append(value ? "true" : "false"); }

    QByteArray finish()
    {
        m_out.append('}');
        return m_out;
    }

private:
    QByteArray &startField(const char *key)
    {
        if (m_out.size() > 1)
            m_out.append(',');
        return m_out.append('"').append(key).append("\":");
    }

    QByteArray m_out;
};

} // namespace

void appendJsonString(QByteArray &out, const QString &text)
{
    static const char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.append('"');
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); continue;
        case '\\': out.append("\\\\"); continue;
        case '\n': out.append("\\n"); continue;
        case '\r': out.append("\\r"); continue;
        case '\t': out.append("\\t"); continue;
        default: break;
        }
        if (byte < 0x20 || c == '<' || c == '>' || c == '&') {
            out.append("\\u00").append(kHex[byte >> 4]).append(kHex[byte & 0xf]);
            continue;
        }
        // Go also escapes U+2028/U+2029 (E2 80 A8/A9), which JavaScript reads as line breaks.
        if (byte == 0xe2 && i + 2 < utf8.size() && utf8[i + 1] == '\x80'
            && (utf8[i + 2] == '\xa8' || utf8[i + 2] == '\xa9')) {
            out.append(utf8[i + 2] == '\xa8' ? "\\u2028" : "\\u2029");
            i += 2;
            continue;
        }
        out.append(c);
    }
    out.append('"');
}

QByteArray infoLine(const ServerIdentity &identity, const SessionLimits &limits, quint64 clientId,
                    const QString &clientIp)
{
    JsonObjectWriter json;
    json.string("server_id", identity.serverId);
    json.string("server_name", identity.serverName);
    json.string("version", identity.version);
    json.number("proto", 1);
    json.string("go", identity.goVersion);
    json.string("host", identity.host);
    json.number("port", identity.port);
    json.boolean("headers", identity.headers);
    if (identity.authRequired)
        json.boolean("auth_required", true);
    if (identity.tlsRequired)
        json.boolean("tls_required", true);
    if (identity.tlsVerify)
        json.boolean("tls_verify", true);
    if (identity.tlsAvailable)
        json.boolean("tls_available", true);
    json.number("max_payload", limits.maxPayload);
    if (clientId != 0)
        json.number("client_id", qint64(clientId));
    if (!clientIp.isEmpty())
        json.string("client_ip", clientIp);

    QByteArray line = QByteArrayLiteral("INFO ");
    line.append(json.finish()).append(" \r\n");
    return line;
}

} // namespace natsws::nats
