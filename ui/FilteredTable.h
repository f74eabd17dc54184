#pragma once
// A table behind a sort/filter proxy with a text filter above it: the shape shared by the
// connections, closed-connections and rejections views.
#include <QSortFilterProxyModel>
#include <QWidget>

class QLineEdit;
class QTableView;

namespace natsws::ui {

// Case-insensitive substring filter over chosen columns (all when none are chosen). An empty
// filter accepts without looking at the row, which keeps per-poll re-filtering cheap.
class TextFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFilterColumns(QList<int> columns);
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QList<int> m_columns;
    QString m_text;
};

class FilteredTable : public QWidget {
    Q_OBJECT
public:
    FilteredTable(QAbstractItemModel *model, int sortRole, QWidget *parent = nullptr);

    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *table() const { return m_table; }
    TextFilterProxy *proxy() const { return m_proxy; }
    // The source row of the current (selected) row, -1 when none.
    int currentSourceRow() const;

private:
    TextFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
};

} // namespace natsws::ui
