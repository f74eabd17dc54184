#pragma once
// --connection-log FILE: one JSON line per registry event (opened, closed, origin_rejected,
// handshake_failed; fields in docs/connection-log.md), appended and flushed as each event
// happens, so the file is complete up to the last event even if the process dies.
#include <QFile>
#include <QMutex>
#include <QString>

namespace natsws::monitor {

class ConnectionRegistry;
struct MonitorEvent;

class ConnectionLogWriter {
public:
    // Opens `path` for appending and starts listening; check isOpen() afterwards.
    ConnectionLogWriter(ConnectionRegistry &registry, const QString &path);
    ~ConnectionLogWriter();
    ConnectionLogWriter(const ConnectionLogWriter &) = delete;
    ConnectionLogWriter &operator=(const ConnectionLogWriter &) = delete;

    bool isOpen() const;
    QString errorString() const;
    QString path() const;
    qint64 linesWritten() const;

private:
    void write(const MonitorEvent &event);

    ConnectionRegistry &m_registry;
    mutable QMutex m_mutex;            // the registry serialises events; this guards readers
    QFile m_file;
    int m_listener = 0;
    qint64 m_lines = 0;
};

} // namespace natsws::monitor
