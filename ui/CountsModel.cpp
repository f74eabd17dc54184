#include "ui/CountsModel.h"

#include "ui/Format.h"

namespace natsws::ui {

CountsModel::CountsModel(QString keyTitle, QObject *parent)
    : QAbstractTableModel(parent), m_keyTitle(std::move(keyTitle))
{
}

int CountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_counts.size());
}

int CountsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    return section == Key ? m_keyTitle : tr("Count");
}

QVariant CountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const auto &entry = m_counts.at(index.row());
    if (role == Qt::DisplayRole)
        return index.column() == Key ? entry.first : Format::count(entry.second);
    if (role == Qt::TextAlignmentRole && index.column() == Count)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return QVariant();
}

void CountsModel::setCounts(Counts counts)
{
    std::sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (counts == m_counts)
        return;
    // A handful of rows: a reset is cheaper to reason about than a diff.
    beginResetModel();
    m_counts = std::move(counts);
    endResetModel();
}

} // namespace natsws::ui
