#include "core/nats/ConnectJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QList>
#include <optional>

namespace natsws::nats {
namespace {

struct Member {
    QString key;
    QJsonValue value;
    QByteArrayView rawValue;   // the value's text, for checks JSON values lose (1 vs 1.0)
};

// Top-level value of the document: an object, null (Go accepts it and changes nothing) or
// nothing usable.
enum class TopLevel { Object, Null, Invalid };

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

QJsonValue decodeScalar(QByteArrayView raw)
{
    QByteArray wrapped;
    wrapped.append('[').append(raw).append(']');
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

// The members of a document already known to be a valid JSON object, in document order
// (QJsonObject sorts its keys and keeps one of each; Go's decoder applies every member in
// order, so the last one wins).
QList<Member> membersInOrder(QByteArrayView json)
{
    QList<Member> members;
    qsizetype i = json.indexOf('{') + 1;
    auto skipSpace = [&] { while (i < json.size() && isJsonSpace(json[i])) ++i; };
    auto skipString = [&] {   // i at the opening quote; leaves i after the closing one
        for (++i; i < json.size() && json[i] != '"'; ++i) {
            if (json[i] == '\\')
                ++i;
        }
        ++i;
    };
    while (true) {
        skipSpace();
        if (i >= json.size() || json[i] == '}')
            return members;
        const qsizetype keyStart = i;
        skipString();
        const QByteArrayView rawKey = json.sliced(keyStart, i - keyStart);
        skipSpace();
        ++i;   // ':'
        skipSpace();
        const qsizetype valueStart = i;
        int depth = 0;
        while (i < json.size()) {
            const char c = json[i];
            if (c == '"') {
                skipString();
                continue;
            }
            if (depth == 0 && (c == ',' || c == '}'))
                break;
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']')
                --depth;
            ++i;
        }
        const QByteArrayView rawValue = json.sliced(valueStart, i - valueStart).trimmed();
        members.append(Member{decodeScalar(rawKey).toString(), decodeScalar(rawValue), rawValue});
        if (i < json.size() && json[i] == ',')
            ++i;
    }
}

TopLevel readTopLevel(QByteArrayView json, QList<Member> *members = nullptr)
{
    const QByteArrayView trimmed = json.trimmed();
    if (trimmed == QByteArrayView("null"))
        return TopLevel::Null;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return TopLevel::Invalid;
    if (members)
        *members = membersInOrder(trimmed);
    return TopLevel::Object;
}

// A Go int field takes an integer literal only: no fraction, no exponent.
std::optional<int> goInt(QByteArrayView raw)
{
    const QByteArrayView digits = raw.startsWith('-') ? raw.sliced(1) : raw;
    if (digits.isEmpty() || digits.size() > 10)
        return std::nullopt;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    const qint64 value = QByteArray(raw.data(), raw.size()).toLongLong();
    if (value < -2147483648LL || value > 2147483647LL)
        return std::nullopt;
    return int(value);
}

// One ClientOpts field: its JSON name and where (and as what type) the value goes.
struct Field {
    const char *name;
    bool *flag = nullptr;
    QString *text = nullptr;
    int *number = nullptr;   // none of the three: must be an object (import/export)
};

// Applies one member; null leaves the field alone (Go), a wrong type is an error.
bool apply(const Field &field, const Member &member)
{
    if (member.value.isNull())
        return true;
    if (field.flag) {
        if (!member.value.isBool())
            return false;
        *field.flag = member.value.toBool();
    } else if (field.text) {
        if (!member.value.isString())
            return false;
        *field.text = member.value.toString();
    } else if (field.number) {
        const std::optional<int> value = goInt(member.rawValue);
        if (!value)
            return false;
        *field.number = *value;
    } else if (!member.value.isObject()) {
        return false;
    }
    return true;
}

} // namespace

ConnectParseResult mergeConnectJson(QByteArrayView json, ConnectInfo &info)
{
    ConnectParseResult result;
    QList<Member> members;
    switch (readTopLevel(json, &members)) {
    case TopLevel::Invalid: return result;
    case TopLevel::Null: result.ok = true; return result;
    case TopLevel::Object: break;
    }

    // Fields nats-server decodes but natsws does not keep: read for their types only.
    bool tlsRequired = false, newAccount = false;
    QString nkey, signature, account;
    const Field fields[] = {
        {"echo", &info.echo},
        {"verbose", &info.verbose},
        {"pedantic", &info.pedantic},
        {"tls_required", &tlsRequired},
        {"nkey", nullptr, &nkey},
        {"jwt", nullptr, &info.jwt},
        {"sig", nullptr, &signature},
        {"auth_token", nullptr, &info.authToken},
        {"user", nullptr, &info.user},
        {"pass", nullptr, &info.pass},
        {"name", nullptr, &info.name},
        {"lang", nullptr, &info.lang},
        {"version", nullptr, &info.version},
        {"protocol", nullptr, nullptr, &info.protocol},
        {"account", nullptr, &account},
        {"new_account", &newAccount},
        {"headers", &info.headers},
        {"no_responders", &info.noResponders},
        {"import"},
        {"export"},
    };

    bool ok = true;
    for (const Member &member : std::as_const(members)) {
        for (const Field &field : fields) {
            // Go matches a key to a field ignoring case; unknown keys are skipped.
            if (member.key.compare(QLatin1String(field.name), Qt::CaseInsensitive) == 0) {
                ok &= apply(field, member);
                break;
            }
        }
    }
    result.ok = ok;
    result.namesAccount = newAccount || !account.isEmpty();
    return result;
}

bool isAcceptableClientInfo(QByteArrayView json)
{
    return readTopLevel(json) != TopLevel::Invalid;
}

} // namespace natsws::nats
