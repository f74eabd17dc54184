#pragma once
// nats-server's HTTP monitoring port (/healthz, /varz, /connz) with its JSON field names and
// query parameters, so NATS tooling can read natsws. One request per connection: the head is
// read by ws::HttpRequestReader (Go net/http's rules and error answers, bounded size), the
// answer is built by pure functions over a snapshot of the server's state.
#include "core/monitor/ConnectionInfo.h"
#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Options.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTcpServer>
#include <optional>

namespace natsws::ws { struct HttpRequest; }

namespace natsws::server {

class Server;

namespace monitorhttp {

// --- Go's text formats -----------------------------------------------------------------------
qint64 nowUnixNanos();
qint64 unixNanos(const QDateTime &time);     // 0 when invalid
// nats-server's uptime/idle text: whole seconds, "0s", "1m2s", "3h0m5s", "1d2h3m4s", "1y..."
QString uptimeText(qint64 nanos);
// Go's time.RFC3339Nano in UTC: "2026-12-03T16:18:39.61986978Z" (trailing zeros dropped).
QString rfc3339Nano(qint64 unixNanos);
QString rfc3339Nano(const QDateTime &time);  // Go's zero time when invalid

// --- query string ------------------------------------------------------------------------------
// url.ParseQuery: '&'-separated pairs, %XX and '+' decoded; pairs with ';' or a bad escape
// are skipped. Order kept; r.URL.Query().Get(key) is the first value of a key.
using QueryValues = QList<std::pair<QString, QString>>;
QueryValues parseQuery(QByteArrayView rawQuery);
QString firstValue(const QueryValues &values, QStringView key);

// --- /connz ------------------------------------------------------------------------------------
constexpr qint64 kDefaultConnzLimit = 1024;
enum class ConnState { Open, Closed, All };
enum class ConnSort { Cid, Start, Subs, Pending, MsgsTo, MsgsFrom, BytesTo, BytesFrom, Last, Idle, Uptime,
                      Stop, Reason };

struct ConnzRequest {
    ConnSort sort = ConnSort::Cid;
    ConnState state = ConnState::Open;
    bool auth = false;              // auth=1: authorized_user (the user name, never a secret)
    bool subs = false;              // subs=1 (or subs=detail): subscriptions_list
    qint64 offset = 0, limit = kDefaultConnzLimit;
    quint64 cid = 0;                // 0 = every connection
};

// nats-server's HandleConnz decoding and Connz() checks, in its order. On failure returns
// nothing and sets *error to nats-server's text for the 400 answer
// ("invalid sorting option: x", "Error decoding int for 'limit': strconv.Atoi: ...").
std::optional<ConnzRequest> parseConnzRequest(const QueryValues &query, QString *error);

struct ConnzInput {
    QString serverId;
    qint64 nowNanos = 0;
    QList<monitor::ConnectionSnapshot> open;
    QList<monitor::ClosedConnection> closed;    // oldest first
};
QJsonObject connzJson(const ConnzInput &input, const ConnzRequest &request);

// --- /varz -------------------------------------------------------------------------------------
struct VarzInput {
    QString serverId, serverName;
    Options options;
    bool authRequired = false;                  // as the Authenticator decides it, like INFO
    quint16 natsPort = 0, wsPort = 0, httpPort = 0;
    qint64 startNanos = 0, nowNanos = 0;
    qint64 memoryBytes = 0;
    int cores = 0;
    monitor::Totals totals;
    qint64 slowConsumers = 0;
    int subscriptions = 0;
    QMap<QString, qint64> requestStats;         // path → requests served
};
QJsonObject varzJson(const VarzInput &input);

qint64 residentMemoryBytes();                   // RSS from /proc/self/statm; 0 elsewhere

// --- HTTP answer -------------------------------------------------------------------------------
struct HttpResponse {
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;   // extra ones (Allow, nosniff)
};
HttpResponse jsonResponse(const QJsonObject &object);
HttpResponse textResponse(int status, const QByteArray &text);
// The bytes to write: status line in the request's HTTP version, Date, Content-Length and
// "Connection: close" (one request per connection); the body is left out for HEAD.
QByteArray serializeResponse(const HttpResponse &response, const ws::HttpRequest &request, const QDateTime &nowUtc);

} // namespace monitorhttp

// Answers one parsed request from the server's live state, counting requests per endpoint
// for varz's http_req_stats. GET and HEAD only; 404 for any other path.
class MonitorEndpoints {
public:
    explicit MonitorEndpoints(Server &server);
    monitorhttp::HttpResponse handle(const ws::HttpRequest &request);

private:
    monitorhttp::HttpResponse varz();
    monitorhttp::HttpResponse connz(const monitorhttp::QueryValues &query);

    Server &m_server;
    qint64 m_startNanos;            // the monitor starts with the server: its "start"
    QMap<QString, qint64> m_requestStats;
};

class MonitorHttpConnection;

// The listener; lives on the server's (main) thread, as do its connections.
class MonitorHttpServer : public QTcpServer {
    Q_OBJECT
public:
    static constexpr int kMaxRequestHeadBytes = 16 * 1024;
    static constexpr int kMaxOpenConnections = 64;
    static constexpr int kDefaultConnectionLifetimeMs = 10000;

    explicit MonitorHttpServer(Server &server, QObject *parent = nullptr);
    ~MonitorHttpServer() override;

    // How long one client may take to send its request and read the answer before it is cut off.
    void setConnectionLifetime(int milliseconds) { m_lifetimeMs = milliseconds; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void finished(MonitorHttpConnection *connection);

    MonitorEndpoints m_endpoints;
    QSet<MonitorHttpConnection *> m_connections;
    int m_lifetimeMs = kDefaultConnectionLifetimeMs;
};

} // namespace natsws::server
