#pragma once
// One poll of the registry: everything the views need for one refresh, taken together.
#include "core/monitor/ConnectionRegistry.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>

namespace natsws::ui {

struct MonitorSample {
    QDateTime time;                                  // wall clock, for uptime/idle
    qint64 elapsedMs = 0;                            // monotonic, for rates
    QList<monitor::ConnectionSnapshot> open;         // sorted by id
    QList<monitor::ClosedConnection> closed;         // closed since the previous poll
    QList<monitor::HandshakeRejection> rejections;   // refused since the previous poll
    monitor::Totals totals;
    // The registry's bounded event journal moved past the last poll: `closed` and
    // `rejections` then hold the registry's whole histories, and views start over.
    bool resynchronised = false;
};

} // namespace natsws::ui

Q_DECLARE_METATYPE(natsws::ui::MonitorSample)
