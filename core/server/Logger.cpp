#include "core/server/Logger.h"

#include <QCoreApplication>
#include <QDateTime>
#include <chrono>
#include <cstdio>

namespace natsws::server {

Logger &Logger::instance()
{
    static Logger logger;
    return logger;
}

void Logger::configure(bool debug, bool trace, bool logtime, const QString &file)
{
    QMutexLocker lock(&m_mutex);
    m_debug = debug || trace;
    m_trace = trace;
    m_logtime = logtime;
    if (m_file.isOpen())
        m_file.close();
    if (!file.isEmpty()) {
        m_file.setFileName(file);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            std::fprintf(stderr, "cannot open log file %s\n", qPrintable(file));
    }
}

bool Logger::isEnabled(LogLevel level) const
{
    QMutexLocker lock(&m_mutex);
    if (level == LogLevel::Trace)
        return m_trace;
    if (level == LogLevel::Debug)
        return m_debug;
    return true;
}

QString Logger::formatLine(LogLevel level, const QString &message, bool logtime)
{
    static const char *const tags[] = {"[FTL]", "[ERR]", "[WRN]", "[INF]", "[DBG]", "[TRC]"};
    QString line = QStringLiteral("[%1] ").arg(QCoreApplication::applicationPid());
    if (logtime) {
        // Qt formats milliseconds only; nats-server prints microseconds.
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const qint64 micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(micros / 1000);
        line += local.toString(QStringLiteral("yyyy/MM/dd HH:mm:ss."))
                + QStringLiteral("%1 ").arg(micros % 1000000, 6, 10, QLatin1Char('0'));
    }
    line += QLatin1String(tags[static_cast<int>(level)]) + QLatin1Char(' ') + message;
    return line;
}

void Logger::log(LogLevel level, const QString &message)
{
    QMutexLocker lock(&m_mutex);
    if ((level == LogLevel::Trace && !m_trace) || (level == LogLevel::Debug && !m_debug))
        return;
    const QString line = formatLine(level, message, m_logtime);
    const QByteArray bytes = line.toUtf8() + '\n';
    if (m_file.isOpen()) {
        m_file.write(bytes);
        m_file.flush();
    } else {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
    }
    for (const auto &sink : std::as_const(m_sinks))
        sink.second(level, line);
}

int Logger::addSink(Sink sink)
{
    QMutexLocker lock(&m_mutex);
    m_sinks.append({m_nextSink, std::move(sink)});
    return m_nextSink++;
}

void Logger::removeSink(int id)
{
    QMutexLocker lock(&m_mutex);
    m_sinks.removeIf([id](const auto &s) { return s.first == id; });
}

} // namespace natsws::server
