#include "ui/LogPane.h"

#include "core/server/Logger.h"

#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace natsws::ui {

void LogQueue::push(const QString &line)
{
    QMutexLocker lock(&m_mutex);
    if (m_lines.size() >= size_t(m_capacity)) {
        m_lines.pop_front();
        ++m_dropped;
    }
    m_lines.push_back(line);
}

QStringList LogQueue::take(qint64 *dropped)
{
    QMutexLocker lock(&m_mutex);
    if (dropped)
        *dropped = m_dropped;
    m_dropped = 0;
    QStringList lines(m_lines.begin(), m_lines.end());
    m_lines.clear();
    return lines;
}

LogPane::LogPane(QWidget *parent)
    : QWidget(parent), m_queue(std::make_shared<LogQueue>()), m_view(new QPlainTextEdit(this))
{
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(5000);
    m_view->setFont(QFont(QStringLiteral("monospace")));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    std::weak_ptr<LogQueue> queue = m_queue;
    m_sink = server::Logger::instance().addSink([queue](server::LogLevel, const QString &line) {
        if (auto q = queue.lock())
            q->push(line);
    });
    m_flushTimer.setInterval(250);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogPane::flushQueued);
    m_flushTimer.start();
}

LogPane::~LogPane()
{
    server::Logger::instance().removeSink(m_sink);
}

void LogPane::setMaximumLines(int lines)
{
    m_view->setMaximumBlockCount(lines);
}

void LogPane::flushQueued()
{
    qint64 dropped = 0;
    QStringList lines = m_queue->take(&dropped);
    if (lines.isEmpty())
        return;
    if (dropped > 0)
        lines.prepend(tr("… %n earlier line(s) not shown", nullptr, int(dropped)));
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    m_view->appendPlainText(lines.join(QLatin1Char('\n')));
    if (atBottom)
        bar->setValue(bar->maximum());
}

} // namespace natsws::ui
