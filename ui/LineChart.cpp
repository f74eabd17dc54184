#include "ui/LineChart.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace natsws::ui {

LineChart::LineChart(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_format = [](double value) { return QString::number(value, 'g', 3); };
}

void LineChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void LineChart::setWindowSeconds(double seconds)
{
    m_windowSeconds = std::max(1.0, seconds);
    update();
}

void LineChart::setValueFormatter(std::function<QString(double)> formatter)
{
    m_format = std::move(formatter);
    update();
}

void LineChart::setSeries(QList<ChartSeries> series)
{
    m_series = std::move(series);
    update();
}

double LineChart::niceCeiling(double maximum, double floor)
{
    const double value = std::max(maximum, floor);
    if (value <= 0)
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (value <= step * magnitude * (1 + 1e-9))
            return step * magnitude;
    return 10.0 * magnitude;
}

QSize LineChart::sizeHint() const { return {420, 160}; }
QSize LineChart::minimumSizeHint() const { return {200, 100}; }

void LineChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const int line = metrics.height();

    // Title and legend across the top, the plot below.
    painter.setPen(palette().text().color());
    painter.drawText(QPoint(8, line), m_title);
    int legendX = 8 + metrics.horizontalAdvance(m_title) + 16;
    for (const auto &s : std::as_const(m_series)) {
        const QString latest = s.points.isEmpty() ? QStringLiteral("–") : m_format(s.points.last().y());
        const QString text = QStringLiteral("%1 %2").arg(s.name, latest);
        painter.fillRect(QRect(legendX, line / 2 - 2, 10, 10), s.color);
        painter.drawText(QPoint(legendX + 14, line), text);
        legendX += 14 + metrics.horizontalAdvance(text) + 16;
    }

    double xMax = 0, yMax = 0;
    for (const auto &s : std::as_const(m_series))
        if (!s.points.isEmpty())
            xMax = std::max(xMax, s.points.last().x());
    const double xMin = xMax - m_windowSeconds;
    for (const auto &s : std::as_const(m_series))
        for (const auto &p : s.points)
            if (p.x() >= xMin)
                yMax = std::max(yMax, p.y());
    const double top = niceCeiling(yMax);

    const QString topLabel = m_format(top);
    const int labelWidth = metrics.horizontalAdvance(topLabel) + 8;
    const QRectF plot(labelWidth + 4, line + 8, width() - labelWidth - 12, height() - line - 8 - line - 4);
    if (plot.width() < 10 || plot.height() < 10)
        return;

    painter.setPen(QPen(palette().mid().color(), 1, Qt::DotLine));
    for (int i = 0; i <= 4; ++i) {
        const double y = plot.top() + plot.height() * i / 4.0;
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    painter.setPen(palette().text().color());
    painter.drawText(QRectF(0, plot.top() - line / 2.0, labelWidth, line), Qt::AlignRight, topLabel);
    painter.drawText(QRectF(0, plot.bottom() - line / 2.0, labelWidth, line), Qt::AlignRight, m_format(0));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), line), Qt::AlignLeft,
                     tr("-%1 min").arg(m_windowSeconds / 60.0, 0, 'g', 2));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), line), Qt::AlignRight, tr("now"));

    painter.setClipRect(plot);
    for (const auto &s : std::as_const(m_series)) {
        QPainterPath path;
        bool first = true;
        for (const auto &p : s.points) {
            if (p.x() < xMin)
                continue;
            const QPointF at(plot.left() + plot.width() * (p.x() - xMin) / m_windowSeconds,
                             plot.bottom() - plot.height() * (p.y() / top));
            if (first)
                path.moveTo(at);
            else
                path.lineTo(at);
            first = false;
        }
        painter.setPen(QPen(s.color, 1.5));
        painter.drawPath(path);
    }
}

} // namespace natsws::ui
