#include "ui/RejectionsModel.h"

#include "core/monitor/Records.h"
#include "ui/Format.h"

namespace natsws::ui {

RejectionsModel::RejectionsModel(int limit, QObject *parent)
    : HistoryModel<monitor::HandshakeRejection>(limit, parent)
{
}

int RejectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RejectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case Time: return tr("Time");
    case Remote: return tr("Remote");
    case Origin: return tr("Origin");
    case UserAgent: return tr("User agent");
    case Path: return tr("Path");
    case HttpStatus: return tr("HTTP status");
    case Reason: return tr("Reason");
    case ColumnCount: break;
    }
    return QVariant();
}

QVariant RejectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const monitor::HandshakeRejection &r = record(index.row());
    switch (role) {
    case Qt::DisplayRole: return displayValue(r, index.column());
    case Qt::ToolTipRole: return index.column() == UserAgent ? QVariant(r.userAgent) : QVariant();
    case SortRole:
        if (index.column() == Time)
            return r.at;
        if (index.column() == HttpStatus)
            return r.httpStatus;
        return displayValue(r, index.column());
    default: return QVariant();
    }
}

QVariant RejectionsModel::displayValue(const monitor::HandshakeRejection &r, int column) const
{
    switch (Column(column)) {
    case Time: return Format::time(r.at);
    case Remote: return QStringLiteral("%1:%2").arg(r.remoteIp).arg(r.remotePort);
    case Origin: return r.origin;
    case UserAgent: return r.userAgent;
    case Path: return monitor::pathWithoutQueryValues(r.path);
    case HttpStatus: return r.httpStatus > 0 ? QString::number(r.httpStatus) : Format::none();
    case Reason: return r.reason;
    case ColumnCount: break;
    }
    return QVariant();
}

} // namespace natsws::ui
