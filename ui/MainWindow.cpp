#include "ui/MainWindow.h"

#include "core/monitor/ConnectionRegistry.h"
#include "core/server/Logger.h"
#include "ui/ChartsPanel.h"
#include "ui/ConnectionsView.h"
#include "ui/DashboardModels.h"
#include "ui/FilteredTable.h"
#include "ui/HistoryTab.h"
#include "ui/LogPane.h"
#include "ui/MonitorPoller.h"
#include "ui/ServerController.h"
#include "ui/StatusLine.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#ifdef NATSWS_HAVE_RESOURCES
#include "resources/AppIcon.h"
#endif

namespace natsws::ui {

namespace {
QIcon applicationIcon()
{
#ifdef NATSWS_HAVE_RESOURCES
    const QIcon icon = resources::appIcon();
    if (!icon.isNull())
        return icon;
#endif
    if (QFile::exists(QStringLiteral(":/icons/natsws.png")))
        return QIcon(QStringLiteral(":/icons/natsws.png"));
    return QIcon::fromTheme(QStringLiteral("network-server"));
}
} // namespace

MainWindow::MainWindow(ServerController &controller, QWidget *parent)
    : QMainWindow(parent), m_controller(controller),
      m_models(new DashboardModels(controller.options().closedHistory, this)), m_poller(new MonitorPoller(this))
{
    setWindowTitle(tr("natsws — NATS for WebSocket clients"));
    setWindowIcon(applicationIcon());
    buildActions();

    m_connectionsView = new ConnectionsView(m_models->connections());
    m_closedTab = new HistoryTab(&m_models->closed(), ClosedConnectionsModel::SortRole, ClosedConnectionsModel::ClosedAt,
                                 &m_models->closeReasons(), tr("Closed connections per reason"));
    m_rejectionsTab = new HistoryTab(&m_models->rejections(), RejectionsModel::SortRole, RejectionsModel::Time,
                                     &m_models->rejectedOrigins(), tr("Refused handshakes per origin"));
    m_charts = new ChartsPanel;
    m_log = new LogPane;
    m_tabs = new QTabWidget;
    m_tabs->addTab(m_connectionsView, QString());
    m_tabs->addTab(m_closedTab, QString());
    m_tabs->addTab(m_rejectionsTab, QString());
    m_tabs->addTab(m_charts, tr("Charts"));
    m_tabs->addTab(m_log, tr("Log"));
    updateTabTitles();

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(buildServerBar());
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_status = new StatusLine;
    statusBar()->addPermanentWidget(m_status, 1);

    connect(m_connectionsView, &ConnectionsView::closeRequested, this, &MainWindow::closeConnection);
    connect(m_models, &DashboardModels::trafficMeasured, m_charts, &ChartsPanel::addPoint);
    connect(m_poller, &MonitorPoller::sampled, this, &MainWindow::applySample);
    connect(&m_controller, &ServerController::runningChanged, this, [this] {
        showServerState();
        m_poller->poll();
    });
    connect(&m_controller, &ServerController::aboutToReplaceServer, this, [this] { m_poller->setRegistry(nullptr); });
    connect(&m_controller, &ServerController::serverReplaced, this, &MainWindow::attachRegistry);
    connect(&m_controller, &ServerController::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Server error: %1").arg(message), 10000);
    });

    attachRegistry();
    showServerState();
    m_poller->start();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    // The poller's thread must not read the registry once the window (and maybe the
    // controller right after it) is going away.
    m_poller->setRegistry(nullptr);
}

void MainWindow::buildActions()
{
    m_start = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start server"), this);
    m_stop = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top server"), this);
    m_openConfig = new QAction(tr("&Open config file…"), this);
    m_openConfig->setShortcut(QKeySequence::Open);
    m_exportCsv = new QAction(tr("Export as &CSV…"), this);
    m_exportJson = new QAction(tr("Export as &JSON Lines…"), this);
    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_about = new QAction(tr("&About natsws"), this);

    connect(m_start, &QAction::triggered, &m_controller, &ServerController::start);
    connect(m_stop, &QAction::triggered, &m_controller, &ServerController::stop);
    connect(m_openConfig, &QAction::triggered, this, &MainWindow::openConfigFile);
    connect(m_exportCsv, &QAction::triggered, this, [this] { exportWithDialog(monitor::ExportFormat::Csv); });
    connect(m_exportJson, &QAction::triggered, this, [this] { exportWithDialog(monitor::ExportFormat::JsonLines); });
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About natsws"),
                           tr("natsws %1\nA NATS server for WebSocket clients, with this dashboard.")
                               .arg(QStringLiteral(NATSWS_VERSION)));
    });

    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->addAction(m_openConfig);
    QMenu *exportMenu = m_fileMenu->addMenu(tr("&Export"));
    exportMenu->addAction(m_exportCsv);
    exportMenu->addAction(m_exportJson);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quit);
    m_serverMenu = menuBar()->addMenu(tr("&Server"));
    m_serverMenu->addAction(m_start);
    m_serverMenu->addAction(m_stop);
    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpMenu->addAction(m_about);
}

QWidget *MainWindow::urlField(QLineEdit *edit, const QString &copyTip)
{
    edit->setReadOnly(true);
    edit->setMinimumWidth(220);
    auto *copy = new QToolButton;
    copy->setText(tr("Copy"));
    copy->setToolTip(copyTip);
    connect(copy, &QToolButton::clicked, this, [edit] {
        if (!edit->text().isEmpty())
            QGuiApplication::clipboard()->setText(edit->text());
    });
    auto *box = new QWidget;
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(edit);
    layout->addWidget(copy);
    return box;
}

QWidget *MainWindow::buildServerBar()
{
    m_startStopButton = new QToolButton;
    m_startStopButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stateLabel = new QLabel;
    m_wsUrl = new QLineEdit;
    m_natsUrl = new QLineEdit;
    m_wsLabel = new QLabel(tr("WebSocket:"));
    m_natsLabel = new QLabel(tr("NATS:"));

    auto *bar = new QWidget;
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_startStopButton);
    layout->addWidget(m_stateLabel);
    layout->addSpacing(16);
    layout->addWidget(m_wsLabel);
    layout->addWidget(urlField(m_wsUrl, tr("Copy the WebSocket URL for nats.ws and browsers")));
    layout->addSpacing(8);
    layout->addWidget(m_natsLabel);
    layout->addWidget(urlField(m_natsUrl, tr("Copy the NATS URL for TCP clients")));
    layout->addStretch(1);
    return bar;
}

void MainWindow::attachRegistry()
{
    // A replaced server brings a new registry: the views start over with its history.
    m_models->clear();
    m_models->setHistoryLimit(m_controller.options().closedHistory);
    m_charts->clear();
    m_poller->setRegistry(&m_controller.registry());
    m_poller->poll();
}

void MainWindow::showServerState()
{
    const bool running = m_controller.isRunning();
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    m_startStopButton->setDefaultAction(running ? m_stop : m_start);
    m_stateLabel->setText(running ? tr("Running") : tr("Stopped"));
    m_wsUrl->setText(m_controller.wsUrl());
    m_natsUrl->setText(m_controller.natsUrl());
    // Running without a WebSocket URL means the listener is configured off.
    m_wsUrl->setPlaceholderText(running ? tr("off") : tr("not listening"));
    m_natsUrl->setPlaceholderText(tr("not listening"));
    m_status->showTotals(*m_models, running);
}

void MainWindow::applySample(const MonitorSample &sample)
{
    m_models->apply(sample);
    m_status->showTotals(*m_models, m_controller.isRunning());
    updateTabTitles();
}

void MainWindow::updateTabTitles()
{
    m_tabs->setTabText(0, tr("Connections (%1)").arg(m_models->connections().rowCount()));
    m_tabs->setTabText(1, tr("Closed (%1)").arg(m_models->closed().rowCount()));
    m_tabs->setTabText(2, tr("Rejections (%1)").arg(m_models->rejections().rowCount()));
}

void MainWindow::openConfigFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open config file"), QString(),
                                                      tr("NATS config (*.conf *.cfg);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_controller.loadConfigFile(path, &error)) {
        QMessageBox::warning(this, tr("Config file not loaded"), error);
        return;
    }
    showServerState();
    statusBar()->showMessage(tr("Loaded %1").arg(path), 5000);
}

monitor::ExportResult MainWindow::exportTo(const QString &directory, monitor::ExportFormat format)
{
    const monitor::ExportResult result =
        monitor::writeExport(monitor::exportDataFrom(m_controller.registry()), directory, format);
    if (result.ok())
        statusBar()->showMessage(tr("Exported %n file(s) to %1", nullptr, int(result.files.size())).arg(directory), 8000);
    else
        statusBar()->showMessage(tr("Export failed: %1").arg(result.error), 10000);
    return result;
}

void MainWindow::exportWithDialog(monitor::ExportFormat format)
{
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Export into folder"));
    if (directory.isEmpty())
        return;
    const monitor::ExportResult result = exportTo(directory, format);
    if (!result.ok())
        QMessageBox::warning(this, tr("Export failed"), result.error);
}

void MainWindow::closeConnection(quint64 id)
{
    if (m_controller.registry().requestClose(id)) {
        server::logNotice(QStringLiteral("Operator closed connection cid:%1 from the dashboard").arg(id));
        statusBar()->showMessage(tr("Asked connection %1 to close").arg(id), 5000);
    } else {
        statusBar()->showMessage(tr("Connection %1 is already gone").arg(id), 5000);
    }
}

} // namespace natsws::ui
