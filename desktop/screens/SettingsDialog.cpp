#include "screens/SettingsDialog.h"

#include "api/TlsPolicy.h"
#include "core/AppSettings.h"
#include "screens/LoginPage.h"
#include "screens/widgets/Banner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(AppSettings* settings, const QString& currentServer, QWidget* parent)
    : QDialog(parent), m_settings(settings), m_server(new QLineEdit(currentServer, this)),
      m_serverError(new QLabel(this)), m_insecure(new Banner(this)), m_pinned(new QLabel(this)),
      m_forgetPin(new QPushButton(tr("&Forget the trusted certificate"), this)),
      m_hostPort(TlsPolicy::hostPort(QUrl(currentServer))), m_language(new QComboBox(this)),
      m_tray(new QCheckBox(tr("Show a &tray message for each new notification"), this)),
      m_keepInTray(new QCheckBox(tr("&Closing the window keeps Lotok running in the tray"), this)),
      m_lowStock(new QSpinBox(this)), m_initialLanguage(settings->language()) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_server->setObjectName(QStringLiteral("serverUrlEdit"));
    m_server->setAccessibleName(tr("Server address"));
    m_server->setPlaceholderText(AppSettings::defaultServerUrl());
    m_serverError->setObjectName(QStringLiteral("serverUrlError"));
    m_serverError->setStyleSheet(QStringLiteral("color: #c5221f;"));
    m_serverError->hide();
    m_insecure->setObjectName(QStringLiteral("insecureServerWarning"));
    connect(m_server, &QLineEdit::textChanged, this, &SettingsDialog::updateInsecure);
    updateInsecure();
    // The certificate trusted once for the server in use; forgetting it is the only way to
    // accept a changed one (the app never offers to trust over a pin).
    const QString pinned = settings->pinnedCertificates().value(m_hostPort);
    m_pinned->setObjectName(QStringLiteral("pinnedCertificateLabel"));
    m_pinned->setWordWrap(true);
    m_pinned->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pinned->setText(tr("Trusted certificate for %1: SHA-256 %2").arg(m_hostPort, pinned));
    m_forgetPin->setObjectName(QStringLiteral("forgetCertificateButton"));
    connect(m_forgetPin, &QPushButton::clicked, this, [this] {
        m_settings->forgetPinnedCertificate(m_hostPort);
        m_pinned->setText(tr("The certificate trusted for %1 is forgotten.").arg(m_hostPort));
        m_forgetPin->setEnabled(false);
    });
    m_pinned->setVisible(!pinned.isEmpty());
    m_forgetPin->setVisible(!pinned.isEmpty());
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System default"), QString());
    // Language names in their own language, so anyone can find theirs.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Русский"), QStringLiteral("ru"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings->language())));
    m_tray->setObjectName(QStringLiteral("trayCheck"));
    m_tray->setChecked(settings->trayNotifications());
    m_keepInTray->setObjectName(QStringLiteral("keepInTrayCheck"));
    m_keepInTray->setChecked(settings->keepRunningInTray());
    m_lowStock->setObjectName(QStringLiteral("lowStockSpin"));
    m_lowStock->setRange(0, 1000000);
    m_lowStock->setSpecialValueText(tr("Off"));
    m_lowStock->setValue(settings->lowStockThreshold());

    auto* form = new QFormLayout;
    auto* serverLabel = new QLabel(tr("&Server:"), this);
    serverLabel->setBuddy(m_server);
    form->addRow(serverLabel, m_server);
    form->addRow(QString(), m_serverError);
    form->addRow(QString(), m_pinned);
    form->addRow(QString(), m_forgetPin);
    auto* languageLabel = new QLabel(tr("&Language:"), this);
    languageLabel->setBuddy(m_language);
    form->addRow(languageLabel, m_language);
    form->addRow(QString(), m_tray);
    form->addRow(QString(), m_keepInTray);
    auto* lowStockLabel = new QLabel(tr("Highlight &low stock at or below:"), this);
    lowStockLabel->setBuddy(m_lowStock);
    form->addRow(lowStockLabel, m_lowStock);
    auto* note = new QLabel(tr("A new language takes effect the next time Lotok starts."), this);
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("settingsButtons"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_insecure);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void SettingsDialog::updateInsecure() {
    if (AppSettings::isInsecureRemote(serverUrl())) {
        m_insecure->showMessage(Banner::Kind::Warning, LoginPage::insecureServerWarning());
    } else {
        m_insecure->clear();
    }
}

QString SettingsDialog::serverUrl() const {
    return AppSettings::normalizeServerUrl(m_server->text());
}

QString SettingsDialog::language() const {
    return m_language->currentData().toString();
}

bool SettingsDialog::trayNotifications() const {
    return m_tray->isChecked();
}

void SettingsDialog::accept() {
    if (serverUrl().isEmpty()) {
        m_serverError->setText(
            tr("Enter an address such as %1.").arg(AppSettings::defaultServerUrl()));
        m_serverError->show();
        m_server->setFocus();
        return;
    }
    m_settings->setServerUrl(serverUrl());
    m_settings->setLanguage(language());
    m_settings->setTrayNotifications(trayNotifications());
    m_settings->setKeepRunningInTray(m_keepInTray->isChecked());
    m_settings->setLowStockThreshold(m_lowStock->value());
    QDialog::accept();
}
