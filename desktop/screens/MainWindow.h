#pragma once

#include "api/TlsPolicy.h"
#include "models/Dto.h"

#include <QDialog>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

class AppContext;
class Banner;
class BusyIndicator;
class LoginPage;
class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QSystemTrayIcon;
class QShortcut;
class QToolButton;

// The window: sign in first, then the pages of the signed-in role. Staff pages are created
// only for staff, so a customer's window does not even contain them.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(AppContext* context, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Restores a kept session from the keychain, or shows sign in.
    void start();
    // Switches to the page with this object name ("cataloguePage", "stockPage", ...).
    bool showPage(const QString& objectName);
    QStringList pageNames() const;
    LoginPage* loginPage() const { return m_loginPage; }
    // Whether closing the window hides it to the tray instead (the setting, a tray to
    // return from, and someone signed in whose notifications should keep arriving).
    bool closesToTray() const;
    // The platform's answer by default; a tray may also appear after start-up.
    void setTrayAvailable(bool available);
    void showAbout();
    // The signed-in user's own profile (and password), customers and staff alike.
    void openProfile();

public slots:
    // Closes for real (Ctrl+Q, the tray's Quit) and asks the application to end.
    void quit();

signals:
    void quitRequested();
    // The window became narrow (under 900 px) or wide again; pages lay out accordingly.
    void compactChanged(bool compact);

private:
    QWidget* buildShell();
    void buildPages();
    void clearPages();
    void addPage(QWidget* page, const QString& icon, const QString& title);
    void onSessionStarted();
    void onSessionEnded();
    void onNotification(const Notification& notification);
    void updateHeader();
    void updateConnection();
    void openSettings();
    void onCertificateProblem(const TlsPolicy::Problem& problem);
    void setupTray();
    // Icons only for the sections and the header's buttons in a narrow window.
    void updateCompact();

    static constexpr int kTitleRole = Qt::UserRole + 1;

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    AppContext* m_context;
    QStackedWidget* m_stack;
    LoginPage* m_loginPage;
    QWidget* m_shell;
    Banner* m_connectionBanner;
    Banner* m_sessionBanner;
    QListWidget* m_navigation;
    QStackedWidget* m_pages;
    QLabel* m_userLabel;
    QLabel* m_balanceLabel;
    QToolButton* m_bellButton;
    QToolButton* m_profileButton = nullptr;
    QToolButton* m_settingsButton;
    QToolButton* m_signOutButton;
    BusyIndicator* m_busy;
    QLabel* m_connectionLabel;
    QSystemTrayIcon* m_tray = nullptr;
    QList<QShortcut*> m_pageShortcuts;
    QAction* m_quitAction = nullptr;
    bool m_restoring = false;
    // One certificate dialog at a time, and each refused certificate asked about once (the
    // probes and streams meet it again every few seconds) until Settings are closed.
    QPointer<QDialog> m_certificateDialog;
    QSet<QString> m_certificatesAsked;
    bool m_trayAvailable = false;
    bool m_quitting = false;
    bool m_toldAboutTray = false;
    bool m_compact = false;
};
