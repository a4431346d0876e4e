#include "screens/MainWindow.h"

#include "api/ApiClient.h"
#include "api/EventStream.h"
#include "api/SessionStore.h"
#include "core/AppContext.h"
#include "core/AppSettings.h"
#include "core/Format.h"
#include "models/CartModel.h"
#include "models/NotificationsModel.h"
#include "models/PositionsModel.h"
#include "screens/CertificateDialog.h"
#include "screens/LoginPage.h"
#include "screens/ProfileDialog.h"
#include "screens/SettingsDialog.h"
#include "screens/customer/BalancePage.h"
#include "screens/customer/CataloguePage.h"
#include "screens/customer/NotificationsPage.h"
#include "screens/customer/OrdersPage.h"
#include "screens/customer/RepeatOrder.h"
#include "screens/staff/DeliveriesPage.h"
#include "screens/staff/StatsPage.h"
#include "screens/staff/StockPage.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/BusyIndicator.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QResizeEvent>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolButton>
#include <QVBoxLayout>

MainWindow::MainWindow(AppContext* context, QWidget* parent)
    : QMainWindow(parent), m_context(context), m_stack(new QStackedWidget(this)),
      m_loginPage(new LoginPage(context, this)), m_shell(nullptr), m_connectionBanner(nullptr),
      m_sessionBanner(nullptr), m_navigation(nullptr), m_pages(nullptr), m_userLabel(nullptr),
      m_balanceLabel(nullptr), m_bellButton(nullptr), m_settingsButton(nullptr),
      m_signOutButton(nullptr), m_busy(new BusyIndicator(this)),
      m_connectionLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Lotok"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/lotok.svg")));
    m_shell = buildShell();
    m_stack->setObjectName(QStringLiteral("rootStack"));
    m_stack->addWidget(m_loginPage);
    m_stack->addWidget(m_shell);
    setCentralWidget(m_stack);

    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_busy);
    resize(1000, 680);
    restoreGeometry(QSettings().value(QStringLiteral("ui/geometry")).toByteArray());

    connect(m_loginPage, &LoginPage::signedIn, context, &AppContext::beginSession);
    connect(m_loginPage, &LoginPage::settingsRequested, this, &MainWindow::openSettings);
    connect(context, &AppContext::sessionStarted, this, &MainWindow::onSessionStarted);
    connect(context, &AppContext::sessionEnded, this, &MainWindow::onSessionEnded);
    connect(context, &AppContext::sessionExpired, this, [this] {
        m_loginPage->showMessage(Format::errorMessage(QStringLiteral("unauthorized"), {}));
    });
    connect(context, &AppContext::balanceChanged, this, &MainWindow::updateHeader);
    connect(context, &AppContext::newNotification, this, &MainWindow::onNotification);
    connect(context, &AppContext::readOnlyChanged, this, &MainWindow::updateConnection);
    connect(context->api(), &ApiClient::busyChanged, m_busy, &BusyIndicator::setBusy);
    connect(context->api(), &ApiClient::onlineChanged, this, &MainWindow::updateConnection);
    connect(context->notificationStream(), &EventStream::connectedChanged, this,
            &MainWindow::updateConnection);
    connect(context->staffStream(), &EventStream::connectedChanged, this,
            &MainWindow::updateConnection);
    connect(context->notifications(), &NotificationsModel::unreadCountChanged, this,
            &MainWindow::updateHeader);
    connect(context->sessionStore(), &SessionStore::availabilityChanged, this,
            [this](SessionStore::Availability availability) {
                m_loginPage->setKeychainAvailable(availability !=
                                                      SessionStore::Availability::Unavailable,
                                                  m_context->sessionStore()->unavailableReason());
            });
    connect(context, &AppContext::keychainSaveFailed, this, [this](const QString&) {
        m_sessionBanner->showMessage(
            Banner::Kind::Warning,
            tr("No system keychain is available, so you will stay signed in only until you "
               "quit."));
    });
    connect(context->sessionStore(), &SessionStore::loaded, this,
            [this](const QString& serverUrl, bool found, const Session& session) {
                if (!m_restoring || serverUrl != m_context->serverUrl()) {
                    return;
                }
                m_restoring = false;
                if (found && !session.isExpired() && !m_context->isSignedIn()) {
                    m_context->beginSession(session, true);
                }
            });
    connect(m_loginPage, &LoginPage::aboutRequested, this, &MainWindow::showAbout);
    connect(context->api()->tls(), &TlsPolicy::problem, this, &MainWindow::onCertificateProblem);
    // Quitting is explicit (Ctrl+Q, the tray's Quit): closing may only hide the window.
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quit);
    addAction(m_quitAction);
    setupTray();
    updateConnection();
}

void MainWindow::quit() {
    m_quitting = true;
    close();
    emit quitRequested();
}

void MainWindow::setTrayAvailable(bool available) {
    m_trayAvailable = available;
}

bool MainWindow::closesToTray() const {
    return m_trayAvailable && m_context->isSignedIn() && m_context->settings()->keepRunningInTray();
}

void MainWindow::showAbout() {
    auto* box =
        new QMessageBox(QMessageBox::Information, tr("About Lotok"),
                        tr("<h3>Lotok %1</h3>"
                           "<p>The desktop app of the Lotok shop: the catalogue, orders "
                           "and notifications for customers, and the back office for "
                           "staff.</p>"
                           "<p>Licensed under the Apache License, Version 2.0.</p>"
                           "<p>Built with Qt %2.</p>")
                            .arg(QStringLiteral(LOTOK_VERSION), QString::fromLatin1(qVersion())),
                        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutDialog"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildShell() {
    auto* shell = new QWidget(this);
    shell->setObjectName(QStringLiteral("shell"));

    auto* logo = new QLabel(shell);
    logo->setPixmap(
        QIcon(QStringLiteral(":/icons/lotok.svg")).pixmap(QSize(28, 28), devicePixelRatioF()));
    auto* title = new QLabel(tr("Lotok"), shell);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    title->setFont(titleFont);
    m_userLabel = new QLabel(shell);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    m_balanceLabel = new QLabel(shell);
    m_balanceLabel->setObjectName(QStringLiteral("headerBalance"));

    auto makeButton = [shell](const QString& name, const QString& icon, const QString& text) {
        auto* button = new QToolButton(shell);
        button->setObjectName(name);
        button->setIcon(QIcon(icon));
        button->setText(text);
        button->setToolTip(text);
        button->setAccessibleName(text);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(true);
        return button;
    };
    m_bellButton = makeButton(QStringLiteral("bellButton"), QStringLiteral(":/icons/bell.svg"),
                              tr("Notifications"));
    m_profileButton = makeButton(QStringLiteral("profileButton"),
                                 QStringLiteral(":/icons/user.svg"), tr("Profile"));
    connect(m_profileButton, &QToolButton::clicked, this, &MainWindow::openProfile);
    m_settingsButton = makeButton(QStringLiteral("settingsButton"),
                                  QStringLiteral(":/icons/settings.svg"), tr("Settings"));
    m_signOutButton = makeButton(QStringLiteral("signOutButton"),
                                 QStringLiteral(":/icons/logout.svg"), tr("Sign out"));
    auto* aboutButton =
        makeButton(QStringLiteral("aboutButton"), QStringLiteral(":/icons/info.svg"), tr("About"));
    aboutButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    connect(aboutButton, &QToolButton::clicked, this, &MainWindow::showAbout);
    connect(m_bellButton, &QToolButton::clicked, this,
            [this] { showPage(QStringLiteral("notificationsPage")); });
    connect(m_settingsButton, &QToolButton::clicked, this, &MainWindow::openSettings);
    connect(m_signOutButton, &QToolButton::clicked, this, [this] { m_context->endSession(true); });

    auto* header = new QHBoxLayout;
    header->addWidget(logo);
    header->addWidget(title);
    header->addSpacing(16);
    header->addWidget(m_userLabel);
    header->addStretch();
    header->addWidget(m_balanceLabel);
    header->addWidget(m_bellButton);
    header->addWidget(m_profileButton);
    header->addWidget(m_settingsButton);
    header->addWidget(m_signOutButton);
    header->addWidget(aboutButton);

    m_connectionBanner = new Banner(shell);
    m_connectionBanner->setObjectName(QStringLiteral("connectionBanner"));
    connect(m_connectionBanner, &Banner::actionTriggered, this, [this] {
        m_context->api()->retryNow();
        m_context->notificationStream()->reconnectNow();
        m_context->staffStream()->reconnectNow();
    });
    m_sessionBanner = new Banner(shell);
    m_sessionBanner->setObjectName(QStringLiteral("sessionBanner"));

    m_navigation = new QListWidget(shell);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Sections"));
    m_navigation->setIconSize(QSize(22, 22));
    m_navigation->setSpacing(2);
    m_navigation->setFixedWidth(190);
    m_pages = new QStackedWidget(shell);
    m_pages->setObjectName(QStringLiteral("pages"));
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        // Opening the notifications does not mark them read: the user does, one by one or
        // all at once (NotificationsPage).
        if (row >= 0) {
            m_pages->setCurrentIndex(row);
        }
    });

    auto* body = new QHBoxLayout;
    body->addWidget(m_navigation);
    body->addWidget(m_pages, 1);

    auto* layout = new QVBoxLayout(shell);
    layout->addLayout(header);
    layout->addWidget(m_connectionBanner);
    layout->addWidget(m_sessionBanner);
    layout->addLayout(body, 1);
    return shell;
}

void MainWindow::addPage(QWidget* page, const QString& icon, const QString& title) {
    auto* item = new QListWidgetItem(QIcon(icon), title, m_navigation);
    item->setData(Qt::UserRole, page->objectName());
    item->setData(kTitleRole, title);
    item->setData(Qt::AccessibleTextRole, title);
    m_pages->addWidget(page);
    // Ctrl+1, Ctrl+2, ... jump between sections from anywhere in the window.
    const int index = m_navigation->count() - 1;
    if (index < 9) {
        const QKeySequence keys(QKeyCombination(Qt::ControlModifier, Qt::Key(Qt::Key_1 + index)));
        auto* shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this,
                [this, index] { m_navigation->setCurrentRow(index); });
        m_pageShortcuts.append(shortcut);
        item->setToolTip(
            QStringLiteral("%1 (%2)").arg(title, keys.toString(QKeySequence::NativeText)));
    }
}

void MainWindow::clearPages() {
    qDeleteAll(m_pageShortcuts);
    m_pageShortcuts.clear();
    m_navigation->clear();
    while (m_pages->count() > 0) {
        auto* page = m_pages->widget(0);
        m_pages->removeWidget(page);
        page->deleteLater();
    }
}

void MainWindow::buildPages() {
    clearPages();
    if (m_context->session().isStaff()) {
        auto* board = new OrdersPage(m_context, OrdersModel::Scope::Staff, m_pages);
        addPage(board, QStringLiteral(":/icons/orders.svg"), tr("Orders"));
        addPage(new DeliveriesPage(m_context, m_pages), QStringLiteral(":/icons/truck.svg"),
                tr("Deliveries"));
        auto* stock = new StockPage(m_context, m_pages);
        connect(this, &MainWindow::compactChanged, stock, &StockPage::setCompact);
        addPage(stock, QStringLiteral(":/icons/box.svg"), tr("Stock"));
        auto* stats = new StatsPage(m_context, m_pages);
        connect(this, &MainWindow::compactChanged, stats, &StatsPage::setCompact);
        addPage(stats, QStringLiteral(":/icons/chart.svg"), tr("Sales"));
    } else {
        auto* catalogue = new CataloguePage(m_context, m_pages);
        connect(this, &MainWindow::compactChanged, catalogue, &CataloguePage::setCompact);
        auto* balance = new BalancePage(m_context, m_pages);
        auto* orders = new OrdersPage(m_context, m_pages);
        auto* notifications = new NotificationsPage(m_context, m_pages);
        addPage(catalogue, QStringLiteral(":/icons/catalogue.svg"), tr("Catalogue"));
        addPage(balance, QStringLiteral(":/icons/wallet.svg"), tr("Balance"));
        addPage(orders, QStringLiteral(":/icons/orders.svg"), tr("Orders"));
        addPage(notifications, QStringLiteral(":/icons/bell.svg"), tr("Notifications"));
        connect(catalogue, &CataloguePage::topUpRequested, this, [this, balance](qint64 amount) {
            showPage(QStringLiteral("balancePage"));
            balance->suggestAmount(amount);
        });
        connect(notifications, &NotificationsPage::orderRequested, orders, &OrdersPage::openOrder);
        connect(orders, &OrdersPage::repeatOrderRequested, this,
                [this, catalogue](const Order& order) {
                    RepeatOrder::start(m_context, catalogue->cart(), order, catalogue,
                                       [this](Banner::Kind kind, const QString& message) {
                                           showPage(QStringLiteral("cataloguePage"));
                                           m_sessionBanner->showMessage(kind, message);
                                       });
                });
    }
    m_navigation->setCurrentRow(0);
    updateCompact();
}

bool MainWindow::showPage(const QString& objectName) {
    for (int row = 0; row < m_navigation->count(); ++row) {
        if (m_navigation->item(row)->data(Qt::UserRole).toString() == objectName) {
            m_navigation->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QStringList MainWindow::pageNames() const {
    QStringList names;
    for (int row = 0; row < m_navigation->count(); ++row) {
        names.append(m_navigation->item(row)->data(Qt::UserRole).toString());
    }
    return names;
}

void MainWindow::start() {
    m_stack->setCurrentWidget(m_loginPage);
    m_restoring = true;
    m_context->sessionStore()->load(m_context->serverUrl());
}

void MainWindow::onSessionStarted() {
    m_sessionBanner->clear();
    buildPages();
    m_bellButton->setVisible(!m_context->session().isStaff());
    m_balanceLabel->setVisible(!m_context->session().isStaff());
    updateHeader();
    updateConnection();
    m_stack->setCurrentWidget(m_shell);
}

void MainWindow::onSessionEnded() {
    clearPages();
    m_loginPage->reset();
    m_stack->setCurrentWidget(m_loginPage);
    updateConnection();
}

void MainWindow::updateHeader() {
    const auto& session = m_context->session();
    if (!session.isValid()) {
        return;
    }
    m_userLabel->setText(session.isStaff() ? tr("%1 (staff)").arg(session.login) : session.login);
    const auto balance = m_context->balance();
    m_balanceLabel->setText(balance ? tr("Balance: %1").arg(Format::money(*balance)) : QString());
    const int unread = m_context->notifications()->unreadCount();
    m_bellButton->setText(unread > 0 ? tr("Notifications (%1)").arg(unread) : tr("Notifications"));
    m_bellButton->setAccessibleName(tr("Notifications, %n unread", nullptr, unread));
}

void MainWindow::updateConnection() {
    const bool online = m_context->api()->isOnline();
    if (!m_context->isSignedIn()) {
        m_connectionLabel->setText(online ? QString() : tr("Offline"));
        if (!online) {
            m_loginPage->showMessage(
                tr("Cannot reach the server at %1. Retrying…").arg(m_context->serverUrl()));
        }
        return;
    }
    if (!online) {
        m_connectionBanner->showMessage(
            Banner::Kind::Warning,
            tr("The connection to the server is lost. Showing saved data; retrying…"),
            tr("Retry now"));
        m_connectionLabel->setText(tr("Offline"));
        return;
    }
    if (!m_context->isSynced()) {
        m_connectionBanner->showMessage(Banner::Kind::Info,
                                        tr("Showing saved data while syncing with the server…"));
    } else {
        m_connectionBanner->clear();
    }
    const auto* stream =
        m_context->session().isStaff() ? m_context->staffStream() : m_context->notificationStream();
    m_connectionLabel->setText(stream->isConnected() ? tr("Live") : tr("Connected"));
}

void MainWindow::onNotification(const Notification& notification) {
    if (m_tray && m_context->settings()->trayNotifications()) {
        m_tray->showMessage(Format::notificationType(notification.type),
                            Format::notificationText(notification.type, notification.orderId),
                            QIcon(QStringLiteral(":/icons/lotok.svg")), 8000);
    }
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    updateCompact();
}

void MainWindow::updateCompact() {
    // Narrow windows (683 px and up must work): the sections become icons with tooltips and
    // the header's buttons lose their words, so the page keeps the width it needs.
    const bool compact = width() < 900;
    emit compactChanged(compact);
    if (m_pages && compact != m_compact) {
        // The pages not on screen changed their minimum too, but a hidden widget's
        // updateGeometry() reaches nobody: the stack would keep the wide minimum (741 px in
        // Russian, from the Stock page's boxes side by side) until shown again.
        m_pages->layout()->invalidate();
        m_pages->updateGeometry();
    }
    m_compact = compact;
    if (m_navigation) {
        const int iconWidth = m_navigation->iconSize().width();
        m_navigation->setFixedWidth(compact ? iconWidth + 24 : 190);
        for (int row = 0; row < m_navigation->count(); ++row) {
            auto* item = m_navigation->item(row);
            item->setText(compact ? QString() : item->data(kTitleRole).toString());
        }
    }
    for (auto* button : {m_bellButton, m_profileButton, m_settingsButton, m_signOutButton}) {
        if (button) {
            button->setToolButtonStyle(compact ? Qt::ToolButtonIconOnly
                                               : Qt::ToolButtonTextBesideIcon);
        }
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(QStringLiteral("ui/geometry"), saveGeometry());
    if (!m_quitting && closesToTray()) {
        // Out of the way, still signed in and listening: notifications keep arriving.
        event->ignore();
        hide();
        if (m_tray && !m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->showMessage(tr("Lotok is still running"),
                                tr("New notifications will appear here. Choose Quit in this "
                                   "icon's menu to close Lotok."),
                                QIcon(QStringLiteral(":/icons/lotok.svg")), 6000);
        }
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::setupTray() {
    m_trayAvailable = QSystemTrayIcon::isSystemTrayAvailable();
    if (!m_trayAvailable) {
        return;
    }
    m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/lotok.svg")), this);
    m_tray->setToolTip(tr("Lotok"));
    auto* menu = new QMenu(this);
    menu->addAction(tr("Show Lotok"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(m_quitAction);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        activateWindow();
        showPage(QStringLiteral("notificationsPage"));
    });
    m_tray->show();
}

void MainWindow::openProfile() {
    if (!m_context->isSignedIn()) {
        return;
    }
    auto* dialog = new ProfileDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::onCertificateProblem(const TlsPolicy::Problem& problem) {
    const QString key = QStringLiteral("%1 %2 %3")
                            .arg(problem.hostPort, TlsPolicy::fingerprint(problem.certificate))
                            .arg(int(problem.kind));
    if (m_certificateDialog || m_certificatesAsked.contains(key)) {
        return;
    }
    m_certificatesAsked.insert(key);
    auto* dialog = new CertificateDialog(problem, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_certificateDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, problem] {
        m_certificatesAsked.clear();
        m_context->trustCertificate(problem.hostPort, TlsPolicy::fingerprint(problem.certificate));
    });
    // Window-modal and never a nested event loop: replies keep arriving behind it.
    dialog->open();
}

void MainWindow::openSettings() {
    SettingsDialog dialog(m_context->settings(), m_context->serverUrl(), this);
    const int result = dialog.exec();
    // A forgotten certificate counts at once, even if the rest was cancelled.
    m_context->reloadPinnedCertificates();
    m_certificatesAsked.clear();
    if (result != QDialog::Accepted) {
        return;
    }
    if (m_context->session().isStaff()) {
        m_context->positions()->setLowStockThreshold(m_context->settings()->lowStockThreshold());
    }
    if (dialog.serverUrl() != m_context->serverUrl()) {
        // Another server means another account: sign out of this one first.
        m_context->endSession(true);
        m_context->setServerUrl(dialog.serverUrl());
        m_loginPage->setServerUrl(dialog.serverUrl());
        start();
    }
}
