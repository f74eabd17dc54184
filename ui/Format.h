#pragma once
// How numbers, sizes, rates and durations look in the dashboard: one place, locale-aware,
// translated, so every view shows the same "1.2 MiB" and "3m 05s".
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace natsws::ui {

class Format {
    Q_DECLARE_TR_FUNCTIONS(Format)
public:
    static QString count(qint64 value);              // "12,345"
    static QString bytes(qint64 bytes);              // "1.21 MiB"
    static QString messagesPerSecond(double value);  // "1,234 msg/s"
    static QString bytesPerSecond(double bytes);     // "1.21 MiB/s"
    static QString ratio(double ratio);              // "2.40×", or "–" when nothing was counted
    static QString factor(double value);             // "2.40×", "0.00×"
    static QString duration(qint64 msecs);           // "12s", "3m 05s", "2h 01m", "3d 04h"
    static QString time(const QDateTime &time);      // local "yyyy-MM-dd HH:mm:ss"
    static QString yesNo(bool value);
    static QString none();                           // the dash shown for "no value"
};

} // namespace natsws::ui
