#include "ui/DashboardModels.h"

namespace natsws::ui {

DashboardModels::DashboardModels(int historyLimit, QObject *parent)
    : QObject(parent), m_closed(historyLimit), m_rejections(historyLimit),
      m_closeReasons(tr("NATS close reason")), m_rejectedOrigins(tr("Origin"))
{
}

QString DashboardModels::originKey(const monitor::HandshakeRejection &rejection)
{
    return rejection.origin.isEmpty() ? tr("(no origin)") : rejection.origin;
}

void DashboardModels::apply(const MonitorSample &sample)
{
    if (sample.resynchronised) {
        m_closed.clear();
        m_rejections.clear();
    }
    m_connections.update(sample.open, sample.time);
    m_closed.append(sample.closed);
    m_rejections.append(sample.rejections);
    // The summaries count what the bounded histories hold, so they always match the tables.
    if (sample.resynchronised || !sample.closed.isEmpty())
        m_closeReasons.setCounts(CountsModel::countBy(
            m_closed.records(), [](const monitor::ClosedConnection &c) { return c.reason; }));
    if (sample.resynchronised || !sample.rejections.isEmpty())
        m_rejectedOrigins.setCounts(CountsModel::countBy(m_rejections.records(), &DashboardModels::originKey));
    m_totals = sample.totals;
    if (const auto point = m_meter.add(sample)) {
        m_lastRates = point;
        emit trafficMeasured(*point);
    }
    emit refreshed();
}

void DashboardModels::clear()
{
    m_connections.clear();
    m_closed.clear();
    m_rejections.clear();
    m_closeReasons.setCounts({});
    m_rejectedOrigins.setCounts({});
    m_meter.reset();
    m_totals = {};
    m_lastRates.reset();
}

void DashboardModels::setHistoryLimit(int limit)
{
    m_closed.setLimit(limit);
    m_rejections.setLimit(limit);
}

} // namespace natsws::ui
