#pragma once
// Polls a ConnectionRegistry about once a second and hands each poll out as one MonitorSample:
// the views refresh in batches, never per message or per event. Timer-driven polls read the
// registry on a background thread (snapshotting thousands of connections takes a while) and
// deliver the sample to the poller's thread; poll() reads synchronously (tests, refreshes).
#include "ui/MonitorSample.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <atomic>

class QTimer;

namespace natsws::ui {

class MonitorPoller : public QObject {
    Q_OBJECT
public:
    explicit MonitorPoller(QObject *parent = nullptr);
    ~MonitorPoller() override;

    // Starts over with another registry (nullptr: none); the next poll brings its history.
    // Once this returns the previous registry is no longer read, and samples still queued
    // from it are dropped, so the caller may destroy it.
    void setRegistry(monitor::ConnectionRegistry *registry);

    void setInterval(int msecs);
    void start();
    void stop();
    bool isActive() const { return m_active; }

    // Polls now on the calling thread (also emits sampled); nothing without a registry.
    void poll();
    // How long reading the registry took in the last poll (the views' work not included).
    qint64 lastSampleMicros() const { return m_lastSampleMicros.load(); }

Q_SIGNALS:
    void sampled(const natsws::ui::MonitorSample &sample);

private:
    bool takeSample(MonitorSample &sample, quint64 &generation);
    void pollInBackground();

    QMutex m_mutex;                                   // guards registry, sequence, clock
    monitor::ConnectionRegistry *m_registry = nullptr;
    quint64 m_sequence = 0;
    QElapsedTimer m_clock;
    std::atomic<quint64> m_generation{0};
    std::atomic<bool> m_inFlight{false};              // a background sample awaits delivery
    std::atomic<qint64> m_lastSampleMicros{0};
    int m_interval = 1000;
    bool m_active = false;
    QThread m_thread;
    QTimer *m_timer;                                  // lives on m_thread
};

} // namespace natsws::ui
