#pragma once
// The Connections tab: the filtered live table, the details of the selected connection, and
// the context action that asks the server to close it.
#include <QWidget>
#include <optional>

class QAction;

namespace natsws::ui {

class ConnectionDetails;
class ConnectionsModel;
class FilteredTable;

class ConnectionsView : public QWidget {
    Q_OBJECT
public:
    ConnectionsView(ConnectionsModel &model, QWidget *parent = nullptr);

    FilteredTable *table() const { return m_table; }
    ConnectionDetails *details() const { return m_details; }
    QAction *closeAction() const { return m_closeAction; }
    std::optional<quint64> selectedId() const;
    bool selectId(quint64 id);

    // After each poll: shows the selected connection's fresh snapshot.
    void refreshDetails();

Q_SIGNALS:
    void closeRequested(quint64 id);

private:
    ConnectionsModel &m_model;
    FilteredTable *m_table;
    ConnectionDetails *m_details;
    QAction *m_closeAction;
};

} // namespace natsws::ui
