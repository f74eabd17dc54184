#include "resources/AppIcon.h"

#include <QString>

namespace natsws::resources {

QList<int> appIconSizes()
{
    return {16, 22, 24, 32, 48, 64, 128, 256, 512};
}

QIcon appIcon()
{
    QIcon icon;
    for (int size : appIconSizes())
        icon.addFile(QStringLiteral(":/icons/natsws-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace natsws::resources
