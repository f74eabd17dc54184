#pragma once
// Log lines in nats-server's shape: "[pid] 2026/12/03 15:04:05.123456 [INF] message".
// Thread-safe; writes to stderr or to a file; debug and trace are off unless asked.
#include <QFile>
#include <QMutex>
#include <QString>
#include <functional>

namespace natsws::server {

enum class LogLevel { Fatal, Error, Warning, Notice, Debug, Trace };

class Logger {
public:
    static Logger &instance();

    void configure(bool debug, bool trace, bool logtime, const QString &file);
    bool isEnabled(LogLevel level) const;
    void log(LogLevel level, const QString &message);

    // Extra observers (the GUI's log pane); called on the logging thread, keep them cheap.
    using Sink = std::function<void(LogLevel, const QString &line)>;
    int addSink(Sink sink);
    void removeSink(int id);

    static QString formatLine(LogLevel level, const QString &message, bool logtime);

private:
    Logger() = default;
    mutable QMutex m_mutex;
    bool m_debug = false, m_trace = false, m_logtime = true;
    QFile m_file;
    QList<std::pair<int, Sink>> m_sinks;
    int m_nextSink = 1;
};

inline void logError(const QString &m) { Logger::instance().log(LogLevel::Error, m); }
inline void logWarning(const QString &m) { Logger::instance().log(LogLevel::Warning, m); }
inline void logNotice(const QString &m) { Logger::instance().log(LogLevel::Notice, m); }
inline void logDebug(const QString &m)
{
    if (Logger::instance().isEnabled(LogLevel::Debug))
        Logger::instance().log(LogLevel::Debug, m);
}
inline void logTrace(const QString &m)
{
    if (Logger::instance().isEnabled(LogLevel::Trace))
        Logger::instance().log(LogLevel::Trace, m);
}

} // namespace natsws::server
