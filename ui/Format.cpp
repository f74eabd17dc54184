#include "ui/Format.h"

#include <QLocale>

namespace natsws::ui {

QString Format::count(qint64 value)
{
    return QLocale().toString(value);
}

QString Format::bytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 2, QLocale::DataSizeIecFormat);
}

QString Format::messagesPerSecond(double value)
{
    const int decimals = value > 0 && value < 10 ? 1 : 0;
    return tr("%1 msg/s").arg(QLocale().toString(value, 'f', decimals));
}

QString Format::bytesPerSecond(double bytes)
{
    return tr("%1/s").arg(Format::bytes(qint64(bytes)));
}

QString Format::ratio(double ratio)
{
    return ratio > 0 ? factor(ratio) : none();
}

QString Format::factor(double value)
{
    return tr("%1×").arg(QLocale().toString(value, 'f', 2));
}

QString Format::duration(qint64 msecs)
{
    const qint64 seconds = std::max<qint64>(0, msecs / 1000);
    const qint64 minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
    auto two = [](qint64 n) { return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0')); };
    if (days > 0)
        return tr("%1d %2h").arg(days).arg(two(hours % 24));
    if (hours > 0)
        return tr("%1h %2m").arg(hours).arg(two(minutes % 60));
    if (minutes > 0)
        return tr("%1m %2s").arg(minutes).arg(two(seconds % 60));
    return tr("%1s").arg(seconds);
}

QString Format::time(const QDateTime &time)
{
    if (!time.isValid())
        return none();
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString Format::yesNo(bool value)
{
    return value ? tr("yes") : tr("no");
}

QString Format::none()
{
    return QStringLiteral("–");
}

} // namespace natsws::ui
