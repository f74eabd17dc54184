#pragma once
// The Charts tab: messages/s, bytes/s (in and out) and the WebSocket compression ratio over
// the last five minutes, fed one TrafficPoint per poll.
#include "ui/TrafficMeter.h"

#include <QWidget>
#include <deque>

namespace natsws::ui {

class LineChart;

class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget *parent = nullptr);

    void addPoint(const TrafficPoint &point);
    void clear();
    int pointCount() const { return int(m_points.size()); }

    LineChart *messagesChart() const { return m_messages; }
    LineChart *bytesChart() const { return m_bytes; }
    LineChart *ratioChart() const { return m_ratio; }

    static constexpr double kWindowSeconds = 300;

private:
    void refresh();

    std::deque<TrafficPoint> m_points;
    LineChart *m_messages, *m_bytes, *m_ratio;
};

} // namespace natsws::ui
