#pragma once
// Turns SIGINT/SIGTERM into a Qt signal on the main thread (a self-pipe: the handler itself
// only writes one byte, which is all that is safe in a signal handler).
#include <QObject>

class QSocketNotifier;

namespace natsws::server {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace natsws::server
