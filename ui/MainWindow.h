#pragma once
// The dashboard window: server start/stop and its URLs, the live views as tabs, the status
// line, File → Open config / Export. It only observes the server through the registry,
// polled about once a second.
#include "core/monitor/Export.h"

#include <QMainWindow>

class QAction;
class QLineEdit;
class QTabWidget;
class QToolButton;
class QLabel;
class QMenu;

namespace natsws::ui {

class ChartsPanel;
class ConnectionsView;
class DashboardModels;
class HistoryTab;
class LogPane;
class MonitorPoller;
class ServerController;
class StatusLine;
struct MonitorSample;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(ServerController &controller, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Writes the three tables into `directory`; the result is also shown in the status bar.
    monitor::ExportResult exportTo(const QString &directory, monitor::ExportFormat format);

    DashboardModels &models() { return *m_models; }
    MonitorPoller &poller() { return *m_poller; }
    ConnectionsView *connectionsView() const { return m_connectionsView; }
    HistoryTab *closedTab() const { return m_closedTab; }
    HistoryTab *rejectionsTab() const { return m_rejectionsTab; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    LogPane *logPane() const { return m_log; }
    StatusLine *statusLine() const { return m_status; }
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *wsUrlEdit() const { return m_wsUrl; }
    QLineEdit *natsUrlEdit() const { return m_natsUrl; }
    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }

private:
    void buildActions();
    QWidget *buildServerBar();
    QWidget *urlField(QLineEdit *edit, const QString &copyTip);
    void applySample(const MonitorSample &sample);
    void attachRegistry();
    void showServerState();
    void updateTabTitles();
    void openConfigFile();
    void exportWithDialog(monitor::ExportFormat format);
    void closeConnection(quint64 id);

    ServerController &m_controller;
    DashboardModels *m_models;
    MonitorPoller *m_poller;
    QTabWidget *m_tabs = nullptr;
    ConnectionsView *m_connectionsView = nullptr;
    HistoryTab *m_closedTab = nullptr, *m_rejectionsTab = nullptr;
    ChartsPanel *m_charts = nullptr;
    LogPane *m_log = nullptr;
    StatusLine *m_status = nullptr;
    QLabel *m_stateLabel = nullptr, *m_wsLabel = nullptr, *m_natsLabel = nullptr;
    QLineEdit *m_wsUrl = nullptr, *m_natsUrl = nullptr;
    QToolButton *m_startStopButton = nullptr;
    QAction *m_start = nullptr, *m_stop = nullptr, *m_openConfig = nullptr, *m_exportCsv = nullptr,
            *m_exportJson = nullptr, *m_quit = nullptr, *m_about = nullptr;
    QMenu *m_fileMenu = nullptr, *m_serverMenu = nullptr, *m_helpMenu = nullptr;
};

} // namespace natsws::ui
