#include "core/server/MonitorHttpServer.h"

#include "core/nats/Broker.h"
#include "core/server/Server.h"
#include "core/ws/GoUrl.h"
#include "core/ws/Handshake.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <functional>
#include <utility>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

namespace natsws::server {

namespace monitorhttp {

namespace {
constexpr qint64 kNanosPerSecond = 1000000000;
constexpr qint64 kNanosPerMilli = 1000000;

QJsonValue integer(qint64 value) { return QJsonValue(value); }
QJsonValue nanosOf(Millis duration) { return integer(qint64(duration.count()) * kNanosPerMilli); }
double secondsOf(Millis duration) { return double(duration.count()) / 1000.0; }

QJsonArray stringArray(const QStringList &values)
{
    QJsonArray array;
    for (const QString &value : values)
        array.append(value);
    return array;
}

// --- strconv, as nats-server's decoders call it --------------------------------------------

QString syntaxOrRange(const char *function, const QString &text, bool range)
{
    return QStringLiteral("strconv.%1: parsing %2: %3")
        .arg(QLatin1String(function), QString::fromUtf8(ws::gourl::quote(text.toUtf8())),
             range ? QStringLiteral("value out of range") : QStringLiteral("invalid syntax"));
}

// strconv.Atoi on 64 bits: optional sign, then decimal digits.
std::optional<qint64> goAtoi(const QString &text, QString *error)
{
    QStringView digits = text;
    const bool negative = digits.startsWith(QLatin1Char('-'));
    if (negative || digits.startsWith(QLatin1Char('+')))
        digits = digits.sliced(1);
    bool syntax = !digits.isEmpty();
    for (QChar c : digits)
        syntax = syntax && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!syntax) {
        *error = syntaxOrRange("Atoi", text, false);
        return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok, 10);
    if (!ok) {
        *error = syntaxOrRange("Atoi", text, true);
        return std::nullopt;
    }
    return value;
}

// strconv.ParseUint(s, 10, 64): decimal digits only.
std::optional<quint64> goParseUint(const QString &text, QString *error)
{
    bool syntax = !text.isEmpty();
    for (QChar c : text)
        syntax = syntax && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    bool ok = false;
    const quint64 value = syntax ? text.toULongLong(&ok, 10) : 0;
    if (!ok) {
        *error = syntaxOrRange("ParseUint", text, syntax);
        return std::nullopt;
    }
    return value;
}

std::optional<bool> goParseBool(const QString &text, QString *error)
{
    static const QStringList yes = {QStringLiteral("1"), QStringLiteral("t"), QStringLiteral("T"),
                                    QStringLiteral("TRUE"), QStringLiteral("true"), QStringLiteral("True")};
    static const QStringList no = {QStringLiteral("0"), QStringLiteral("f"), QStringLiteral("F"),
                                   QStringLiteral("FALSE"), QStringLiteral("false"), QStringLiteral("False")};
    if (yes.contains(text))
        return true;
    if (no.contains(text))
        return false;
    *error = syntaxOrRange("ParseBool", text, false);
    return std::nullopt;
}

// nats-server's decodeBool/decodeInt/decodeUint64: an absent or empty parameter is zero.
template <typename T, typename Parse>
bool decodeParameter(const QueryValues &query, const char *name, const char *type, Parse parse, T *out,
                     QString *error)
{
    const QString text = firstValue(query, QString::fromLatin1(name));
    if (text.isEmpty())
        return true;
    QString why;
    const auto value = parse(text, &why);
    if (!value) {
        *error = QStringLiteral("Error decoding %1 for '%2': %3").arg(QLatin1String(type), QLatin1String(name), why);
        return false;
    }
    *out = T(*value);
    return true;
}

// --- QueryUnescape ----------------------------------------------------------------------------

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<QString> queryUnescape(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int high = hexValue(text[i + 1]), low = hexValue(text[i + 2]);
            if (high < 0 || low < 0)
                return std::nullopt;
            out += char(high * 16 + low);
            i += 2;
        } else {
            out += c;
        }
    }
    return QString::fromUtf8(out);
}

// --- /connz rows ------------------------------------------------------------------------------

struct SortName {
    const char *name;
    ConnSort sort;
};
constexpr SortName kSortNames[] = {
    {"cid", ConnSort::Cid},         {"start", ConnSort::Start},        {"subs", ConnSort::Subs},
    {"pending", ConnSort::Pending}, {"msgs_to", ConnSort::MsgsTo},     {"msgs_from", ConnSort::MsgsFrom},
    {"bytes_to", ConnSort::BytesTo}, {"bytes_from", ConnSort::BytesFrom}, {"last", ConnSort::Last},
    {"idle", ConnSort::Idle},       {"uptime", ConnSort::Uptime},      {"stop", ConnSort::Stop},
    {"reason", ConnSort::Reason},
};

// One connection of the answer, open (closed == nullptr) or from the closed history.
struct ConnRow {
    const monitor::ConnectionSnapshot *connection;
    const monitor::ClosedConnection *closed;

    qint64 endNanos(qint64 now) const { return closed ? unixNanos(closed->closedAt) : now; }
    qint64 uptime(qint64 now) const { return endNanos(now) - unixNanos(connection->started); }
    qint64 idle(qint64 now) const { return endNanos(now) - unixNanos(connection->lastActivity); }
    int subscriptionCount() const
    {
        return std::max(connection->subscriptionCount, int(connection->subscriptions.size()));
    }
};

// The number a sort compares (nats-server: cid, start and uptime ascending, reason
// alphabetically, every other key largest first; idle is time since the last activity).
qint64 sortKey(const ConnRow &row, ConnSort sort, qint64 now)
{
    const monitor::TrafficCounters &t = row.connection->traffic;
    switch (sort) {
    case ConnSort::Cid:
    case ConnSort::Start: return qint64(row.connection->id);
    case ConnSort::Subs: return row.subscriptionCount();
    case ConnSort::Pending: return row.connection->pendingBytes;
    case ConnSort::MsgsTo: return t.msgsOut;
    case ConnSort::MsgsFrom: return t.msgsIn;
    case ConnSort::BytesTo: return t.bytesOut;
    case ConnSort::BytesFrom: return t.bytesIn;
    case ConnSort::Last: return unixNanos(row.connection->lastActivity);
    case ConnSort::Idle: return row.idle(now);
    case ConnSort::Uptime: return row.uptime(now);
    case ConnSort::Stop: return row.endNanos(now);
    case ConnSort::Reason: return 0;
    }
    return 0;
}

bool ascending(ConnSort sort)
{
    return sort == ConnSort::Cid || sort == ConnSort::Start || sort == ConnSort::Uptime;
}

void sortRows(QList<ConnRow> &rows, ConnSort sort, qint64 now)
{
    // Rows come in cid order; a stable sort keeps it among equal keys.
    if (sort == ConnSort::Reason) {
        std::stable_sort(rows.begin(), rows.end(), [](const ConnRow &a, const ConnRow &b) {
            return a.closed->reason < b.closed->reason;
        });
        return;
    }
    const bool up = ascending(sort);
    std::stable_sort(rows.begin(), rows.end(), [&](const ConnRow &a, const ConnRow &b) {
        const qint64 ka = sortKey(a, sort, now), kb = sortKey(b, sort, now);
        return up ? ka < kb : kb < ka;
    });
}

QString connectionType(monitor::ConnectionKind kind)
{
    switch (kind) {
    case monitor::ConnectionKind::Tcp: return QStringLiteral("nats");
    case monitor::ConnectionKind::WebSocket: return QStringLiteral("websocket");
    case monitor::ConnectionKind::Mqtt: return QStringLiteral("mqtt");
    case monitor::ConnectionKind::Leaf: return QString();
    }
    return QString();
}

void insertIfNotEmpty(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

// Subjects only, as nats-server lists them (the snapshot writes a queue sub as "subject queue").
QStringList subjectsOf(const QStringList &subscriptions)
{
    QStringList subjects;
    subjects.reserve(subscriptions.size());
    for (const QString &subscription : subscriptions)
        subjects.append(subscription.section(QLatin1Char(' '), 0, 0));
    return subjects;
}

QJsonObject connInfo(const ConnRow &row, const ConnzRequest &request, qint64 now)
{
    const monitor::ConnectionSnapshot &c = *row.connection;
    const monitor::TrafficCounters &t = c.traffic;
    QJsonObject info;
    info.insert(QStringLiteral("cid"), integer(qint64(c.id)));
    info.insert(QStringLiteral("kind"),
                c.kind == monitor::ConnectionKind::Leaf ? QStringLiteral("Leafnode") : QStringLiteral("Client"));
    insertIfNotEmpty(info, QStringLiteral("type"), connectionType(c.kind));
    info.insert(QStringLiteral("ip"), c.remoteIp);
    info.insert(QStringLiteral("port"), c.remotePort);
    info.insert(QStringLiteral("start"), rfc3339Nano(c.started));
    info.insert(QStringLiteral("last_activity"), rfc3339Nano(c.lastActivity));
    if (row.closed) {
        info.insert(QStringLiteral("stop"), rfc3339Nano(row.closed->closedAt));
        insertIfNotEmpty(info, QStringLiteral("reason"), row.closed->reason);
    }
    info.insert(QStringLiteral("uptime"), uptimeText(row.uptime(now)));
    info.insert(QStringLiteral("idle"), uptimeText(row.idle(now)));
    info.insert(QStringLiteral("pending_bytes"), integer(c.pendingBytes));
    info.insert(QStringLiteral("in_msgs"), integer(t.msgsIn));
    info.insert(QStringLiteral("out_msgs"), integer(t.msgsOut));
    info.insert(QStringLiteral("in_bytes"), integer(t.bytesIn));
    info.insert(QStringLiteral("out_bytes"), integer(t.bytesOut));
    info.insert(QStringLiteral("subscriptions"), row.subscriptionCount());
    insertIfNotEmpty(info, QStringLiteral("name"), c.clientName);
    insertIfNotEmpty(info, QStringLiteral("lang"), c.lang);
    insertIfNotEmpty(info, QStringLiteral("version"), c.version);
    // The user name only: natsws never shows a token here (nats-server would show it raw).
    if (request.auth)
        insertIfNotEmpty(info, QStringLiteral("authorized_user"), c.user);
    if (request.subs && !c.subscriptions.isEmpty())
        info.insert(QStringLiteral("subscriptions_list"), stringArray(subjectsOf(c.subscriptions)));
    return info;
}

QList<ConnRow> selectRows(const ConnzInput &input, const ConnzRequest &request)
{
    QList<ConnRow> rows;
    const bool wantOpen = request.state != ConnState::Closed;
    const bool wantClosed = request.state != ConnState::Open;
    auto wanted = [&](const monitor::ConnectionSnapshot &c) { return request.cid == 0 || c.id == request.cid; };
    if (wantOpen) {
        for (const auto &connection : input.open)
            if (wanted(connection))
                rows.append({&connection, nullptr});
    }
    if (wantClosed) {
        for (const auto &closed : input.closed)
            if (wanted(closed.connection))
                rows.append({&closed.connection, &closed});
    }
    return rows;
}

// --- /varz ------------------------------------------------------------------------------------

// nats-server's WebsocketOptsVarz: every field is omitted when empty; {} when WebSocket is off.
QJsonObject websocketVarz(const VarzInput &input)
{
    const WebsocketOptions &w = input.options.websocket;
    QJsonObject ws;
    if (w.port == 0)
        return ws;
    insertIfNotEmpty(ws, QStringLiteral("host"), w.host);
    if (input.wsPort != 0)
        ws.insert(QStringLiteral("port"), int(input.wsPort));
    insertIfNotEmpty(ws, QStringLiteral("advertise"), w.advertise);
    insertIfNotEmpty(ws, QStringLiteral("no_auth_user"), w.noAuthUser);
    insertIfNotEmpty(ws, QStringLiteral("jwt_cookie"), w.jwtCookie);
    if (w.handshakeTimeout.count() > 0)
        ws.insert(QStringLiteral("handshake_timeout"), nanosOf(w.handshakeTimeout));
    if (w.authorization.configured && w.authorization.timeout.count() > 0)
        ws.insert(QStringLiteral("auth_timeout"), secondsOf(w.authorization.timeout));
    if (w.noTls)
        ws.insert(QStringLiteral("no_tls"), true);
    if (w.sameOrigin)
        ws.insert(QStringLiteral("same_origin"), true);
    if (!w.allowedOrigins.isEmpty())
        ws.insert(QStringLiteral("allowed_origins"), stringArray(w.allowedOrigins));
    if (w.compression)
        ws.insert(QStringLiteral("compression"), true);
    return ws;
}

QByteArray httpDate(const QDateTime &nowUtc)
{
    return QLocale::c().toString(nowUtc.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

QByteArray statusText(int status)
{
    return status == 200 ? QByteArrayLiteral("OK") : ws::httpStatusText(status);
}

} // namespace

qint64 nowUnixNanos()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

qint64 unixNanos(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() * kNanosPerMilli : 0;
}

QString uptimeText(qint64 nanos)
{
    const qint64 seconds = nanos / kNanosPerSecond;
    const qint64 minutes = seconds / 60, hours = minutes / 60, days = hours / 24, years = days / 365;
    if (years > 0)
        return QStringLiteral("%1y%2d%3h%4m%5s").arg(years).arg(days % 365).arg(hours % 24).arg(minutes % 60).arg(seconds % 60);
    if (days > 0)
        return QStringLiteral("%1d%2h%3m%4s").arg(days).arg(hours % 24).arg(minutes % 60).arg(seconds % 60);
    if (hours > 0)
        return QStringLiteral("%1h%2m%3s").arg(hours).arg(minutes % 60).arg(seconds % 60);
    if (minutes > 0)
        return QStringLiteral("%1m%2s").arg(minutes).arg(seconds % 60);
    return QStringLiteral("%1s").arg(seconds);
}

QString rfc3339Nano(qint64 unixNanos)
{
    qint64 seconds = unixNanos / kNanosPerSecond;
    qint64 fraction = unixNanos % kNanosPerSecond;
    if (fraction < 0) {
        fraction += kNanosPerSecond;
        --seconds;
    }
    QString text = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss"));
    if (fraction != 0) {
        QString digits = QStringLiteral("%1").arg(fraction, 9, 10, QLatin1Char('0'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        text += QLatin1Char('.') + digits;
    }
    return text + QLatin1Char('Z');
}

QString rfc3339Nano(const QDateTime &time)
{
    return time.isValid() ? rfc3339Nano(unixNanos(time)) : QStringLiteral("0001-01-01T00:00:00Z");
}

QueryValues parseQuery(QByteArrayView rawQuery)
{
    QueryValues values;
    for (QByteArrayView pair : ws::gourl::split(rawQuery, '&')) {
        if (pair.isEmpty() || pair.contains(';'))
            continue;
        const qsizetype equals = pair.indexOf('=');
        const auto key = queryUnescape(equals < 0 ? pair : pair.first(equals));
        const auto value = queryUnescape(equals < 0 ? QByteArrayView() : pair.sliced(equals + 1));
        if (key && value)
            values.append({*key, *value});
    }
    return values;
}

QString firstValue(const QueryValues &values, QStringView key)
{
    for (const auto &[name, value] : values) {
        if (name == key)
            return value;
    }
    return QString();
}

std::optional<ConnzRequest> parseConnzRequest(const QueryValues &query, QString *error)
{
    ConnzRequest request;
    const QString sortText = firstValue(query, u"sort");
    if (!decodeParameter(query, "auth", "boolean", goParseBool, &request.auth, error))
        return std::nullopt;
    if (firstValue(query, u"subs").toLower() == QLatin1String("detail"))
        request.subs = true;   // natsws keeps no per-subscription details: the plain list
    else if (!decodeParameter(query, "subs", "boolean", goParseBool, &request.subs, error))
        return std::nullopt;
    if (!decodeParameter(query, "offset", "int", goAtoi, &request.offset, error)
        || !decodeParameter(query, "limit", "int", goAtoi, &request.limit, error)
        || !decodeParameter(query, "cid", "uint64", goParseUint, &request.cid, error))
        return std::nullopt;

    const QString state = firstValue(query, u"state").toLower();
    if (state == QLatin1String("closed")) {
        request.state = ConnState::Closed;
    } else if (state == QLatin1String("any") || state == QLatin1String("all")) {
        request.state = ConnState::All;
    } else if (!state.isEmpty() && state != QLatin1String("open")) {
        *error = QStringLiteral("Error decoding state for %1").arg(firstValue(query, u"state"));
        return std::nullopt;
    }

    if (!sortText.isEmpty()) {
        const auto found = std::find_if(std::begin(kSortNames), std::end(kSortNames),
                                        [&](const SortName &s) { return sortText == QLatin1String(s.name); });
        if (found == std::end(kSortNames)) {
            *error = QStringLiteral("invalid sorting option: %1").arg(sortText);
            return std::nullopt;
        }
        request.sort = found->sort;
    }
    if ((request.sort == ConnSort::Stop || request.sort == ConnSort::Reason) && request.state != ConnState::Closed) {
        *error = QStringLiteral("sort by %1 only valid on closed connections").arg(sortText);
        return std::nullopt;
    }
    request.offset = std::max<qint64>(request.offset, 0);
    if (request.limit <= 0)
        request.limit = kDefaultConnzLimit;
    if (request.cid > 0)
        request.limit = 1;
    return request;
}

QJsonObject connzJson(const ConnzInput &input, const ConnzRequest &request)
{
    qint64 total = 0;
    if (request.state != ConnState::Closed)
        total += input.open.size();
    if (request.state != ConnState::Open)
        total += input.closed.size();

    QList<ConnRow> rows = selectRows(input, request);
    sortRows(rows, request.sort, input.nowNanos);
    const qint64 size = rows.size();
    const qint64 first = std::min(request.offset, size);
    const qint64 last = request.limit > size - first ? size : first + request.limit;
    QJsonArray connections;
    for (qint64 i = first; i < last; ++i)
        connections.append(connInfo(rows.at(i), request, input.nowNanos));

    QJsonObject connz;
    connz.insert(QStringLiteral("server_id"), input.serverId);
    connz.insert(QStringLiteral("now"), rfc3339Nano(input.nowNanos));
    connz.insert(QStringLiteral("num_connections"), integer(last - first));
    connz.insert(QStringLiteral("total"), integer(total));
    connz.insert(QStringLiteral("offset"), integer(request.offset));
    connz.insert(QStringLiteral("limit"), integer(request.limit));
    connz.insert(QStringLiteral("connections"), connections);
    return connz;
}

QJsonObject varzJson(const VarzInput &input)
{
    const Options &o = input.options;
    const monitor::Totals &totals = input.totals;
    QJsonObject varz;
    varz.insert(QStringLiteral("server_id"), input.serverId);
    varz.insert(QStringLiteral("server_name"), input.serverName);
    varz.insert(QStringLiteral("version"), QStringLiteral(NATSWS_VERSION));
    varz.insert(QStringLiteral("proto"), 1);
    varz.insert(QStringLiteral("host"), o.host);
    varz.insert(QStringLiteral("port"), int(input.natsPort));
    if (input.authRequired)
        varz.insert(QStringLiteral("auth_required"), true);
    if (o.tls.configured)
        varz.insert(QStringLiteral("tls_required"), true);
    if (o.tls.configured && o.tls.verify)
        varz.insert(QStringLiteral("tls_verify"), true);
    varz.insert(QStringLiteral("max_connections"), o.maxConnections);
    if (o.maxSubscriptions > 0)
        varz.insert(QStringLiteral("max_subscriptions"), o.maxSubscriptions);
    varz.insert(QStringLiteral("ping_interval"), nanosOf(o.pingInterval));
    varz.insert(QStringLiteral("ping_max"), o.maxPingsOut);
    varz.insert(QStringLiteral("http_host"), o.host);
    varz.insert(QStringLiteral("http_port"), int(input.httpPort));
    varz.insert(QStringLiteral("http_base_path"), QString());
    varz.insert(QStringLiteral("https_port"), 0);
    varz.insert(QStringLiteral("auth_timeout"), secondsOf(o.authorization.timeout));
    varz.insert(QStringLiteral("max_control_line"), o.maxControlLine);
    varz.insert(QStringLiteral("max_payload"), integer(o.maxPayload));
    varz.insert(QStringLiteral("max_pending"), integer(o.maxPending));
    // What natsws does not have, present and empty as nats-server shows it when not configured.
    for (const char *absent : {"cluster", "gateway", "leaf", "mqtt", "jetstream"})
        varz.insert(QLatin1String(absent), QJsonObject());
    varz.insert(QStringLiteral("websocket"), websocketVarz(input));
    varz.insert(QStringLiteral("tls_timeout"), secondsOf(o.tls.timeout));
    varz.insert(QStringLiteral("write_deadline"), nanosOf(o.writeDeadline));
    varz.insert(QStringLiteral("start"), rfc3339Nano(input.startNanos));
    varz.insert(QStringLiteral("now"), rfc3339Nano(input.nowNanos));
    varz.insert(QStringLiteral("uptime"), uptimeText(input.nowNanos - input.startNanos));
    varz.insert(QStringLiteral("mem"), integer(input.memoryBytes));
    varz.insert(QStringLiteral("cores"), input.cores);
    varz.insert(QStringLiteral("connections"), integer(totals.tcpOpen + totals.wsOpen));
    varz.insert(QStringLiteral("total_connections"), integer(totals.connectionsTotal));
    for (const char *none : {"routes", "remotes", "leafnodes"})
        varz.insert(QLatin1String(none), 0);
    varz.insert(QStringLiteral("in_msgs"), integer(totals.traffic.msgsIn));
    varz.insert(QStringLiteral("out_msgs"), integer(totals.traffic.msgsOut));
    varz.insert(QStringLiteral("in_bytes"), integer(totals.traffic.bytesIn));
    varz.insert(QStringLiteral("out_bytes"), integer(totals.traffic.bytesOut));
    varz.insert(QStringLiteral("slow_consumers"), integer(input.slowConsumers));
    varz.insert(QStringLiteral("subscriptions"), input.subscriptions);
    QJsonObject stats;
    for (auto it = input.requestStats.cbegin(); it != input.requestStats.cend(); ++it)
        stats.insert(it.key(), integer(it.value()));
    varz.insert(QStringLiteral("http_req_stats"), stats);
    varz.insert(QStringLiteral("config_load_time"), rfc3339Nano(input.startNanos));
    return varz;
}

qint64 residentMemoryBytes()
{
#ifdef Q_OS_LINUX
    // statm: total program size, then resident set size, both in pages.
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readLine(256).split(' ');
    if (fields.size() < 2)
        return 0;
    return fields.at(1).toLongLong() * qint64(sysconf(_SC_PAGESIZE));
#else
    return 0;
#endif
}

HttpResponse jsonResponse(const QJsonObject &object)
{
    return {200, QByteArrayLiteral("application/json"), QJsonDocument(object).toJson(QJsonDocument::Indented), {}};
}

HttpResponse textResponse(int status, const QByteArray &text)
{
    return {status, QByteArrayLiteral("text/plain; charset=utf-8"), text, {}};
}

QByteArray serializeResponse(const HttpResponse &response, const ws::HttpRequest &request, const QDateTime &nowUtc)
{
    QByteArray out = request.isHttp10() ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += QByteArray::number(response.status) + ' ' + statusText(response.status) + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += "Date: " + httpDate(nowUtc) + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (request.method != "HEAD")
        out += response.body;
    return out;
}

} // namespace monitorhttp

// --- MonitorEndpoints --------------------------------------------------------------------------

using namespace monitorhttp;

MonitorEndpoints::MonitorEndpoints(Server &server) : m_server(server), m_startNanos(nowUnixNanos()) {}

HttpResponse MonitorEndpoints::handle(const ws::HttpRequest &request)
{
    const QString path = QString::fromUtf8(request.path());
    const bool known = path == QLatin1String("/healthz") || path == QLatin1String("/varz")
                       || path == QLatin1String("/connz");
    if (!known) {
        HttpResponse notFound = textResponse(404, QByteArrayLiteral("404 page not found\n"));
        notFound.headers.append({QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")});
        return notFound;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse refused = textResponse(405, QByteArrayLiteral("405 method not allowed\n"));
        refused.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, HEAD")});
        return refused;
    }
    m_requestStats[path]++;
    if (path == QLatin1String("/varz"))
        return varz();
    if (path == QLatin1String("/connz")) {
        const qsizetype question = request.target.indexOf('?');
        return connz(parseQuery(question < 0 ? QByteArrayView() : QByteArrayView(request.target).sliced(question + 1)));
    }
    return {200, QByteArrayLiteral("application/json"), QByteArrayLiteral("{\"status\":\"ok\"}"), {}};
}

HttpResponse MonitorEndpoints::varz()
{
    VarzInput input;
    input.serverId = m_server.serverId();
    input.options = m_server.options();
    input.authRequired = m_server.authRequired();
    input.serverName = input.options.serverName.isEmpty() ? input.serverId : input.options.serverName;
    input.natsPort = m_server.natsPort();
    input.wsPort = m_server.wsPort();
    input.httpPort = m_server.httpPort();
    input.startNanos = m_startNanos;
    input.nowNanos = nowUnixNanos();
    input.memoryBytes = residentMemoryBytes();
    input.cores = QThread::idealThreadCount();
    input.totals = m_server.registry().totals();
    // Every slow consumer is closed, so the closed history counts them (within its bound).
    for (const auto &closed : m_server.registry().closedConnections())
        input.slowConsumers += closed.reason.startsWith(QLatin1String("Slow Consumer")) ? 1 : 0;
    input.subscriptions = m_server.broker().sublist().count();
    input.requestStats = m_requestStats;
    return jsonResponse(varzJson(input));
}

HttpResponse MonitorEndpoints::connz(const QueryValues &query)
{
    QString error;
    const std::optional<ConnzRequest> request = parseConnzRequest(query, &error);
    if (!request)
        return textResponse(400, error.toUtf8());
    ConnzInput input;
    input.serverId = m_server.serverId();
    input.nowNanos = nowUnixNanos();
    if (request->state != ConnState::Closed)
        input.open = m_server.registry().openConnections();
    if (request->state != ConnState::Open)
        input.closed = m_server.registry().closedConnections();
    return jsonResponse(connzJson(input, *request));
}

// --- MonitorHttpConnection ---------------------------------------------------------------------

// One monitoring client: reads one request head, answers it, closes. It lives at most
// `lifetimeMs`, so a client that never finishes its request (or never reads) is dropped.
class MonitorHttpConnection : public QObject {
public:
    using Finished = std::function<void(MonitorHttpConnection *)>;
    MonitorHttpConnection(qintptr descriptor, MonitorEndpoints &endpoints, int lifetimeMs, Finished onFinished,
                          QObject *parent)
        : QObject(parent), m_endpoints(endpoints), m_onFinished(std::move(onFinished))
    {
        m_socket.setParent(this);
        m_lifetime.setParent(this);
        m_lifetime.setSingleShot(true);
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { read(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { finish(); });
        connect(&m_lifetime, &QTimer::timeout, this, [this] { m_socket.abort(); finish(); });
        if (!m_socket.setSocketDescriptor(descriptor)) {
            QTimer::singleShot(0, this, [this] { finish(); });
            return;
        }
        m_lifetime.start(lifetimeMs);
    }

    ~MonitorHttpConnection() override
    {
        // The socket member aborts (and signals) when destroyed: nothing may reach us then.
        m_finished = true;
        m_socket.disconnect(this);
    }

private:
    void read()
    {
        const QByteArray bytes = m_socket.readAll();
        if (m_answered)
            return;   // a body or a second request: one answer per connection
        switch (m_reader.feed(bytes)) {
        case ws::HttpRequestReader::Status::NeedMore: return;
        case ws::HttpRequestReader::Status::Error: answer(m_reader.errorResponse()); return;
        case ws::HttpRequestReader::Status::Complete:
            answer(serializeResponse(m_endpoints.handle(m_reader.request()), m_reader.request(),
                                     QDateTime::currentDateTimeUtc()));
            return;
        }
    }

    void answer(const QByteArray &bytes)
    {
        m_answered = true;
        m_socket.write(bytes);
        m_socket.disconnectFromHost();   // after the bytes are written
    }

    void finish()
    {
        if (std::exchange(m_finished, true))
            return;
        m_lifetime.stop();
        m_onFinished(this);
    }

    MonitorEndpoints &m_endpoints;
    Finished m_onFinished;
    QTcpSocket m_socket;
    QTimer m_lifetime;
    ws::HttpRequestReader m_reader{MonitorHttpServer::kMaxRequestHeadBytes};
    bool m_answered = false;
    bool m_finished = false;
};

// --- MonitorHttpServer -------------------------------------------------------------------------

MonitorHttpServer::MonitorHttpServer(Server &server, QObject *parent) : QTcpServer(parent), m_endpoints(server) {}

MonitorHttpServer::~MonitorHttpServer()
{
    close();
    qDeleteAll(std::exchange(m_connections, {}));
}

void MonitorHttpServer::incomingConnection(qintptr descriptor)
{
    if (m_connections.size() >= kMaxOpenConnections) {
        QTcpSocket refused;
        refused.setSocketDescriptor(descriptor);
        refused.abort();
        return;
    }
    m_connections.insert(new MonitorHttpConnection(
        descriptor, m_endpoints, m_lifetimeMs, [this](MonitorHttpConnection *done) { finished(done); }, this));
}

void MonitorHttpServer::finished(MonitorHttpConnection *connection)
{
    if (m_connections.remove(connection))
        connection->deleteLater();
}

} // namespace natsws::server
