#include "core/monitor/UserAgent.h"

#include <QRegularExpression>

namespace natsws::monitor {

QString browserFromUserAgent(const QString &userAgent)
{
    if (userAgent.isEmpty())
        return QString();
    // Order matters: Edge and Chrome also say "Safari/", Chrome-based Edge also says "Chrome/".
    static const struct { const char *pattern; const char *name; } known[] = {
        {"Edg/([0-9]+)", "Edge"},
        {"OPR/([0-9]+)", "Opera"},
        {"Firefox/([0-9]+)", "Firefox"},
        {"HeadlessChrome/([0-9]+)", "Headless Chrome"},
        {"Chrome/([0-9]+)", "Chrome"},
        {"Chromium/([0-9]+)", "Chromium"},
        {"Version/([0-9.]+).*Safari/", "Safari"},
    };
    for (const auto &k : known) {
        const QRegularExpression re(QLatin1String(k.pattern));
        const auto match = re.match(userAgent);
        if (match.hasMatch())
            return QStringLiteral("%1 %2").arg(QLatin1String(k.name), match.captured(1));
    }
    if (!userAgent.startsWith(QLatin1String("Mozilla/")))
        return userAgent.section(QLatin1Char(' '), 0, 0).left(40);
    return QStringLiteral("Browser");
}

} // namespace natsws::monitor
