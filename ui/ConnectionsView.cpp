#include "ui/ConnectionsView.h"

#include "ui/ConnectionDetails.h"
#include "ui/ConnectionsModel.h"
#include "ui/FilteredTable.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <utility>

namespace natsws::ui {

ConnectionsView::ConnectionsView(ConnectionsModel &model, QWidget *parent)
    : QWidget(parent), m_model(model), m_table(new FilteredTable(&model, ConnectionsModel::SortRole)),
      m_details(new ConnectionDetails), m_closeAction(new QAction(tr("Close connection"), this))
{
    // Identity columns: what a developer types to find a client.
    m_table->proxy()->setFilterColumns({ConnectionsModel::Id, ConnectionsModel::Kind, ConnectionsModel::Remote,
                                        ConnectionsModel::ForwardedFor, ConnectionsModel::Origin,
                                        ConnectionsModel::Browser, ConnectionsModel::ClientName,
                                        ConnectionsModel::Lang, ConnectionsModel::Version, ConnectionsModel::User});
    m_table->table()->sortByColumn(ConnectionsModel::Id, Qt::AscendingOrder);
    m_table->filterEdit()->setPlaceholderText(tr("Filter by id, kind, address, origin, browser, client or user"));

    m_closeAction->setToolTip(tr("Ask the server to close the selected connection (recorded as closed by the operator)"));
    m_closeAction->setEnabled(false);
    m_table->table()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->table()->addAction(m_closeAction);
    connect(m_closeAction, &QAction::triggered, this, [this] {
        if (const auto id = selectedId())
            emit closeRequested(*id);
    });
    connect(m_table->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (!m_updating)
            refreshDetails();
    });
    connect(&m_model, &ConnectionsModel::aboutToUpdate, this, [this] {
        m_updating = true;
        m_selectedBeforeUpdate = selectedId();
    });
    connect(&m_model, &ConnectionsModel::updated, this, &ConnectionsView::keepSelectionAcrossUpdate);
    // Column widths from the first rows that arrive, once: later polls never resize columns
    // (measuring thousands of rows each second would stall the UI).
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_columnsSized)
            return;
        m_columnsSized = true;
        m_table->table()->resizeColumnsToContents();
    });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

std::optional<quint64> ConnectionsView::selectedId() const
{
    const int row = m_table->currentSourceRow();
    if (row < 0)
        return std::nullopt;
    return m_model.connection(row).id;
}

bool ConnectionsView::selectId(quint64 id)
{
    const int row = m_model.rowForId(id);
    if (row < 0)
        return false;
    const QModelIndex proxyIndex = m_table->proxy()->mapFromSource(m_model.index(row, 0));
    if (!proxyIndex.isValid())
        return false;
    m_table->table()->selectionModel()->setCurrentIndex(
        proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void ConnectionsView::keepSelectionAcrossUpdate()
{
    const std::optional<quint64> wanted = std::exchange(m_selectedBeforeUpdate, std::nullopt);
    if (wanted && selectedId() != wanted && !selectId(*wanted))
        m_table->table()->selectionModel()->clear();
    m_updating = false;
    refreshDetails();
}

void ConnectionsView::refreshDetails()
{
    const auto id = selectedId();
    m_closeAction->setEnabled(id.has_value());
    if (!id) {
        m_details->showNothing();
        return;
    }
    m_details->showConnection(m_model.connection(m_model.rowForId(*id)));
}

} // namespace natsws::ui
