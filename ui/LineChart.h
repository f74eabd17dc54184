#pragma once
// A small time-series chart painted with QPainter: a few lines over a sliding time window,
// a legend with each line's latest value and the scale's top value. See
// docs/architecture-ui.md for why this is not Qt Charts.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>
#include <functional>

namespace natsws::ui {

struct ChartSeries {
    QString name;
    QColor color;
    QList<QPointF> points;         // x = seconds (any origin, increasing), y = value
};

class LineChart : public QWidget {
    Q_OBJECT
public:
    explicit LineChart(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const { return m_title; }
    void setWindowSeconds(double seconds);
    void setValueFormatter(std::function<QString(double)> formatter);
    void setSeries(QList<ChartSeries> series);
    const QList<ChartSeries> &series() const { return m_series; }

    // The top of the value axis for the points in view: the maximum rounded up to 1, 2 or 5
    // times a power of ten, never below `floor`.
    static double niceCeiling(double maximum, double floor = 1.0);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    double m_windowSeconds = 300;
    std::function<QString(double)> m_format;
    QList<ChartSeries> m_series;
};

} // namespace natsws::ui
