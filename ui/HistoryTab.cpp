#include "ui/HistoryTab.h"

#include "ui/CountsModel.h"
#include "ui/FilteredTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace natsws::ui {

HistoryTab::HistoryTab(QAbstractItemModel *history, int sortRole, int newestFirstColumn, CountsModel *summary,
                       const QString &summaryTitle, QWidget *parent)
    : QWidget(parent), m_table(new FilteredTable(history, sortRole)), m_summaryTitle(new QLabel(summaryTitle)),
      m_summary(new QTableView)
{
    m_table->table()->sortByColumn(newestFirstColumn, Qt::DescendingOrder);
    m_summary->setModel(summary);
    m_summary->verticalHeader()->hide();
    m_summary->horizontalHeader()->setSectionResizeMode(CountsModel::Key, QHeaderView::Stretch);
    m_summary->horizontalHeader()->setSectionResizeMode(CountsModel::Count, QHeaderView::ResizeToContents);
    m_summary->setSelectionMode(QAbstractItemView::NoSelection);

    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_summaryTitle);
    sideLayout->addWidget(m_summary);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

} // namespace natsws::ui
