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

    // Shows the selected connection's latest snapshot (run after every model update).
    void refreshDetails();

Q_SIGNALS:
    void closeRequested(quint64 id);

private:
    void keepSelectionAcrossUpdate();

    ConnectionsModel &m_model;
    // While the model updates, the view may move the selection to a neighbour of a removed
    // row, which would silently show another client's details: the selection follows the
    // connection id instead, and is cleared when that connection is gone.
    bool m_updating = false;
    bool m_columnsSized = false;
    std::optional<quint64> m_selectedBeforeUpdate;
    FilteredTable *m_table;
    ConnectionDetails *m_details;
    QAction *m_closeAction;
};

} // namespace natsws::ui
