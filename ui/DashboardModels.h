#pragma once
// Every model the dashboard shows, fed one MonitorSample per poll. No widgets: the UI tests
// and the stall benchmark drive it directly.
#include "ui/ClosedConnectionsModel.h"
#include "ui/ConnectionsModel.h"
#include "ui/CountsModel.h"
#include "ui/MonitorSample.h"
#include "ui/RejectionsModel.h"
#include "ui/TrafficMeter.h"

#include <QObject>
#include <optional>

namespace natsws::ui {

class DashboardModels : public QObject {
    Q_OBJECT
public:
    explicit DashboardModels(int historyLimit = 10000, QObject *parent = nullptr);

    void apply(const MonitorSample &sample);
    void clear();                                   // a new registry: start over
    void setHistoryLimit(int limit);

    ConnectionsModel &connections() { return m_connections; }
    ClosedConnectionsModel &closed() { return m_closed; }
    RejectionsModel &rejections() { return m_rejections; }
    CountsModel &closeReasons() { return m_closeReasons; }
    CountsModel &rejectedOrigins() { return m_rejectedOrigins; }

    const monitor::Totals &totals() const { return m_totals; }
    std::optional<TrafficPoint> lastRates() const { return m_lastRates; }
    double overallRatioIn() const { return m_meter.overallRatioIn(); }
    double overallRatioOut() const { return m_meter.overallRatioOut(); }

    // The summary key of a refused handshake: its origin, or a placeholder when it sent none.
    static QString originKey(const monitor::HandshakeRejection &rejection);

Q_SIGNALS:
    void trafficMeasured(const natsws::ui::TrafficPoint &point);
    void refreshed();

private:
    ConnectionsModel m_connections;
    ClosedConnectionsModel m_closed;
    RejectionsModel m_rejections;
    CountsModel m_closeReasons, m_rejectedOrigins;
    TrafficMeter m_meter;
    monitor::Totals m_totals;
    std::optional<TrafficPoint> m_lastRates;
};

} // namespace natsws::ui
