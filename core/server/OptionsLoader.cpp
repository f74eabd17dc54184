// loadConfigFile / validateOptions: gives the tree read by ConfigParser the meaning of
// nats-server's option names (server/opts.go), then checks the rules between options.
#include "core/server/ConfigParser.h"
#include "core/server/Options.h"
#include "core/ws/OriginPolicy.h"

#include <QFileInfo>

#include <functional>
#include <limits>

namespace natsws::server {

QString ConfigIssue::toString() const
{
    if (file.isEmpty() && line == 0)
        return message;
    if (line == 0)
        return QStringLiteral("%1: %2").arg(file, message);
    return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(message);
}

namespace {

ConfigIssue issueAt(const ConfigLocation &where, const QString &message)
{
    return ConfigIssue{where.file, where.line, where.column, message};
}

class IssueSink {
public:
    void error(const ConfigLocation &where, const QString &message) { errors.append(issueAt(where, message)); }
    void warning(const ConfigLocation &where, const QString &message) { warnings.append(issueAt(where, message)); }

    QList<ConfigIssue> errors, warnings;
};

// Secrets never appear in messages (DESIGN: errors and bad input), not even mistyped ones.
bool isSecret(const QString &optionName)
{
    const QString last = optionName.section(QLatin1Char('.'), -1).toLower();
    return last == QLatin1String("password") || last == QLatin1String("pass") || last == QLatin1String("token");
}

QString describe(const ConfigValue &value, const QString &optionName = QString())
{
    if (isSecret(optionName))
        return value.typeName();
    switch (value.type) {
    case ConfigValue::Type::String: return QStringLiteral("string \"%1\"").arg(value.string);
    case ConfigValue::Type::Integer: return QStringLiteral("integer %1").arg(value.integer);
    case ConfigValue::Type::Float: return QStringLiteral("float %1").arg(value.real);
    case ConfigValue::Type::Bool:
        return QStringLiteral("boolean %1").arg(value.boolean ? QLatin1String("true") : QLatin1String("false"));
    default: return value.typeName();
    }
}

struct HostPort {
    QString host;
    int port = 0;
};

// Typed reads of single values; a wrong type is an error naming the option.
class ValueReader {
public:
    explicit ValueReader(IssueSink &sink) : m_sink(sink) {}

    bool expect(const ConfigValue &v, ConfigValue::Type type, const QString &name, const QString &what)
    {
        if (v.type == type)
            return true;
        m_sink.error(v.location, QStringLiteral("%1: expected %2, got %3").arg(name, what, describe(v, name)));
        return false;
    }

    std::optional<QString> string(const ConfigValue &v, const QString &name)
    {
        if (!expect(v, ConfigValue::Type::String, name, QStringLiteral("a string")))
            return std::nullopt;
        return v.string;
    }

    std::optional<bool> boolean(const ConfigValue &v, const QString &name)
    {
        if (!expect(v, ConfigValue::Type::Bool, name, QStringLiteral("a boolean (true/false)")))
            return std::nullopt;
        return v.boolean;
    }

    std::optional<qint64> integer(const ConfigValue &v, const QString &name,
                                  qint64 max = std::numeric_limits<qint64>::max())
    {
        if (!expect(v, ConfigValue::Type::Integer, name, QStringLiteral("an integer")))
            return std::nullopt;
        if (v.integer > max) {
            m_sink.error(v.location, QStringLiteral("%1 value is too big").arg(name));
            return std::nullopt;
        }
        return v.integer;
    }

    std::optional<int> intValue(const ConfigValue &v, const QString &name)
    {
        const auto value = integer(v, name, std::numeric_limits<int>::max());
        if (value && *value < std::numeric_limits<int>::min()) {
            m_sink.error(v.location, QStringLiteral("%1 value is too small").arg(name));
            return std::nullopt;
        }
        return value ? std::optional<int>(int(*value)) : std::nullopt;
    }

    // A string, or an array of strings (allowed_origins, connection types, subjects).
    std::optional<QStringList> stringList(const ConfigValue &v, const QString &name)
    {
        if (v.type == ConfigValue::Type::String)
            return QStringList{v.string};
        if (!expect(v, ConfigValue::Type::Array, name, QStringLiteral("a string or an array of strings")))
            return std::nullopt;
        QStringList list;
        bool ok = true;
        for (const ConfigValue &item : v.children) {
            if (item.type == ConfigValue::Type::String)
                list.append(item.string);
            else {
                m_sink.error(item.location, QStringLiteral("%1: expected strings in the array, got %2")
                                                .arg(name, describe(item)));
                ok = false;
            }
        }
        return ok ? std::optional<QStringList>(list) : std::nullopt;
    }

    // A duration string; an integer means seconds, which nats-server accepts with a warning
    // (ping_interval, write_deadline) or silently (handshake_timeout).
    enum class Seconds { Warn, Silent };
    std::optional<Millis> duration(const ConfigValue &v, const QString &name, Seconds seconds)
    {
        if (v.type == ConfigValue::Type::Integer) {
            if (seconds == Seconds::Warn)
                m_sink.warning(v.location, QStringLiteral("%1 should be converted to a duration (e.g. \"%2s\")")
                                               .arg(name).arg(v.integer));
            return Millis{v.integer * 1000};
        }
        if (!expect(v, ConfigValue::Type::String, name, QStringLiteral("a duration such as \"2s\"")))
            return std::nullopt;
        QString why;
        const auto parsed = parseGoDuration(v.string, &why);
        if (!parsed)
            m_sink.error(v.location, QStringLiteral("error parsing %1: %2").arg(name, why));
        return parsed;
    }

    // Seconds as an integer or a float, or a duration string (auth and TLS timeouts).
    std::optional<Millis> seconds(const ConfigValue &v, const QString &name)
    {
        if (v.type == ConfigValue::Type::Integer)
            return Millis{v.integer * 1000};
        if (v.type == ConfigValue::Type::Float)
            return Millis{qint64(v.real * 1000)};
        if (v.type == ConfigValue::Type::String)
            return duration(v, name, Seconds::Silent);
        m_sink.error(v.location, QStringLiteral("%1: expected a number of seconds, got %2").arg(name, describe(v)));
        return std::nullopt;
    }

    // `listen`: a port number, or "host:port" with an optional [IPv6] host.
    std::optional<HostPort> listen(const ConfigValue &v, const QString &name)
    {
        if (v.type == ConfigValue::Type::Integer)
            return HostPort{QString(), int(v.integer)};
        if (v.type != ConfigValue::Type::String) {
            m_sink.error(v.location, QStringLiteral("%1: expected port or host:port, got %2").arg(name, describe(v)));
            return std::nullopt;
        }
        const QString &text = v.string;
        const int colon = text.lastIndexOf(QLatin1Char(':'));
        QString host = text.left(colon);
        const bool bracketed = host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'));
        if (colon < 0 || (!bracketed && host.contains(QLatin1Char(':')))) {
            m_sink.error(v.location, QStringLiteral("%1: could not parse address string \"%2\"").arg(name, text));
            return std::nullopt;
        }
        if (bracketed)
            host = host.mid(1, host.size() - 2);
        bool ok = false;
        const int port = text.mid(colon + 1).toInt(&ok);
        if (!ok) {
            m_sink.error(v.location, QStringLiteral("%1: could not parse port \"%2\"").arg(name, text.mid(colon + 1)));
            return std::nullopt;
        }
        return HostPort{host, port};
    }

private:
    IssueSink &m_sink;
};

// Dispatches the members of one map to handlers by option name (case-insensitive, aliases
// allowed) and records where each option was written.
class Section {
public:
    using Handler = std::function<void(const ConfigValue &value, const QString &name)>;

    Section(QString path, IssueSink &sink, QHash<QString, ConfigLocation> &locations)
        : m_path(std::move(path)), m_sink(sink), m_locations(locations) {}

    // The first name is the canonical one, used for sourceLocations.
    Section &on(std::initializer_list<const char *> names, Handler handler)
    {
        m_rules.append(Rule{toList(names), std::move(handler), false});
        return *this;
    }
    // nats-server options that natsws does not implement.
    Section &unsupported(std::initializer_list<const char *> names)
    {
        m_rules.append(Rule{toList(names), Handler(), true});
        return *this;
    }

    void apply(const ConfigValue &map) const
    {
        for (const ConfigValue &member : map.children) {
            const QString name = m_path.isEmpty() ? member.key : m_path + QLatin1Char('.') + member.key;
            const Rule *rule = find(member.key);
            if (!rule) {
                // nats-server refuses unknown options; natsws only warns, so that a config
                // written for a newer nats-server (new keys) still starts natsws.
                if (!member.usedAsVariable)
                    m_sink.warning(member.location, QStringLiteral("unknown option \"%1\" ignored").arg(name));
                continue;
            }
            if (rule->unsupported) {
                m_sink.warning(member.location,
                               QStringLiteral("option \"%1\" is not supported by natsws, ignored").arg(name));
                continue;
            }
            const QString canonical = m_path.toLower() + (m_path.isEmpty() ? QString() : QStringLiteral("."))
                + rule->names.first();
            m_locations.insert(canonical, member.location);
            rule->handler(member, name);
        }
    }

private:
    struct Rule {
        QStringList names;
        Handler handler;
        bool unsupported;
    };

    static QStringList toList(std::initializer_list<const char *> names)
    {
        QStringList list;
        for (const char *n : names)
            list.append(QString::fromLatin1(n));
        return list;
    }
    const Rule *find(const QString &key) const
    {
        for (const Rule &rule : m_rules) {
            if (rule.names.contains(key, Qt::CaseInsensitive))
                return &rule;
        }
        return nullptr;
    }

    QString m_path;
    IssueSink &m_sink;
    QHash<QString, ConfigLocation> &m_locations;
    QList<Rule> m_rules;
};

// nats-server's subject syntax for permissions: dot-separated non-empty tokens without
// whitespace, '>' only as the last token. Subscribe permissions may add a queue name.
QString subjectProblem(const QString &subject, bool allowQueue)
{
    const auto valid = [](const QString &s) {
        if (s.isEmpty())
            return false;
        const QStringList tokens = s.split(QLatin1Char('.'));
        for (int i = 0; i < tokens.size(); ++i) {
            const QString &t = tokens.at(i);
            if (t.isEmpty() || (t == QLatin1String(">") && i != tokens.size() - 1))
                return false;
            for (QChar c : t) {
                if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f')
                    return false;
            }
        }
        return true;
    };
    if (valid(subject))
        return QString();
    const QStringList fields = subject.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!allowQueue || fields.size() != 2)
        return QStringLiteral("subject \"%1\" is not a valid subject").arg(subject);
    if (!valid(fields.at(0)))
        return QStringLiteral("subject \"%1\" is not a valid subject").arg(fields.at(0));
    if (!valid(fields.at(1)))
        return QStringLiteral("queue \"%1\" is not a valid queue").arg(fields.at(1));
    return QString();
}

const QStringList &knownConnectionTypes()
{
    static const QStringList kTypes{QStringLiteral("STANDARD"), QStringLiteral("WEBSOCKET"),
                                    QStringLiteral("LEAFNODE"), QStringLiteral("LEAFNODE_WS"),
                                    QStringLiteral("MQTT"), QStringLiteral("MQTT_WS"),
                                    QStringLiteral("IN_PROCESS")};
    return kTypes;
}

// Walks the parsed tree into Options, section by section.
class OptionsBuilder {
public:
    OptionsBuilder(Options &options, IssueSink &sink) : m_o(options), m_sink(sink), m_read(sink) {}

    void load(const ConfigValue &root)
    {
        Section top(QString(), m_sink, m_o.sourceLocations);
        top.on({"port"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.port); })
            .on({"host", "net"}, [this](const ConfigValue &v, const QString &n) { setString(v, n, m_o.host); })
            .on({"listen"}, [this](const ConfigValue &v, const QString &n) { setListen(v, n, QString(), m_o.host, m_o.port); })
            .on({"server_name"}, [this](const ConfigValue &v, const QString &n) { setString(v, n, m_o.serverName); })
            .on({"http_port", "monitor_port"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.httpPort); })
            .on({"http"}, [this](const ConfigValue &v, const QString &n) { setHttp(v, n); })
            .on({"max_payload"}, [this](const ConfigValue &v, const QString &n) {
                if (const auto x = m_read.integer(v, n, std::numeric_limits<qint32>::max()))
                    m_o.maxPayload = *x;
            })
            .on({"max_connections", "max_conn"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.maxConnections); })
            .on({"max_control_line"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.maxControlLine); })
            .on({"max_subscriptions", "max_subs"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.maxSubscriptions); })
            .on({"max_pending"}, [this](const ConfigValue &v, const QString &n) {
                if (const auto x = m_read.integer(v, n))
                    m_o.maxPending = *x;
            })
            .on({"ping_interval"}, [this](const ConfigValue &v, const QString &n) { setDuration(v, n, m_o.pingInterval); })
            .on({"ping_max", "max_pings_out"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.maxPingsOut); })
            .on({"write_deadline"}, [this](const ConfigValue &v, const QString &n) { setDuration(v, n, m_o.writeDeadline); })
            .on({"debug"}, [this](const ConfigValue &v, const QString &n) { setBool(v, n, m_o.debug); })
            .on({"trace"}, [this](const ConfigValue &v, const QString &n) { setBool(v, n, m_o.trace); })
            .on({"trace_verbose", "trace_headers"}, [this](const ConfigValue &v, const QString &n) { setBool(v, n, m_o.trace); })
            .on({"logtime"}, [this](const ConfigValue &v, const QString &n) { setBool(v, n, m_o.logtime); })
            .on({"logfile", "log_file"}, [this](const ConfigValue &v, const QString &n) { setString(v, n, m_o.logFile); })
            .on({"max_closed_clients"}, [this](const ConfigValue &v, const QString &n) { setInt(v, n, m_o.closedHistory); })
            .on({"no_auth_user"}, [this](const ConfigValue &v, const QString &n) { setString(v, n, m_o.authorization.noAuthUser); })
            .on({"authorization"}, [this](const ConfigValue &v, const QString &n) { loadAuthorization(v, n); })
            .on({"tls"}, [this](const ConfigValue &v, const QString &n) { loadTls(v, n, QStringLiteral("tls"), m_o.tls); })
            .on({"websocket", "ws"}, [this](const ConfigValue &v, const QString &n) { loadWebsocket(v, n); })
            .unsupported({"client_advertise", "mappings", "maps", "disable_sublist_cache", "no_sublist_cache",
                          "accounts", "default_sentinel", "https", "https_port", "http_base_path", "cluster",
                          "gateway", "leaf", "leafnodes", "store_dir", "storedir", "jetstream",
                          "logfile_size_limit", "log_size_limit", "logfile_max_num", "log_max_num", "syslog",
                          "remote_syslog", "pidfile", "pid_file", "ports_file_dir", "prof_port",
                          "prof_block_rate", "proxy_protocol", "max_traced_msg_len", "max_sub_tokens",
                          "max_subscription_tokens", "ocsp", "allow_non_tls", "write_timeout",
                          "lame_duck_duration", "lame_duck_grace_period", "operator", "operators", "roots",
                          "root", "root_operators", "root_operator", "resolver", "account_resolver",
                          "accounts_resolver", "resolver_tls", "resolver_preload", "resolver_pinned_accounts",
                          "system_account", "system", "no_system_account", "no_system", "no_sys_acc",
                          "no_header_support", "trusted", "trusted_keys", "connect_error_reports",
                          "reconnect_error_reports", "mqtt", "server_tags", "server_metadata", "feature_flags",
                          "default_js_domain", "ocsp_cache", "no_fast_producer_stall", "proxies", "logtime_utc"});
        top.apply(root);
        if (root.children.isEmpty())
            m_sink.warning(root.location, QStringLiteral("config has no values or is empty"));
        // Without its own timeout the WS override waits as long as the global authorization,
        // whichever of the two blocks comes first in the file.
        if (m_wsAuthTimeoutFollowsGlobal)
            m_o.websocket.authorization.timeout = m_o.authorization.timeout;
    }

private:
    // --- scalar setters: leave the option unchanged when the value has the wrong type ------
    void setInt(const ConfigValue &v, const QString &n, int &target)
    {
        if (const auto x = m_read.intValue(v, n))
            target = *x;
    }
    void setString(const ConfigValue &v, const QString &n, QString &target)
    {
        if (const auto x = m_read.string(v, n))
            target = *x;
    }
    void setBool(const ConfigValue &v, const QString &n, bool &target)
    {
        if (const auto x = m_read.boolean(v, n))
            target = *x;
    }
    void setDuration(const ConfigValue &v, const QString &n, Millis &target)
    {
        if (const auto x = m_read.duration(v, n, ValueReader::Seconds::Warn))
            target = *x;
    }
    // An empty host ("listen: :4222") keeps natsws's loopback default: nats-server would bind
    // every interface, which natsws only does when asked by name.
    void setListen(const ConfigValue &v, const QString &n, const QString &section, QString &host, int &port)
    {
        // Checks of the port or host point at the listen line that set them.
        m_o.sourceLocations.insert(section + QStringLiteral("port"), v.location);
        m_o.sourceLocations.insert(section + QStringLiteral("host"), v.location);
        if (const auto hp = m_read.listen(v, n)) {
            if (!hp->host.isEmpty())
                host = hp->host;
            port = hp->port;
        }
    }
    void setHttp(const ConfigValue &v, const QString &n)
    {
        if (const auto hp = m_read.listen(v, n)) {
            m_o.httpPort = hp->port;
            if (!hp->host.isEmpty() && hp->host != m_o.host)
                m_sink.warning(v.location, QStringLiteral("%1: natsws serves monitoring on the client host; "
                                                          "the host \"%2\" is ignored").arg(n, hp->host));
        }
    }

    // --- authorization ---------------------------------------------------------------------
    void loadAuthorization(const ConfigValue &block, const QString &name)
    {
        if (!m_read.expect(block, ConfigValue::Type::Map, name, QStringLiteral("a map")))
            return;
        AuthorizationOptions &auth = m_o.authorization;
        auth.configured = true;
        std::optional<UserEntry> defaults;
        Section s(QStringLiteral("authorization"), m_sink, m_o.sourceLocations);
        s.on({"user", "username"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.user); })
            .on({"password", "pass"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.password); })
            .on({"token"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.token); })
            .on({"timeout"}, [&](const ConfigValue &v, const QString &n) {
                auth.timeoutGiven = setAuthTimeout(v, n, auth.timeout);
            })
            .on({"users"}, [&](const ConfigValue &v, const QString &n) { loadUsers(v, n); })
            .on({"default_permissions", "default_permission", "permissions"}, [&](const ConfigValue &v, const QString &n) {
                defaults.emplace();
                loadPermissions(v, n, *defaults);
            })
            .unsupported({"auth_callout", "auth_hook", "proxy_required"});
        s.apply(block);
        // As nats-server: users without a permissions map of their own get the defaults
        // (a single user/password or token has no permissions at all).
        if (defaults) {
            for (UserEntry &user : auth.users) {
                if (!user.permissionsGiven)
                    copyPermissions(*defaults, user);
            }
        }
        if ((!auth.user.isEmpty() || !auth.password.isEmpty()) && !auth.token.isEmpty())
            m_sink.error(block.location, QStringLiteral("Cannot have a user/pass and token"));
        if (auth.usersDefined && !auth.user.isEmpty())
            m_sink.error(block.location, QStringLiteral("Can not have a single user/pass and a users array"));
        if (auth.usersDefined && !auth.token.isEmpty())
            m_sink.error(block.location, QStringLiteral("Can not have a token and a users array"));
    }

    bool setAuthTimeout(const ConfigValue &v, const QString &n, Millis &target)
    {
        const auto timeout = m_read.seconds(v, n);
        if (!timeout)
            return false;
        if (*timeout > Millis{60000})
            m_sink.warning(v.location, QStringLiteral("%1: timeout of %2 seconds is high, consider keeping it under "
                                                      "60 seconds (an unquoted 1m means 1,000,000; write '1m')")
                                           .arg(n).arg(double(timeout->count()) / 1000));
        target = *timeout;
        return true;
    }

    void loadUsers(const ConfigValue &list, const QString &name)
    {
        if (!m_read.expect(list, ConfigValue::Type::Array, name, QStringLiteral("an array of users")))
            return;
        AuthorizationOptions &auth = m_o.authorization;
        auth.usersDefined = true;
        for (int i = 0; i < list.children.size(); ++i) {
            const ConfigValue &entry = list.children.at(i);
            const QString entryName = QStringLiteral("%1[%2]").arg(name).arg(i);
            if (!m_read.expect(entry, ConfigValue::Type::Map, entryName, QStringLiteral("a user map")))
                continue;
            if (entry.member(u"nkey")) {
                m_sink.warning(entry.location, QStringLiteral("%1: nkey users are not supported by natsws, ignored")
                                                   .arg(entryName));
                continue;
            }
            UserEntry user;
            Section s(QStringLiteral("authorization.users"), m_sink, m_o.sourceLocations);
            s.on({"user", "username"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, user.user); })
                .on({"password", "pass"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, user.password); })
                .on({"permissions", "permission", "authorization"},
                    [&](const ConfigValue &v, const QString &n) { loadPermissions(v, n, user); })
                .on({"allowed_connection_types", "connection_types", "clients"},
                    [&](const ConfigValue &v, const QString &n) { setConnectionTypes(v, n, user); })
                .unsupported({"proxy_required"});
            s.apply(entry);
            m_o.sourceLocations.insert(QStringLiteral("authorization.users[%1]").arg(i), entry.location);
            if (user.user.isEmpty()) {
                m_sink.error(entry.location, QStringLiteral("User entry requires a user"));
                continue;
            }
            const bool duplicate = std::any_of(auth.users.cbegin(), auth.users.cend(),
                                               [&](const UserEntry &u) { return u.user == user.user; });
            if (duplicate) {
                m_sink.error(entry.location, QStringLiteral("Duplicate user \"%1\" detected").arg(user.user));
                continue;
            }
            auth.users.append(user);
        }
    }

    void setConnectionTypes(const ConfigValue &v, const QString &n, UserEntry &user)
    {
        const auto types = m_read.stringList(v, n);
        if (!types)
            return;
        QStringList unknown;
        for (const QString &type : *types) {
            const QString upper = type.toUpper();
            if (knownConnectionTypes().contains(upper))
                user.allowedConnectionTypes.append(upper);
            else
                unknown.append(upper);
        }
        if (!unknown.isEmpty())
            m_sink.error(v.location, QStringLiteral("%1: invalid connection types [\"%2\"]")
                                         .arg(n, unknown.join(QStringLiteral("\" \""))));
    }

    static void copyPermissions(const UserEntry &from, UserEntry &to)
    {
        to.publishAllow = from.publishAllow;
        to.publishDeny = from.publishDeny;
        to.subscribeAllow = from.subscribeAllow;
        to.subscribeDeny = from.subscribeDeny;
        to.allowResponses = from.allowResponses;
        to.responsesMax = from.responsesMax;
        to.responsesExpires = from.responsesExpires;
        to.permissionsGiven = true;
    }

    void loadPermissions(const ConfigValue &block, const QString &name, UserEntry &user)
    {
        if (!m_read.expect(block, ConfigValue::Type::Map, name, QStringLiteral("a permissions map")))
            return;
        user.permissionsGiven = true;
        Section s(QStringLiteral("authorization.users.permissions"), m_sink, m_o.sourceLocations);
        s.on({"publish", "pub", "import"}, [&](const ConfigValue &v, const QString &n) {
             loadSubjectPermission(v, n, false, user.publishAllow, user.publishDeny);
         })
            .on({"subscribe", "sub", "export"}, [&](const ConfigValue &v, const QString &n) {
                loadSubjectPermission(v, n, true, user.subscribeAllow, user.subscribeDeny);
            })
            .on({"allow_responses", "publish_allow_responses"}, [&](const ConfigValue &v, const QString &n) {
                if (v.type == ConfigValue::Type::Bool) {
                    user.allowResponses = v.boolean;
                } else if (v.type == ConfigValue::Type::Map) {
                    user.allowResponses = loadResponseLimits(v, user);
                } else {
                    m_sink.error(v.location, QStringLiteral("%1: error parsing response permissions, expected a "
                                                            "boolean or a map").arg(n));
                }
            });
        s.apply(block);
    }

    // allow_responses { max, expires }: 0 keeps nats-server's default (1 response within
    // 2 minutes), a negative value lifts that limit. False when the map is refused.
    bool loadResponseLimits(const ConfigValue &block, UserEntry &user)
    {
        bool ok = true;
        Section s(QStringLiteral("authorization.users.permissions.allow_responses"), m_sink, m_o.sourceLocations);
        s.on({"max", "max_msgs", "max_messages", "max_responses"}, [&](const ConfigValue &v, const QString &n) {
             const auto max = m_read.intValue(v, n);
             ok = ok && max.has_value();
             if (max && *max != 0)
                 user.responsesMax = *max;
         })
            .on({"expires", "expiration", "ttl"}, [&](const ConfigValue &v, const QString &n) {
                if (v.type != ConfigValue::Type::String) {
                    m_sink.error(v.location, QStringLiteral("%1: error parsing expires, not a duration string").arg(n));
                    ok = false;
                    return;
                }
                QString why;
                const auto ttl = parseGoDuration(v.string, &why);
                if (!ttl) {
                    m_sink.error(v.location, QStringLiteral("%1: error parsing expires: %2").arg(n, why));
                    ok = false;
                } else if (ttl->count() != 0) {
                    user.responsesExpires = *ttl;
                }
            });
        s.apply(block);
        return ok;
    }

    // "subject", ["a", "b"], or {allow: ..., deny: ...}.
    void loadSubjectPermission(const ConfigValue &v, const QString &n, bool allowQueue,
                               QStringList &allow, QStringList &deny)
    {
        if (v.type != ConfigValue::Type::Map) {
            setSubjects(v, n, allowQueue, allow);
            return;
        }
        Section s(QStringLiteral("authorization.users.permissions.%1")
                      .arg(allowQueue ? QLatin1String("subscribe") : QLatin1String("publish")),
                  m_sink, m_o.sourceLocations);
        s.on({"allow"}, [&](const ConfigValue &x, const QString &xn) { setSubjects(x, xn, allowQueue, allow); })
            .on({"deny"}, [&](const ConfigValue &x, const QString &xn) { setSubjects(x, xn, allowQueue, deny); });
        s.apply(v);
    }

    void setSubjects(const ConfigValue &v, const QString &n, bool allowQueue, QStringList &target)
    {
        const auto subjects = m_read.stringList(v, n);
        if (!subjects)
            return;
        for (const QString &subject : *subjects) {
            const QString problem = subjectProblem(subject, allowQueue);
            if (!problem.isEmpty()) {
                m_sink.error(v.location, QStringLiteral("%1: %2").arg(n, problem));
                return;
            }
        }
        target = *subjects;
    }

    // --- tls -----------------------------------------------------------------------------
    void loadTls(const ConfigValue &block, const QString &name, const QString &path, TlsOptions &tls)
    {
        if (!m_read.expect(block, ConfigValue::Type::Map, name, QStringLiteral("a map")))
            return;
        tls.configured = true;
        Section s(path, m_sink, m_o.sourceLocations);
        s.on({"cert_file"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, tls.certFile); })
            .on({"key_file"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, tls.keyFile); })
            .on({"ca_file"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, tls.caFile); })
            .on({"verify"}, [&](const ConfigValue &v, const QString &n) { setBool(v, n, tls.verify); })
            .on({"timeout"}, [&](const ConfigValue &v, const QString &n) {
                if (const auto t = m_read.seconds(v, n))
                    tls.timeout = *t;
            })
            .on({"min_version"}, [&](const ConfigValue &v, const QString &n) { setTlsVersion(v, n, tls.minVersion); })
            .unsupported({"insecure", "verify_and_map", "verify_cert_and_check_known_urls",
                          "allow_insecure_cipher_suites", "cipher_suites", "curve_preferences",
                          "connection_rate_limit", "pinned_certs", "cert_store", "cert_match_by", "cert_match",
                          "ca_certs_match", "handshake_first", "first", "immediate", "cert_match_skip_invalid",
                          "ocsp_peer", "certs", "certificates"});
        s.apply(block);
    }

    void setTlsVersion(const ConfigValue &v, const QString &n, QString &target)
    {
        // nats-server wants a string; an unquoted 1.2 is a float there (an error), accepted here.
        const QString text = v.type == ConfigValue::Type::Float ? QString::number(v.real)
                                                                 : m_read.string(v, n).value_or(QString());
        if (v.type != ConfigValue::Type::Float && v.type != ConfigValue::Type::String)
            return;
        if (text == QLatin1String("1.2") || text == QLatin1String("1.3"))
            target = text;
        else if (text == QLatin1String("1.0") || text == QLatin1String("1.1"))
            m_sink.error(v.location, QStringLiteral("%1: unsupported TLS version: TLS %2").arg(n, text));
        else
            m_sink.error(v.location, QStringLiteral("%1: unknown version: %2").arg(n, text));
    }

    // --- websocket (spec §1.1) -------------------------------------------------------------
    void loadWebsocket(const ConfigValue &block, const QString &name)
    {
        if (block.type != ConfigValue::Type::Map) {
            m_sink.error(block.location, QStringLiteral("Expected websocket to be a map, got %1").arg(block.typeName()));
            return;
        }
        WebsocketOptions &ws = m_o.websocket;
        // A block means nats-server semantics: TLS unless no_tls, no compression unless asked,
        // no listener without a port. Only the host keeps natsws's loopback default.
        ws.configured = true;
        ws.noTls = false;
        ws.compression = false;
        ws.port = 0;
        bool authTimeoutSet = false;
        Section s(QStringLiteral("websocket"), m_sink, m_o.sourceLocations);
        s.on({"port"}, [&](const ConfigValue &v, const QString &n) { setInt(v, n, ws.port); })
            .on({"host", "net"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.host); })
            .on({"listen"}, [&](const ConfigValue &v, const QString &n) { setListen(v, n, QStringLiteral("websocket."), ws.host, ws.port); })
            .on({"advertise"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.advertise); })
            .on({"no_tls"}, [&](const ConfigValue &v, const QString &n) { setBool(v, n, ws.noTls); })
            .on({"tls"}, [&](const ConfigValue &v, const QString &n) { loadTls(v, n, QStringLiteral("websocket.tls"), ws.tls); })
            .on({"same_origin"}, [&](const ConfigValue &v, const QString &n) { setBool(v, n, ws.sameOrigin); })
            .on({"allowed_origins", "allowed_origin", "allow_origins", "allow_origin", "origins", "origin"},
                [&](const ConfigValue &v, const QString &n) { setOrigins(v, n); })
            .on({"handshake_timeout"}, [&](const ConfigValue &v, const QString &n) {
                if (const auto t = m_read.duration(v, n, ValueReader::Seconds::Silent))
                    ws.handshakeTimeout = *t;
            })
            .on({"compression", "compress"}, [&](const ConfigValue &v, const QString &n) { setBool(v, n, ws.compression); })
            .on({"authorization", "authentication"}, [&](const ConfigValue &v, const QString &n) {
                authTimeoutSet = loadWebsocketAuth(v, n) || authTimeoutSet;
            })
            .on({"jwt_cookie"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.jwtCookie); })
            .on({"user_cookie"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.userCookie); })
            .on({"pass_cookie"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.passCookie); })
            .on({"token_cookie"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.tokenCookie); })
            .on({"no_auth_user"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, ws.noAuthUser); })
            .on({"headers"}, [&](const ConfigValue &v, const QString &n) { setHeaders(v, n); })
            .on({"ping_interval"}, [&](const ConfigValue &v, const QString &n) { setDuration(v, n, ws.pingInterval); });
        s.apply(block);
        if (!authTimeoutSet)
            m_wsAuthTimeoutFollowsGlobal = true;
        if (!block.member(u"port") && !block.member(u"listen"))
            m_sink.warning(block.location, QStringLiteral("%1 block has no port or listen: the WebSocket listener is "
                                                          "disabled (as in nats-server)").arg(name));
    }

    void setOrigins(const ConfigValue &v, const QString &n)
    {
        const auto origins = m_read.stringList(v, n);
        if (!origins)
            return;
        m_o.websocket.allowedOrigins = *origins;
        for (int i = 0; i < v.children.size(); ++i)
            m_o.sourceLocations.insert(QStringLiteral("websocket.allowed_origins[%1]").arg(i), v.children.at(i).location);
    }

    // user/username, pass/password, token, timeout; returns whether a timeout was given.
    bool loadWebsocketAuth(const ConfigValue &block, const QString &name)
    {
        if (!m_read.expect(block, ConfigValue::Type::Map, name, QStringLiteral("a map")))
            return false;
        AuthorizationOptions &auth = m_o.websocket.authorization;
        auth.configured = true;
        bool timeoutSet = false;
        Section s(QStringLiteral("websocket.authorization"), m_sink, m_o.sourceLocations);
        s.on({"user", "username"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.user); })
            .on({"password", "pass"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.password); })
            .on({"token"}, [&](const ConfigValue &v, const QString &n) { setString(v, n, auth.token); })
            .on({"timeout"}, [&](const ConfigValue &v, const QString &n) {
                if (const auto t = m_read.seconds(v, n)) {
                    auth.timeout = *t;
                    auth.timeoutGiven = timeoutSet = true;
                }
            })
            // An error, not the usual unknown-key warning: nats-server refuses it too, and
            // ignoring it would leave WebSocket clients without the authentication asked for.
            .on({"users"}, [&](const ConfigValue &v, const QString &n) {
                m_sink.error(v.location, QStringLiteral("%1 is not accepted here (as in nats-server): define users in the "
                                                        "top-level authorization block, with allowed_connection_types: "
                                                        "[\"WEBSOCKET\"] to limit them to WebSocket").arg(n));
            });
        s.apply(block);
        return timeoutSet;
    }

    void setHeaders(const ConfigValue &v, const QString &n)
    {
        if (!m_read.expect(v, ConfigValue::Type::Map, n, QStringLiteral("a map of header names to strings")))
            return;
        m_o.websocket.headers.clear();
        for (const ConfigValue &header : v.children) {
            if (header.type != ConfigValue::Type::String) {
                m_sink.error(header.location, QStringLiteral("%1: error parsing header key %2: expected a string, got %3")
                                                  .arg(n, header.key, describe(header)));
                continue;
            }
            m_o.websocket.headers.append({header.key.toUtf8(), header.string.toUtf8()});
            m_o.sourceLocations.insert(QStringLiteral("websocket.headers.") + header.key.toLower(), header.location);
        }
    }

    Options &m_o;
    IssueSink &m_sink;
    ValueReader m_read;
    bool m_wsAuthTimeoutFollowsGlobal = false;
};

// --- validation --------------------------------------------------------------------------

class Validator {
public:
    explicit Validator(const Options &o) : m_o(o) {}

    QList<ConfigIssue> run()
    {
        checkPort(m_o.port, QStringLiteral("port"), true);
        checkPort(m_o.httpPort, QStringLiteral("http_port"), true);
        checkPort(m_o.websocket.port, QStringLiteral("websocket.port"), true);
        checkPositive(m_o.maxPayload, QStringLiteral("max_payload"));
        checkPositive(m_o.maxControlLine, QStringLiteral("max_control_line"));
        checkPositive(m_o.maxPending, QStringLiteral("max_pending"));
        checkPositive(m_o.pingInterval.count(), QStringLiteral("ping_interval"));
        checkPositive(m_o.maxPingsOut, QStringLiteral("ping_max"));
        if (m_o.maxConnections < 0)
            add(QStringLiteral("max_connections"), QStringLiteral("max_connections can not be negative"));
        if (m_o.maxSubscriptions < 0)
            add(QStringLiteral("max_subscriptions"), QStringLiteral("max_subscriptions can not be negative"));
        if (m_o.threads < 0 || m_o.threads > 1024)
            add(QString(), QStringLiteral("threads must be between 0 (one per core) and 1024, got %1").arg(m_o.threads));
        if (m_o.maxPayload > m_o.maxPending)
            add(QStringLiteral("max_payload"), QStringLiteral("max_payload (%1) cannot be higher than max_pending (%2)")
                                                   .arg(m_o.maxPayload).arg(m_o.maxPending));
        if (m_o.serverName.contains(QLatin1Char(' ')))
            add(QStringLiteral("server_name"), QStringLiteral("server name cannot contain spaces"));
        checkTls(m_o.tls, QStringLiteral("tls"));
        if (const QString problem = noAuthUserProblem(m_o.authorization.noAuthUser); !problem.isEmpty())
            add(QStringLiteral("no_auth_user"), problem);
        checkWebsocket();
        return m_issues;
    }

private:
    ConfigLocation where(const QString &path) const { return m_o.sourceLocations.value(path); }
    void add(const QString &path, const QString &message) { m_issues.append(issueAt(where(path), message)); }
    // Several items share an option (origins, headers): point at the item, else at the option.
    void addItem(const QString &itemPath, const QString &optionPath, const QString &message)
    {
        add(m_o.sourceLocations.contains(itemPath) ? itemPath : optionPath, message);
    }

    void checkPort(int port, const QString &name, bool randomAllowed)
    {
        if (port > 65535 || port < (randomAllowed ? -1 : 0))
            add(name, QStringLiteral("%1 %2 is out of range (0-65535, or -1 for a random port)").arg(name).arg(port));
    }
    void checkPositive(qint64 value, const QString &name)
    {
        if (value <= 0)
            add(name, QStringLiteral("%1 must be greater than 0, got %2").arg(name).arg(value));
    }

    void checkTls(const TlsOptions &tls, const QString &path)
    {
        if (!tls.configured)
            return;
        if (tls.certFile.isEmpty() || tls.keyFile.isEmpty()) {
            add(path, QStringLiteral("%1: cert_file and key_file are required").arg(path));
            return;
        }
        for (const auto &[key, file] : {std::pair{QStringLiteral("cert_file"), tls.certFile},
                                        std::pair{QStringLiteral("key_file"), tls.keyFile},
                                        std::pair{QStringLiteral("ca_file"), tls.caFile}}) {
            if (!file.isEmpty() && !QFileInfo(file).isReadable())
                add(path + QLatin1Char('.') + key, QStringLiteral("%1.%2: cannot read \"%3\"").arg(path, key, file));
        }
    }

    // auth.go's validateNoAuthUser; natsws never has trusted operators.
    QString noAuthUserProblem(const QString &user) const
    {
        if (user.isEmpty())
            return QString();
        const AuthorizationOptions &auth = m_o.authorization;
        if (!auth.usersDefined && auth.users.isEmpty())
            return QStringLiteral("no_auth_user: \"%1\" present, but users/nkeys are not defined").arg(user);
        for (const UserEntry &u : auth.users) {
            if (u.user == user)
                return QString();
        }
        return QStringLiteral("no_auth_user: \"%1\" not present as user or nkey in authorization block or "
                              "account configuration").arg(user);
    }

    // Spec §1.2 in its order; like nats-server, only the first failure is reported.
    void checkWebsocket()
    {
        const WebsocketOptions &ws = m_o.websocket;
        if (ws.port == 0)
            return;
        const int before = m_issues.size();
        const auto failed = [&] { return m_issues.size() > before; };
        if (!ws.tls.configured && !ws.noTls)
            return add(QStringLiteral("websocket"), QStringLiteral("websocket requires TLS configuration"));
        for (int i = 0; i < ws.allowedOrigins.size(); ++i) {
            const QString problem = ws::OriginPolicy::validateAllowedOrigin(ws.allowedOrigins.at(i));
            if (!problem.isEmpty())
                return addItem(QStringLiteral("websocket.allowed_origins[%1]").arg(i),
                               QStringLiteral("websocket.allowed_origins"), problem);
        }
        if (const QString problem = noAuthUserProblem(ws.noAuthUser); !problem.isEmpty())
            return add(QStringLiteral("websocket.no_auth_user"), problem);
        if (!m_o.authorization.users.isEmpty()) {
            if (!ws.authorization.user.isEmpty())
                return add(QStringLiteral("websocket.authorization.user"),
                           QStringLiteral("websocket authentication username not compatible with presence of users/nkeys"));
            if (!ws.authorization.token.isEmpty())
                return add(QStringLiteral("websocket.authorization.token"),
                           QStringLiteral("websocket authentication token not compatible with presence of users/nkeys"));
        }
        if (!ws.jwtCookie.isEmpty())
            return add(QStringLiteral("websocket.jwt_cookie"),
                       QStringLiteral("trusted operators or trusted keys configuration is required for JWT "
                                      "authentication via cookie \"%1\"").arg(ws.jwtCookie));
        checkHeaders();
        if (!failed())
            checkTls(ws.tls, QStringLiteral("websocket.tls"));
    }

    void checkHeaders()
    {
        static const QStringList kReserved{QStringLiteral("host"), QStringLiteral("content-length"),
                                           QStringLiteral("connection"), QStringLiteral("upgrade"),
                                           QStringLiteral("nats-no-masking")};
        for (const auto &[rawName, value] : m_o.websocket.headers) {
            Q_UNUSED(value);
            const QString name = QString::fromUtf8(rawName);
            const QString lower = name.toLower();
            const QString path = QStringLiteral("websocket.headers.") + lower;
            if (kReserved.contains(lower))
                return addItem(path, QStringLiteral("websocket.headers"),
                               QStringLiteral("websocket: invalid header \"%1\" not allowed").arg(name));
            if (lower.startsWith(QLatin1String("sec-websocket-")))
                return addItem(path, QStringLiteral("websocket.headers"),
                               QStringLiteral("websocket: invalid header \"%1\", \"Sec-WebSocket-\" prefix not allowed")
                                   .arg(name));
        }
    }

    const Options &m_o;
    QList<ConfigIssue> m_issues;
};

} // namespace

LoadResult loadConfigFile(const QString &path, Options base)
{
    LoadResult result;
    const ConfigDocument document = ConfigParser().parseFile(path);
    if (!document.ok()) {
        result.errors.append(*document.error);
        return result;
    }
    IssueSink sink;
    Options options = std::move(base);
    options.configFile = path;
    OptionsBuilder builder(options, sink);
    builder.load(document.root);
    result.errors = sink.errors;
    result.warnings = sink.warnings;
    if (result.errors.isEmpty())
        result.options = std::move(options);
    return result;
}

QList<ConfigIssue> validateOptions(const Options &options)
{
    return Validator(options).run();
}

} // namespace natsws::server
