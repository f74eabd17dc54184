#include "core/monitor/ConnectionLog.h"

#include "core/monitor/ConnectionRegistry.h"
#include "core/monitor/Records.h"

namespace natsws::monitor {

ConnectionLogWriter::ConnectionLogWriter(ConnectionRegistry &registry, const QString &path)
    : m_registry(registry), m_file(path)
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        return;
    m_listener = m_registry.addListener([this](const MonitorEvent &event) { write(event); });
}

ConnectionLogWriter::~ConnectionLogWriter()
{
    // After removeListener returns no event is being written: the registry calls listeners
    // under the same lock.
    if (m_listener)
        m_registry.removeListener(m_listener);
}

bool ConnectionLogWriter::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_file.isOpen();
}

QString ConnectionLogWriter::errorString() const
{
    QMutexLocker lock(&m_mutex);
    return m_file.errorString();
}

QString ConnectionLogWriter::path() const
{
    return m_file.fileName();
}

qint64 ConnectionLogWriter::linesWritten() const
{
    QMutexLocker lock(&m_mutex);
    return m_lines;
}

void ConnectionLogWriter::write(const MonitorEvent &event)
{
    const QByteArray line = recordToJsonLine(eventRecord(event)) + '\n';
    QMutexLocker lock(&m_mutex);
    // One write per line: a reader tailing the file never sees half an event interleaved.
    if (m_file.write(line) == line.size() && m_file.flush())
        ++m_lines;
}

} // namespace natsws::monitor
