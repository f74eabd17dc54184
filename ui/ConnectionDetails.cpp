#include "ui/ConnectionDetails.h"

#include "ui/Format.h"

#include <QHeaderView>

namespace natsws::ui {

ConnectionDetails::ConnectionDetails(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    setUniformRowHeights(true);
    m_headers = new QTreeWidgetItem(this, {tr("Handshake request headers")});
    m_extension = new QTreeWidgetItem(this, {tr("Negotiated extension")});
    m_subscriptions = new QTreeWidgetItem(this, {tr("Subscriptions")});
    m_counters = new QTreeWidgetItem(this, {tr("Counters")});
    expandAll();
    showNothing();
}

std::optional<quint64> ConnectionDetails::shownId() const
{
    return m_id;
}

void ConnectionDetails::setChildren(QTreeWidgetItem *section, const QList<std::pair<QString, QString>> &rows)
{
    // Same shape: update texts in place; otherwise rebuild this section only.
    if (section->childCount() != rows.size()) {
        qDeleteAll(section->takeChildren());
        for (const auto &row : rows)
            section->addChild(new QTreeWidgetItem({row.first, row.second}));
        return;
    }
    for (int i = 0; i < rows.size(); ++i) {
        QTreeWidgetItem *child = section->child(i);
        if (child->text(0) != rows[i].first)
            child->setText(0, rows[i].first);
        if (child->text(1) != rows[i].second)
            child->setText(1, rows[i].second);
    }
}

void ConnectionDetails::showNothing()
{
    m_id.reset();
    for (QTreeWidgetItem *section : {m_headers, m_extension, m_subscriptions, m_counters})
        setChildren(section, {});
    m_headers->setText(1, tr("no connection selected"));
}

void ConnectionDetails::showConnection(const monitor::ConnectionSnapshot &c)
{
    m_id = c.id;
    m_headers->setText(1, c.kind == monitor::ConnectionKind::Tcp ? tr("none (plain NATS over TCP)")
                                                                 : tr("%n header(s)", nullptr, int(c.requestHeaders.size())));
    setChildren(m_headers, c.requestHeaders);

    m_extension->setText(1, c.extension.isEmpty() ? tr("none") : c.extension);

    QList<std::pair<QString, QString>> subs;
    for (const auto &subject : c.subscriptions)
        subs.append({subject, QString()});
    m_subscriptions->setText(1, Format::count(std::max<qint64>(c.subscriptionCount, c.subscriptions.size())));
    setChildren(m_subscriptions, subs);

    const monitor::TrafficCounters &t = c.traffic;
    setChildren(m_counters, {
        {tr("Messages in / out"), QStringLiteral("%1 / %2").arg(Format::count(t.msgsIn), Format::count(t.msgsOut))},
        {tr("Payload bytes in / out"), QStringLiteral("%1 / %2").arg(Format::bytes(t.bytesIn), Format::bytes(t.bytesOut))},
        {tr("Wire bytes in / out"), QStringLiteral("%1 / %2").arg(Format::bytes(t.wireBytesIn), Format::bytes(t.wireBytesOut))},
        {tr("Protocol bytes in frames in / out"),
         QStringLiteral("%1 / %2").arg(Format::bytes(t.frameBytesIn), Format::bytes(t.frameBytesOut))},
        {tr("Compression ratio in / out"), QStringLiteral("%1 / %2").arg(Format::ratio(t.ratioIn()), Format::ratio(t.ratioOut()))},
        {tr("Compressed messages in / out"),
         QStringLiteral("%1 / %2").arg(Format::count(t.compressedMsgsIn), Format::count(t.compressedMsgsOut))},
        {tr("Pending bytes"), Format::bytes(c.pendingBytes)},
        {tr("Client"), QStringLiteral("%1 %2 %3").arg(c.clientName, c.lang, c.version).trimmed()},
        {tr("User"), c.user.isEmpty() ? Format::none() : QStringLiteral("%1 (%2)").arg(c.user, c.authMethod)},
        {tr("Started"), Format::time(c.started)},
        {tr("Last activity"), Format::time(c.lastActivity)},
    });
}

} // namespace natsws::ui
