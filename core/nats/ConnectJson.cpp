#include "core/nats/ConnectJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <cmath>
#include <optional>

namespace natsws::nats {
namespace {

// Top-level value of the document: an object, null (Go accepts it and changes nothing) or
// nothing usable.
enum class TopLevel { Object, Null, Invalid };

TopLevel readTopLevel(QByteArrayView json, QJsonObject &object)
{
    const QByteArrayView trimmed = json.trimmed();
    if (trimmed == QByteArrayView("null"))
        return TopLevel::Null;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return TopLevel::Invalid;
    object = doc.object();
    return TopLevel::Object;
}

// Go matches a key to a field exactly first, then ignoring case; the last matching key wins.
std::optional<QJsonValue> field(const QJsonObject &object, QLatin1String name)
{
    std::optional<QJsonValue> found;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            found = it.value();
    }
    const auto exact = object.constFind(name);
    if (exact != object.constEnd())
        found = exact.value();
    return found;
}

// Stores `convert`ed value of a present, non-null field; null leaves the target untouched
// (as Go does) and a value of the wrong type is reported.
template <typename T, typename Convert>
bool readField(const QJsonObject &object, QLatin1String name, T &target, Convert convert)
{
    const auto value = field(object, name);
    if (!value || value->isNull())
        return true;
    const std::optional<T> converted = convert(*value);
    if (converted)
        target = *converted;
    return converted.has_value();
}

bool readBool(const QJsonObject &object, QLatin1String name, bool &target)
{
    return readField(object, name, target, [](const QJsonValue &v) {
        return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
    });
}

bool readString(const QJsonObject &object, QLatin1String name, QString &target)
{
    return readField(object, name, target, [](const QJsonValue &v) {
        return v.isString() ? std::optional<QString>(v.toString()) : std::nullopt;
    });
}

// A Go int: a JSON number without a fraction that fits.
bool readInt(const QJsonObject &object, QLatin1String name, int &target)
{
    return readField(object, name, target, [](const QJsonValue &v) -> std::optional<int> {
        const double number = v.toDouble();
        if (!v.isDouble() || std::trunc(number) != number || std::abs(number) > 2147483647.0)
            return std::nullopt;
        return int(number);
    });
}

// import/export: permission objects nats-server decodes for routes; only the type matters here.
bool readObjectOrNull(const QJsonObject &object, QLatin1String name)
{
    bool isObject = true;
    return readField(object, name, isObject, [](const QJsonValue &v) {
        return v.isObject() ? std::optional<bool>(true) : std::nullopt;
    });
}

} // namespace

ConnectParseResult mergeConnectJson(QByteArrayView json, ConnectInfo &info)
{
    ConnectParseResult result;
    QJsonObject object;
    switch (readTopLevel(json, object)) {
    case TopLevel::Invalid: return result;
    case TopLevel::Null: result.ok = true; return result;
    case TopLevel::Object: break;
    }

    // Fields nats-server decodes but natsws does not keep: read for their types only.
    bool tlsRequired = false, newAccount = false;
    QString nkey, signature, account;

    bool ok = true;
    ok &= readBool(object, QLatin1String("echo"), info.echo);
    ok &= readBool(object, QLatin1String("verbose"), info.verbose);
    ok &= readBool(object, QLatin1String("pedantic"), info.pedantic);
    ok &= readBool(object, QLatin1String("tls_required"), tlsRequired);
    ok &= readString(object, QLatin1String("nkey"), nkey);
    ok &= readString(object, QLatin1String("jwt"), info.jwt);
    ok &= readString(object, QLatin1String("sig"), signature);
    ok &= readString(object, QLatin1String("auth_token"), info.authToken);
    ok &= readString(object, QLatin1String("user"), info.user);
    ok &= readString(object, QLatin1String("pass"), info.pass);
    ok &= readString(object, QLatin1String("name"), info.name);
    ok &= readString(object, QLatin1String("lang"), info.lang);
    ok &= readString(object, QLatin1String("version"), info.version);
    ok &= readInt(object, QLatin1String("protocol"), info.protocol);
    ok &= readString(object, QLatin1String("account"), account);
    ok &= readBool(object, QLatin1String("new_account"), newAccount);
    ok &= readBool(object, QLatin1String("headers"), info.headers);
    ok &= readBool(object, QLatin1String("no_responders"), info.noResponders);
    ok &= readObjectOrNull(object, QLatin1String("import"));
    ok &= readObjectOrNull(object, QLatin1String("export"));

    result.ok = ok;
    result.namesAccount = newAccount || !account.isEmpty();
    return result;
}

bool isAcceptableClientInfo(QByteArrayView json)
{
    QJsonObject object;
    return readTopLevel(json, object) != TopLevel::Invalid;
}

} // namespace natsws::nats
