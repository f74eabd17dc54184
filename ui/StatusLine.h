#pragma once
// The status bar's live totals: connections by kind, messages/s and bytes/s in and out,
// the WebSocket compression ratio, and how many were closed or refused.
#include <QLabel>

namespace natsws::ui {

class DashboardModels;

class StatusLine : public QLabel {
    Q_OBJECT
public:
    explicit StatusLine(QWidget *parent = nullptr);
    void showTotals(const DashboardModels &models, bool running);
    static QString compose(const DashboardModels &models, bool running);
};

} // namespace natsws::ui
