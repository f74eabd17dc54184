#pragma once
// Details of the selected connection: its handshake request headers (as the server stored
// them, credentials already masked), the negotiated extension, its subscriptions and counters.
// Refreshed every poll without rebuilding what did not change, so scrolling and expansion stay.
#include "core/monitor/ConnectionInfo.h"

#include <QTreeWidget>
#include <optional>

namespace natsws::ui {

class ConnectionDetails : public QTreeWidget {
    Q_OBJECT
public:
    explicit ConnectionDetails(QWidget *parent = nullptr);

    void showConnection(const monitor::ConnectionSnapshot &connection);
    void showNothing();
    std::optional<quint64> shownId() const;

    QTreeWidgetItem *headersSection() const { return m_headers; }
    QTreeWidgetItem *extensionSection() const { return m_extension; }
    QTreeWidgetItem *subscriptionsSection() const { return m_subscriptions; }
    QTreeWidgetItem *countersSection() const { return m_counters; }

private:
    static void setChildren(QTreeWidgetItem *section, const QList<std::pair<QString, QString>> &rows);

    QTreeWidgetItem *m_headers, *m_extension, *m_subscriptions, *m_counters;
    std::optional<quint64> m_id;
};

} // namespace natsws::ui
