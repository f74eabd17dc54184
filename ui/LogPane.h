#pragma once
// The server log in the window. Logger sinks run on whatever thread logs, so lines are queued
// (bounded: under a flood the oldest are dropped and counted) and appended in one batch per
// timer tick on the UI thread.
#include <QMutex>
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <deque>
#include <memory>

class QPlainTextEdit;

namespace natsws::ui {

class LogQueue {
public:
    explicit LogQueue(int capacity = 5000) : m_capacity(capacity) {}
    void push(const QString &line);                  // any thread
    QStringList take(qint64 *dropped = nullptr);     // the queued lines, oldest first
private:
    QMutex m_mutex;
    std::deque<QString> m_lines;
    qint64 m_dropped = 0;
    int m_capacity;
};

class LogPane : public QWidget {
    Q_OBJECT
public:
    explicit LogPane(QWidget *parent = nullptr);
    ~LogPane() override;

    void setMaximumLines(int lines);
    QPlainTextEdit *view() const { return m_view; }
    LogQueue &queue() { return *m_queue; }
    void flushQueued();                              // normally run by the timer

private:
    std::shared_ptr<LogQueue> m_queue;
    QPlainTextEdit *m_view;
    QTimer m_flushTimer;
    int m_sink = 0;
};

} // namespace natsws::ui
