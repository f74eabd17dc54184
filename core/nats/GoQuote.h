#pragma once
// Go's %q for a byte string (strconv.Quote), which nats-server uses for the subjects and names
// in its -ERR texts and log lines: printable UTF-8 kept, '"' and '\' escaped, control and
// non-printable characters as \a.. \xNN \uNNNN \UNNNNNNNN, invalid UTF-8 bytes as \xNN.
#include <QByteArray>
#include <QByteArrayView>

namespace natsws::nats {

QByteArray goQuote(QByteArrayView text);

} // namespace natsws::nats
