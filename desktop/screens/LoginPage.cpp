#include "screens/LoginPage.h"

#include "api/ApiClient.h"
#include "api/TlsPolicy.h"
#include "core/AppContext.h"
#include "core/AppSettings.h"
#include "core/Format.h"
#include "core/Translations.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/BusyIndicator.h"
#include "screens/widgets/FormField.h"
#include "screens/widgets/ProfileFields.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

LoginPage::LoginPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_tabs(new QTabWidget(this)), m_banner(new Banner(this)),
      m_insecureBanner(new Banner(this)), m_busy(new BusyIndicator(this)), m_keepSignedIn(nullptr),
      m_keychainNote(nullptr), m_signInButton(nullptr), m_registerButton(nullptr),
      m_serverLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("loginPage"));
    m_tabs->setObjectName(QStringLiteral("loginTabs"));
    m_banner->setObjectName(QStringLiteral("loginBanner"));
    m_insecureBanner->setObjectName(QStringLiteral("insecureServerBanner"));

    auto* logo = new QLabel(this);
    logo->setPixmap(
        QIcon(QStringLiteral(":/icons/lotok.svg")).pixmap(QSize(64, 64), devicePixelRatioF()));
    auto* title = new QLabel(tr("Lotok"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("Your neighbourhood shop"), this);

    m_tabs->addTab(buildSignIn(), tr("Sign in"));
    m_tabs->addTab(buildRegister(), tr("Create account"));

    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    auto* settingsButton =
        new QPushButton(QIcon(QStringLiteral(":/icons/settings.svg")), tr("Settings…"), this);
    settingsButton->setObjectName(QStringLiteral("loginSettingsButton"));
    settingsButton->setAccessibleName(tr("Settings"));
    connect(settingsButton, &QPushButton::clicked, this, &LoginPage::settingsRequested);
    auto* aboutButton = new QPushButton(tr("About…"), this);
    aboutButton->setObjectName(QStringLiteral("loginAboutButton"));
    connect(aboutButton, &QPushButton::clicked, this, &LoginPage::aboutRequested);

    auto* card = new QWidget(this);
    card->setMaximumWidth(460);
    auto* cardLayout = new QVBoxLayout(card);
    auto* header = new QHBoxLayout;
    header->addWidget(logo);
    auto* titles = new QVBoxLayout;
    titles->addWidget(title);
    titles->addWidget(subtitle);
    header->addLayout(titles, 1);
    header->addWidget(m_busy);
    cardLayout->addLayout(header);
    cardLayout->addWidget(m_insecureBanner);
    cardLayout->addWidget(m_banner);
    cardLayout->addWidget(m_tabs);
    auto* footer = new QHBoxLayout;
    footer->addWidget(m_serverLabel, 1);
    footer->addWidget(settingsButton);
    footer->addWidget(aboutButton);
    cardLayout->addLayout(footer);

    auto* outer = new QHBoxLayout(this);
    outer->addStretch();
    auto* column = new QVBoxLayout;
    column->addStretch();
    column->addWidget(card);
    column->addStretch(2);
    outer->addLayout(column);
    outer->addStretch();

    // A message is about the form it came from: it does not follow onto the other tab.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_banner->clear();
        focusFirstField();
    });
    // The banner keeps its place when empty, so the form does not jump when one appears.
    auto policy = m_banner->sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    m_banner->setSizePolicy(policy);
    setServerUrl(context->serverUrl());
    connect(context, &AppContext::certificateTrusted, this, [this] {
        if (auto retry = std::exchange(m_retryAfterTrust, {})) {
            retry();
        }
    });
    focusFirstField();
}

bool LoginPage::retryAfterTrust(const QString& pinBefore, std::function<void()> retry) {
    const QString pinNow = m_context->api()->tls()->pin(m_context->serverHostPort());
    if (!pinNow.isEmpty() && pinNow != pinBefore) {
        // Trusted while this request was failing: the certificate is accepted now.
        retry();
        return true;
    }
    m_retryAfterTrust = std::move(retry);
    return false;
}

void LoginPage::focusFirstField() {
    const auto& fields = m_tabs->currentIndex() == 0 ? m_signInFields : m_registerFields;
    fields.value(QStringLiteral("login"))->edit()->setFocus();
}

void LoginPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    focusFirstField();
}

QWidget* LoginPage::buildSignIn() {
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("signInTab"));
    auto* form = new QFormLayout;
    auto* loginField =
        ProfileFields::create(QStringLiteral("login"), QStringLiteral("signInLogin"), page);
    auto* passwordEdit = new QLineEdit(page);
    passwordEdit->setEchoMode(QLineEdit::Password);
    // Sign in only checks for emptiness: a password that predates a rule must still work.
    auto* passwordField = new FormField(
        QStringLiteral("signInPassword"), passwordEdit,
        [](const QString& v) -> std::optional<std::string> {
            if (v.isEmpty()) {
                return std::string("must not be empty");
            }
            return std::nullopt;
        },
        page);
    loginField->addTo(form, tr("&Login:"));
    passwordField->addTo(form, tr("&Password:"));
    m_signInFields.insert(QStringLiteral("login"), loginField);
    m_signInFields.insert(QStringLiteral("password"), passwordField);

    m_keepSignedIn = new QCheckBox(tr("&Keep me signed in"), page);
    m_keepSignedIn->setObjectName(QStringLiteral("keepSignedInCheck"));
    m_keepSignedIn->setChecked(m_context->settings()->keepSignedIn());
    m_keepSignedIn->setToolTip(tr("The session is kept in the system keychain, never in a file."));
    m_keychainNote = new QLabel(page);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->hide();

    m_signInButton = new QPushButton(tr("Sign in"), page);
    m_signInButton->setObjectName(QStringLiteral("signInButton"));
    m_signInButton->setDefault(true);
    m_signInButton->setAutoDefault(true);
    connect(m_signInButton, &QPushButton::clicked, this, &LoginPage::signIn);
    connect(passwordEdit, &QLineEdit::returnPressed, this, &LoginPage::signIn);
    // Enter in the login moves on to the password, or signs in when it is already typed.
    connect(loginField->edit(), &QLineEdit::returnPressed, this, [this, passwordEdit] {
        if (passwordEdit->text().isEmpty()) {
            passwordEdit->setFocus();
        } else {
            signIn();
        }
    });

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_keepSignedIn);
    layout->addWidget(m_keychainNote);
    layout->addWidget(m_signInButton);
    layout->addStretch();
    return page;
}

QWidget* LoginPage::buildRegister() {
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("registerTab"));
    auto* form = new QFormLayout;
    // The rules and limits are the server's, shared with the profile dialog.
    auto add = [&](const QString& key, const QString& name, const QString& label) {
        auto* field = ProfileFields::create(key, name, page);
        field->addTo(form, label);
        // Enter anywhere in the form sends it, as in every other form of the app.
        connect(field->edit(), &QLineEdit::returnPressed, this, &LoginPage::registerUser);
        m_registerFields.insert(key, field);
        return field;
    };
    add(QStringLiteral("login"), QStringLiteral("registerLogin"), tr("&Login:"));
    add(QStringLiteral("password"), QStringLiteral("registerPassword"), tr("&Password:"));
    add(QStringLiteral("email"), QStringLiteral("registerEmail"), tr("&Email:"));
    add(QStringLiteral("first_name"), QStringLiteral("registerFirstName"), tr("&First name:"));
    add(QStringLiteral("last_name"), QStringLiteral("registerLastName"), tr("La&st name:"));
    add(QStringLiteral("phone"), QStringLiteral("registerPhone"), tr("P&hone (optional):"));
    add(QStringLiteral("address"), QStringLiteral("registerAddress"), tr("&Delivery address:"));

    m_registerButton = new QPushButton(tr("Create account"), page);
    m_registerButton->setObjectName(QStringLiteral("registerButton"));
    connect(m_registerButton, &QPushButton::clicked, this, &LoginPage::registerUser);

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_registerButton);
    layout->addStretch();
    return page;
}

void LoginPage::setServerUrl(const QString& url) {
    m_serverLabel->setText(tr("Server: %1").arg(url));
    if (AppSettings::isInsecureRemote(url)) {
        m_insecureBanner->showMessage(Banner::Kind::Warning, insecureServerWarning());
    } else {
        m_insecureBanner->clear();
    }
}

void LoginPage::setKeychainAvailable(bool available, const QString& reason) {
    if (available) {
        m_keychainNote->hide();
        m_keepSignedIn->setEnabled(true);
        return;
    }
    m_keepSignedIn->setChecked(false);
    m_keepSignedIn->setEnabled(false);
    m_keychainNote->setText(
        tr("No system keychain is available, so you will stay signed in only until you quit."));
    m_keychainNote->setToolTip(reason);
    m_keychainNote->show();
}

void LoginPage::showMessage(const QString& message) {
    m_banner->showMessage(Banner::Kind::Warning, message);
}

void LoginPage::reset() {
    // After sign-out nothing of the previous user stays in the forms: the PC may be shared.
    for (const auto* fields : {&m_signInFields, &m_registerFields}) {
        for (auto* field : *fields) {
            field->reset();
        }
    }
    m_banner->clear();
    m_retryAfterTrust = {};
    setWorking(false);
    m_tabs->setCurrentIndex(0);
    focusFirstField();
}

void LoginPage::signIn() {
    if (!m_signInButton->isEnabled()) {
        return;
    }
    m_banner->clear();
    bool ok = true;
    for (auto* field : {m_signInFields.value(QStringLiteral("login")),
                        m_signInFields.value(QStringLiteral("password"))}) {
        ok = field->validate() && ok;
    }
    if (!ok) {
        return;
    }
    login(m_signInFields.value(QStringLiteral("login"))->text(),
          m_signInFields.value(QStringLiteral("password"))->text(),
          m_keepSignedIn->isEnabled() && m_keepSignedIn->isChecked());
}

void LoginPage::login(const QString& loginName, const QString& password, bool keep) {
    setWorking(true);
    const QJsonObject body{{QStringLiteral("login"), loginName},
                           {QStringLiteral("password"), password}};
    m_context->api()->setToken({});
    m_retryAfterTrust = {};
    const QString pinBefore = m_context->api()->tls()->pin(m_context->serverHostPort());
    m_context->api()->post(
        QStringLiteral("/api/v1/login"), body, this,
        [this, loginName, password, keep, pinBefore](const ApiResult& result) {
            setWorking(false);
            if (!result.ok() && result.error->code == QLatin1String("tls") &&
                retryAfterTrust(pinBefore, [this, loginName, password, keep] {
                    m_banner->clear();
                    login(loginName, password, keep);
                })) {
                return;
            }
            if (!result.ok()) {
                m_tabs->setCurrentIndex(0);
                m_signInFields.value(QStringLiteral("login"))->edit()->setText(loginName);
                showError(*result.error, m_signInFields);
                return;
            }
            const auto json = result.object();
            Session session;
            session.token = json.value(QLatin1String("token")).toString();
            session.userId = json.value(QLatin1String("user_id")).toInteger();
            session.role = json.value(QLatin1String("role")).toString();
            session.expiresAt = parseTimestamp(json.value(QLatin1String("expires_at")));
            session.login = loginName;
            m_signInFields.value(QStringLiteral("password"))->edit()->clear();
            emit signedIn(session, keep);
        });
}

void LoginPage::registerUser() {
    if (!m_registerButton->isEnabled()) {
        return;
    }
    m_banner->clear();
    bool ok = true;
    FormField* firstBad = nullptr;
    for (const auto& key :
         {"login", "password", "email", "first_name", "last_name", "phone", "address"}) {
        auto* field = m_registerFields.value(QLatin1String(key));
        if (!field->validate() && !firstBad) {
            firstBad = field;
        }
        ok = ok && !field->hasError();
    }
    if (firstBad) {
        firstBad->edit()->setFocus();
        return;
    }
    QJsonObject body;
    for (auto it = m_registerFields.cbegin(); it != m_registerFields.cend(); ++it) {
        const auto value = it.value()->text();
        if (it.key() == QLatin1String("phone") && value.isEmpty()) {
            continue;
        }
        body.insert(it.key(), value);
    }
    // The shop writes its e-mails in the language the customer uses the app in.
    body.insert(QStringLiteral("language"), Translations::current());
    setWorking(true);
    m_context->api()->setToken({});
    m_retryAfterTrust = {};
    const QString pinBefore = m_context->api()->tls()->pin(m_context->serverHostPort());
    m_context->api()->post(QStringLiteral("/api/v1/register"), body, this,
                           [this, body, pinBefore](const ApiResult& result) {
                               setWorking(false);
                               if (!result.ok() && result.error->code == QLatin1String("tls") &&
                                   retryAfterTrust(pinBefore, [this] { registerUser(); })) {
                                   return;
                               }
                               if (!result.ok()) {
                                   showError(*result.error, m_registerFields);
                                   return;
                               }
                               // The contract lets a new user sign in at once; do it for them.
                               login(body.value(QLatin1String("login")).toString(),
                                     body.value(QLatin1String("password")).toString(),
                                     m_keepSignedIn->isEnabled() && m_keepSignedIn->isChecked());
                           });
}

void LoginPage::showError(const ApiError& error, const QHash<QString, FormField*>& fields) {
    const QString message = Format::errorMessage(error.code, error.message);
    FormField* field = fields.value(error.field);
    if (!field && error.code == QLatin1String("login_taken")) {
        field = fields.value(QStringLiteral("login"));
    }
    if (field) {
        // The server's own words for a field problem are English; ours are translated where
        // we know the code, the server's otherwise.
        field->setError(error.code == QLatin1String("invalid_request") && !error.message.isEmpty()
                            ? error.message
                            : message);
        field->edit()->setFocus();
        return;
    }
    m_banner->showMessage(Banner::Kind::Error, message);
}

void LoginPage::setWorking(bool working) {
    m_busy->setBusy(working);
    m_signInButton->setEnabled(!working);
    m_registerButton->setEnabled(!working);
}

QString LoginPage::insecureServerWarning() {
    return tr("This server is reached over http://: your password and everything else travel "
              "unencrypted. Use an https:// address unless the server is this computer.");
}
