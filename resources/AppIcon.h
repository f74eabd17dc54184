#pragma once
// The natsws application icon from the compiled-in resources (link natsws_resources).
#include <QIcon>
#include <QList>

namespace natsws::resources {

// Pixel sizes of the pre-rendered PNGs, ":/icons/natsws-<size>.png", smallest first.
QList<int> appIconSizes();

// Every pre-rendered size in one QIcon, so each view picks a crisp bitmap instead of scaling
// one; the SVG is not used because Qt's SVG plugin is optional on the target system.
QIcon appIcon();

} // namespace natsws::resources
