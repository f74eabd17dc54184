#pragma once
// A short, human name for a User-Agent ("Chrome 131", "Safari 17.0", "Node ws"), for the UI.
#include <QString>

namespace natsws::monitor {
QString browserFromUserAgent(const QString &userAgent);
}
