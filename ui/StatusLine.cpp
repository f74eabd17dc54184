#include "ui/StatusLine.h"

#include "ui/DashboardModels.h"
#include "ui/Format.h"

namespace natsws::ui {

StatusLine::StatusLine(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
}

void StatusLine::showTotals(const DashboardModels &models, bool running)
{
    const QString line = compose(models, running);
    if (line != text())
        setText(line);
}

QString StatusLine::compose(const DashboardModels &models, bool running)
{
    const monitor::Totals &t = models.totals();
    const TrafficPoint rates = models.lastRates().value_or(TrafficPoint{});
    QStringList parts;
    parts << (running ? tr("Running") : tr("Stopped"));
    parts << tr("TCP %1 · WebSocket %2").arg(Format::count(t.tcpOpen), Format::count(t.wsOpen));
    parts << tr("in %1, %2").arg(Format::messagesPerSecond(rates.msgsInPerSec), Format::bytesPerSecond(rates.bytesInPerSec));
    parts << tr("out %1, %2").arg(Format::messagesPerSecond(rates.msgsOutPerSec), Format::bytesPerSecond(rates.bytesOutPerSec));
    parts << tr("compression in %1 out %2").arg(Format::ratio(models.overallRatioIn()), Format::ratio(models.overallRatioOut()));
    parts << tr("closed %1 · refused %2").arg(Format::count(t.closedTotal), Format::count(t.rejectedTotal));
    return parts.join(QStringLiteral("  |  "));
}

} // namespace natsws::ui
