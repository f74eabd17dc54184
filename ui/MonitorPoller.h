#pragma once
// Polls a ConnectionRegistry on a timer (1 Hz by default) and hands each poll out as one
// MonitorSample: the views refresh in batches, never per message or per event.
#include "ui/MonitorSample.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace natsws::ui {

class MonitorPoller : public QObject {
    Q_OBJECT
public:
    explicit MonitorPoller(QObject *parent = nullptr);

    // Starts over with another registry (nullptr: none); the next poll brings its history.
    void setRegistry(monitor::ConnectionRegistry *registry);
    monitor::ConnectionRegistry *registry() const { return m_registry; }

    void setInterval(int msecs);
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // Polls now (also emits sampled); does nothing without a registry.
    void poll();

Q_SIGNALS:
    void sampled(const natsws::ui::MonitorSample &sample);

private:
    MonitorSample takeSample();

    monitor::ConnectionRegistry *m_registry = nullptr;
    quint64 m_sequence = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace natsws::ui
