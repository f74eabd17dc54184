#include "ui/ChartsPanel.h"

#include "ui/Format.h"
#include "ui/LineChart.h"

#include <QVBoxLayout>

namespace natsws::ui {

namespace {
const QColor kInColor(0x1f, 0x77, 0xb4);
const QColor kOutColor(0xe3, 0x6c, 0x0a);
} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent), m_messages(new LineChart(this)), m_bytes(new LineChart(this)), m_ratio(new LineChart(this))
{
    m_messages->setTitle(tr("Messages/s"));
    m_messages->setValueFormatter([](double v) { return Format::count(qint64(v)); });
    m_bytes->setTitle(tr("Bytes/s"));
    m_bytes->setValueFormatter([](double v) { return Format::bytes(qint64(v)); });
    m_ratio->setTitle(tr("Compression ratio (WebSocket)"));
    m_ratio->setValueFormatter([](double v) { return Format::factor(v); });
    auto *layout = new QVBoxLayout(this);
    for (LineChart *chart : {m_messages, m_bytes, m_ratio}) {
        chart->setWindowSeconds(kWindowSeconds);
        layout->addWidget(chart);
    }
    refresh();
}

void ChartsPanel::addPoint(const TrafficPoint &point)
{
    m_points.push_back(point);
    const qint64 oldest = point.elapsedMs - qint64(kWindowSeconds * 1000) - 1000;
    while (!m_points.empty() && m_points.front().elapsedMs < oldest)
        m_points.pop_front();
    refresh();
}

void ChartsPanel::clear()
{
    m_points.clear();
    refresh();
}

void ChartsPanel::refresh()
{
    auto series = [this](const QString &name, const QColor &color, double TrafficPoint::*member) {
        ChartSeries s{name, color, {}};
        s.points.reserve(qsizetype(m_points.size()));
        for (const auto &p : m_points)
            s.points.append(QPointF(double(p.elapsedMs) / 1000.0, p.*member));
        return s;
    };
    m_messages->setSeries({series(tr("in"), kInColor, &TrafficPoint::msgsInPerSec),
                           series(tr("out"), kOutColor, &TrafficPoint::msgsOutPerSec)});
    m_bytes->setSeries({series(tr("in"), kInColor, &TrafficPoint::bytesInPerSec),
                        series(tr("out"), kOutColor, &TrafficPoint::bytesOutPerSec)});
    m_ratio->setSeries({series(tr("in"), kInColor, &TrafficPoint::ratioIn),
                        series(tr("out"), kOutColor, &TrafficPoint::ratioOut)});
}

} // namespace natsws::ui
