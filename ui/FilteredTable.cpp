#include "ui/FilteredTable.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace natsws::ui {

void TextFilterProxy::setFilterColumns(QList<int> columns)
{
    m_columns = std::move(columns);
    invalidateFilter();
}

void TextFilterProxy::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool TextFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    auto matches = [&](int column) {
        return source->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive);
    };
    if (m_columns.isEmpty()) {
        for (int column = 0; column < source->columnCount(sourceParent); ++column)
            if (matches(column))
                return true;
        return false;
    }
    return std::any_of(m_columns.cbegin(), m_columns.cend(), matches);
}

FilteredTable::FilteredTable(QAbstractItemModel *model, int sortRole, QWidget *parent)
    : QWidget(parent), m_proxy(new TextFilterProxy(this)), m_filter(new QLineEdit(this)),
      m_table(new QTableView(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(sortRole);
    m_filter->setPlaceholderText(tr("Filter (any text in the row)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &TextFilterProxy::setFilterText);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionsMovable(true);
    // "Resize to contents" measures this many rows, not all of thousands.
    m_table->horizontalHeader()->setResizeContentsPrecision(200);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

int FilteredTable::currentSourceRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), current.parent()))
        return -1;
    return m_proxy->mapToSource(current).row();
}

} // namespace natsws::ui
