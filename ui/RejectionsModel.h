#pragma once
// Refused WebSocket upgrades: origin rejections and other handshake failures.
#include "core/monitor/ConnectionInfo.h"
#include "ui/HistoryModel.h"

namespace natsws::ui {

class RejectionsModel : public HistoryModel<monitor::HandshakeRejection> {
    Q_OBJECT
public:
    enum Column { Time, Remote, Origin, UserAgent, Path, HttpStatus, Reason, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit RejectionsModel(int limit = 10000, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const monitor::HandshakeRejection &r, int column) const;
};

} // namespace natsws::ui
