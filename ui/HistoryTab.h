#pragma once
// A history table (closed connections, refused handshakes) next to its summary counts.
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QTableView;

namespace natsws::ui {

class CountsModel;
class FilteredTable;

class HistoryTab : public QWidget {
    Q_OBJECT
public:
    HistoryTab(QAbstractItemModel *history, int sortRole, int newestFirstColumn, CountsModel *summary,
               const QString &summaryTitle, QWidget *parent = nullptr);

    FilteredTable *table() const { return m_table; }
    QTableView *summaryTable() const { return m_summary; }
    QLabel *summaryTitle() const { return m_summaryTitle; }

private:
    FilteredTable *m_table;
    QLabel *m_summaryTitle;
    QTableView *m_summary;
};

} // namespace natsws::ui
