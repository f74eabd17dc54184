#include "ui/ConnectionsModel.h"

#include "ui/Format.h"

namespace natsws::ui {

using monitor::ConnectionSnapshot;

bool sameDisplayedState(const ConnectionSnapshot &a, const ConnectionSnapshot &b)
{
    const monitor::TrafficCounters &x = a.traffic, &y = b.traffic;
    return x.msgsIn == y.msgsIn && x.msgsOut == y.msgsOut && x.bytesIn == y.bytesIn
           && x.bytesOut == y.bytesOut && x.wireBytesIn == y.wireBytesIn && x.wireBytesOut == y.wireBytesOut
           && x.frameBytesIn == y.frameBytesIn && x.frameBytesOut == y.frameBytesOut
           && x.compressedMsgsIn == y.compressedMsgsIn && x.compressedMsgsOut == y.compressedMsgsOut
           && a.pendingBytes == b.pendingBytes && a.subscriptionCount == b.subscriptionCount
           && a.subscriptions == b.subscriptions && a.lastActivity == b.lastActivity
           && a.clientName == b.clientName && a.lang == b.lang && a.version == b.version
           && a.user == b.user && a.tls == b.tls && a.compression == b.compression
           && a.origin == b.origin && a.browser == b.browser && a.forwardedFor == b.forwardedFor
           && a.requestHeaders == b.requestHeaders && a.extension == b.extension;
}

ConnectionsModel::ConnectionsModel(QObject *parent) : QAbstractTableModel(parent) {}

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case Id: return tr("ID");
    case Kind: return tr("Kind");
    case Remote: return tr("Remote");
    case ForwardedFor: return tr("X-Forwarded-For");
    case Origin: return tr("Origin");
    case Browser: return tr("Browser");
    case ClientName: return tr("Client name");
    case Lang: return tr("Language");
    case Version: return tr("Version");
    case User: return tr("User");
    case Tls: return tr("TLS");
    case Compression: return tr("Compression");
    case RatioIn: return tr("Ratio in");
    case RatioOut: return tr("Ratio out");
    case MsgsIn: return tr("Msgs in");
    case MsgsOut: return tr("Msgs out");
    case BytesIn: return tr("Bytes in");
    case BytesOut: return tr("Bytes out");
    case Pending: return tr("Pending");
    case Subscriptions: return tr("Subs");
    case Uptime: return tr("Uptime");
    case Idle: return tr("Idle");
    case ColumnCount: break;
    }
    return QVariant();
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ConnectionSnapshot &c = *m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayValue(c, index.column());
    case SortRole: return sortValue(c, index.column());
    case IdRole: return c.id;
    case Qt::ToolTipRole:
        if (index.column() == Browser)
            return c.userAgent;
        if (index.column() == Compression)
            return c.extension;
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() >= RatioIn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    default: return QVariant();
    }
}

QVariant ConnectionsModel::displayValue(const ConnectionSnapshot &c, int column) const
{
    const monitor::TrafficCounters &t = c.traffic;
    switch (Column(column)) {
    case Id: return QString::number(c.id);
    case Kind: return monitor::connectionKindText(c.kind);
    case Remote: return QStringLiteral("%1:%2").arg(c.remoteIp).arg(c.remotePort);
    case ForwardedFor: return c.forwardedFor;
    case Origin: return c.origin;
    case Browser: return c.browser;
    case ClientName: return c.clientName;
    case Lang: return c.lang;
    case Version: return c.version;
    case User: return c.user;
    case Tls: return Format::yesNo(c.tls);
    case Compression: return c.kind == monitor::ConnectionKind::Tcp ? Format::none() : Format::yesNo(c.compression);
    // Without permessage-deflate the quotient only measures framing overhead: not shown.
    case RatioIn: return c.compression ? Format::ratio(t.ratioIn()) : Format::none();
    case RatioOut: return c.compression ? Format::ratio(t.ratioOut()) : Format::none();
    case MsgsIn: return Format::count(t.msgsIn);
    case MsgsOut: return Format::count(t.msgsOut);
    case BytesIn: return Format::bytes(t.bytesIn);
    case BytesOut: return Format::bytes(t.bytesOut);
    case Pending: return Format::bytes(c.pendingBytes);
    case Subscriptions: return Format::count(std::max<qint64>(c.subscriptionCount, c.subscriptions.size()));
    case Uptime: return Format::duration(c.started.msecsTo(m_now));
    case Idle: return Format::duration(c.lastActivity.isValid() ? c.lastActivity.msecsTo(m_now) : 0);
    case ColumnCount: break;
    }
    return QVariant();
}

QVariant ConnectionsModel::sortValue(const ConnectionSnapshot &c, int column) const
{
    // Numbers sort as numbers; text columns sort by their display text.
    const monitor::TrafficCounters &t = c.traffic;
    switch (Column(column)) {
    case Id: return c.id;
    case RatioIn: return t.ratioIn();
    case RatioOut: return t.ratioOut();
    case MsgsIn: return t.msgsIn;
    case MsgsOut: return t.msgsOut;
    case BytesIn: return t.bytesIn;
    case BytesOut: return t.bytesOut;
    case Pending: return c.pendingBytes;
    case Subscriptions: return std::max<qint64>(c.subscriptionCount, c.subscriptions.size());
    case Uptime: return c.started.msecsTo(m_now);
    case Idle: return c.lastActivity.isValid() ? c.lastActivity.msecsTo(m_now) : qint64(0);
    default: return displayValue(c, column);
    }
}

int ConnectionsModel::rowForId(quint64 id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const Row &c, quint64 value) { return c->id < value; });
    return it != m_rows.cend() && (*it)->id == id ? int(it - m_rows.cbegin()) : -1;
}

void ConnectionsModel::update(const QList<ConnectionSnapshot> &connections, const QDateTime &now)
{
    emit aboutToUpdate();
    const bool clockMoved = now != m_now;
    m_now = now;
    if (countRuns(connections) > kMaxRunsBeforeReset) {
        resetTo(connections);
    } else {
        removeMissing(connections);
        insertNew(connections);
        replaceChanged(connections);
        if (clockMoved && !m_rows.empty())
            emit dataChanged(index(0, Uptime), index(int(m_rows.size()) - 1, Idle), {Qt::DisplayRole, SortRole});
    }
    emit updated();
}

void ConnectionsModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ConnectionsModel::countRuns(const QList<ConnectionSnapshot> &connections) const
{
    // Walks both sorted id lists once, counting maximal runs of rows only on one side.
    int runs = 0;
    size_t i = 0;
    qsizetype j = 0;
    enum { Both, OnlyOld, OnlyNew } previous = Both;
    while (i < m_rows.size() || j < connections.size()) {
        const bool haveOld = i < m_rows.size(), haveNew = j < connections.size();
        auto side = Both;
        if (haveOld && haveNew && m_rows[i]->id == connections[j].id) {
            ++i;
            ++j;
        } else if (haveOld && (!haveNew || m_rows[i]->id < connections[j].id)) {
            side = OnlyOld;
            ++i;
        } else {
            side = OnlyNew;
            ++j;
        }
        if (side != Both && side != previous)
            ++runs;
        previous = side;
    }
    return runs;
}

void ConnectionsModel::resetTo(const QList<ConnectionSnapshot> &connections)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(size_t(connections.size()));
    for (const auto &c : connections)
        m_rows.push_back(std::make_unique<ConnectionSnapshot>(c));
    endResetModel();
}

void ConnectionsModel::removeMissing(const QList<ConnectionSnapshot> &connections)
{
    // Both lists are sorted by id: mark the rows that are gone, then remove runs from the end
    // so earlier row numbers stay valid.
    std::vector<bool> gone(m_rows.size(), false);
    qsizetype j = 0;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        while (j < connections.size() && connections[j].id < m_rows[i]->id)
            ++j;
        gone[i] = j >= connections.size() || connections[j].id != m_rows[i]->id;
    }
    for (qsizetype last = qsizetype(m_rows.size()) - 1; last >= 0; --last) {
        if (!gone[size_t(last)])
            continue;
        qsizetype first = last;
        while (first > 0 && gone[size_t(first - 1)])
            --first;
        beginRemoveRows({}, int(first), int(last));
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
        last = first;
    }
}

void ConnectionsModel::insertNew(const QList<ConnectionSnapshot> &connections)
{
    // After removeMissing the rows are a sorted subsequence of `connections`.
    size_t row = 0;
    qsizetype j = 0;
    while (j < connections.size()) {
        if (row < m_rows.size() && m_rows[row]->id == connections[j].id) {
            ++row;
            ++j;
            continue;
        }
        qsizetype end = j;
        while (end < connections.size() && (row >= m_rows.size() || connections[end].id != m_rows[row]->id))
            ++end;
        const auto count = size_t(end - j);
        beginInsertRows({}, int(row), int(row + count - 1));
        std::vector<Row> fresh;
        fresh.reserve(count);
        for (qsizetype k = j; k < end; ++k)
            fresh.push_back(std::make_unique<ConnectionSnapshot>(connections[k]));
        m_rows.insert(m_rows.begin() + qsizetype(row), std::make_move_iterator(fresh.begin()),
                      std::make_move_iterator(fresh.end()));
        endInsertRows();
        row += count;
        j = end;
    }
}

void ConnectionsModel::replaceChanged(const QList<ConnectionSnapshot> &connections)
{
    Q_ASSERT(size_t(connections.size()) == m_rows.size());
    QList<int> changed;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (!sameDisplayedState(*m_rows[i], connections[qsizetype(i)])) {
            *m_rows[i] = connections[qsizetype(i)];
            changed.append(int(i));
        }
    }
    if (changed.isEmpty())
        return;
    const int lastColumn = ColumnCount - 1;
    if (changed.size() * 2 > qsizetype(m_rows.size())) {
        emit dataChanged(index(changed.first(), 0), index(changed.last(), lastColumn));
        return;
    }
    for (qsizetype k = 0; k < changed.size();) {
        qsizetype end = k;
        while (end + 1 < changed.size() && changed[end + 1] == changed[end] + 1)
            ++end;
        emit dataChanged(index(changed[k], 0), index(changed[end], lastColumn));
        k = end + 1;
    }
}

} // namespace natsws::ui
