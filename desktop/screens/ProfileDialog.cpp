#include "screens/ProfileDialog.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "screens/PasswordDialog.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/BusyIndicator.h"
#include "screens/widgets/FormField.h"
#include "screens/widgets/ProfileFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// The editable text fields, in the order of the form and of the API's field names.
const QList<QString>& textKeys() {
    static const QList<QString> keys = {QStringLiteral("email"), QStringLiteral("first_name"),
                                        QStringLiteral("last_name"), QStringLiteral("phone"),
                                        QStringLiteral("address")};
    return keys;
}

QString valueOf(const Profile& profile, const QString& key) {
    if (key == QLatin1String("email")) {
        return profile.email;
    }
    if (key == QLatin1String("first_name")) {
        return profile.firstName;
    }
    if (key == QLatin1String("last_name")) {
        return profile.lastName;
    }
    if (key == QLatin1String("phone")) {
        return profile.phone;
    }
    return profile.address;
}

} // namespace

ProfileDialog::ProfileDialog(AppContext* context, QWidget* parent)
    : QDialog(parent), m_context(context), m_banner(new Banner(this)),
      m_busy(new BusyIndicator(this)), m_login(new QLabel(this)), m_language(new QComboBox(this)),
      m_emailNotifications(new QCheckBox(this)),
      m_passwordButton(new QPushButton(tr("Change &password…"), this)), m_saveButton(nullptr) {
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(tr("Profile"));
    m_banner->setObjectName(QStringLiteral("profileBanner"));
    m_login->setObjectName(QStringLiteral("profileLogin"));
    m_login->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_login->setText(context->session().login);

    auto* form = new QFormLayout;
    form->addRow(tr("Login:"), m_login);
    const QHash<QString, std::pair<QString, QString>> names = {
        {QStringLiteral("email"), {QStringLiteral("profileEmail"), tr("&Email:")}},
        {QStringLiteral("first_name"), {QStringLiteral("profileFirstName"), tr("&First name:")}},
        {QStringLiteral("last_name"), {QStringLiteral("profileLastName"), tr("La&st name:")}},
        {QStringLiteral("phone"), {QStringLiteral("profilePhone"), tr("P&hone (optional):")}},
        {QStringLiteral("address"), {QStringLiteral("profileAddress"), tr("&Delivery address:")}},
    };
    for (const auto& key : textKeys()) {
        const auto& [name, label] = names.value(key);
        auto* field = ProfileFields::create(key, name, this);
        field->addTo(form, label);
        connect(field->edit(), &QLineEdit::returnPressed, this, &ProfileDialog::save);
        m_fields.insert(key, field);
    }

    m_language->setObjectName(QStringLiteral("profileLanguageCombo"));
    // Language names in their own language, as in Settings.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Русский"), QStringLiteral("ru"));
    auto* languageLabel = new QLabel(tr("E-mail &language:"), this);
    languageLabel->setBuddy(m_language);
    m_language->setAccessibleName(tr("E-mail language"));
    form->addRow(languageLabel, m_language);
    m_emailNotifications->setObjectName(QStringLiteral("profileEmailNotificationsCheck"));
    m_emailNotifications->setText(tr("Also send me each &notification by e-mail"));
    form->addRow(QString(), m_emailNotifications);

    m_passwordButton->setObjectName(QStringLiteral("changePasswordButton"));
    connect(m_passwordButton, &QPushButton::clicked, this, &ProfileDialog::changePassword);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("profileCancel"));
    m_saveButton = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("profileSaveButton"));
    m_saveButton->setDefault(true);
    connect(m_saveButton, &QPushButton::clicked, this, &ProfileDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* header = new QHBoxLayout;
    header->addWidget(m_banner, 1);
    header->addWidget(m_busy);
    auto* passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_passwordButton);
    passwordRow->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addLayout(passwordRow);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(520);

    // Back from an outage before the profile came: ask again.
    connect(context->api(), &ApiClient::onlineChanged, this, [this](bool online) {
        if (online && !m_profile) {
            load();
        }
    });
    load();
}

void ProfileDialog::focusField(const QString& key) {
    m_focusKey = key;
    if (auto* field = m_fields.value(key); field && field->edit()->isEnabled()) {
        field->edit()->setFocus();
        field->edit()->selectAll();
    }
}

void ProfileDialog::load() {
    setWorking(true);
    m_banner->showMessage(Banner::Kind::Info, tr("Loading your profile…"));
    m_context->api()->get(
        QStringLiteral("/api/v1/user/profile"), {}, this, [this](const ApiResult& result) {
            setWorking(false);
            if (!result.ok()) {
                // Nothing to edit until the server says what is there.
                m_banner->showMessage(
                    Banner::Kind::Error,
                    Format::errorMessage(result.error->code, result.error->message));
                return;
            }
            m_banner->clear();
            showProfile(Profile::fromJson(result.object()));
        });
}

void ProfileDialog::showProfile(const Profile& profile) {
    m_profile = profile;
    if (!profile.login.isEmpty()) {
        m_login->setText(profile.login);
    }
    for (const auto& key : textKeys()) {
        auto* field = m_fields.value(key);
        field->edit()->setText(valueOf(profile, key));
        field->clearError();
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(profile.language)));
    m_emailNotifications->setChecked(profile.emailNotifications);
    setWorking(false);
    if (!m_focusKey.isEmpty()) {
        focusField(m_focusKey);
    } else {
        m_fields.value(QStringLiteral("email"))->edit()->setFocus();
    }
}

QJsonObject ProfileDialog::changes() const {
    QJsonObject body;
    if (!m_profile) {
        return body;
    }
    for (const auto& key : textKeys()) {
        const QString value = m_fields.value(key)->text();
        if (value != valueOf(*m_profile, key)) {
            // An emptied phone is "" on the wire: the server then removes it.
            body.insert(key, value);
        }
    }
    const QString language = m_language->currentData().toString();
    if (language != m_profile->language) {
        body.insert(QStringLiteral("language"), language);
    }
    if (m_emailNotifications->isChecked() != m_profile->emailNotifications) {
        body.insert(QStringLiteral("email_notifications"), m_emailNotifications->isChecked());
    }
    return body;
}

void ProfileDialog::save() {
    if (m_working || !m_profile) {
        return;
    }
    m_banner->clear();
    FormField* firstBad = nullptr;
    for (const auto& key : textKeys()) {
        auto* field = m_fields.value(key);
        if (!field->validate() && !firstBad) {
            firstBad = field;
        }
    }
    if (firstBad) {
        firstBad->edit()->setFocus();
        return;
    }
    const QJsonObject body = changes();
    if (body.isEmpty()) {
        accept(); // nothing changed: nothing to send
        return;
    }
    setWorking(true);
    m_context->api()->post(
        QStringLiteral("/api/v1/user/profile"), body, this, [this](const ApiResult& result) {
            setWorking(false);
            if (!result.ok()) {
                const auto& error = *result.error;
                if (auto* field = m_fields.value(error.field)) {
                    // "email must be an email address ...": the rule's words after the field.
                    QString problem = error.message;
                    if (problem.startsWith(error.field + QLatin1Char(' '))) {
                        problem = problem.mid(error.field.size() + 1);
                    }
                    field->setError(error.code == QLatin1String("invalid_request")
                                        ? Format::validationProblem(problem.toStdString())
                                        : Format::errorMessage(error.code, error.message));
                    field->edit()->setFocus();
                    return;
                }
                // The form stays as typed: nothing is lost, Save again retries.
                m_banner->showMessage(Banner::Kind::Error,
                                      Format::errorMessage(error.code, error.message));
                return;
            }
            m_profile = Profile::fromJson(result.object());
            emit profileSaved(*m_profile);
            accept();
        });
}

void ProfileDialog::changePassword() {
    auto* dialog = new PasswordDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PasswordDialog::passwordChanged, this, [this](int ended) {
        m_banner->showMessage(
            Banner::Kind::Success,
            ended > 0 ? tr("Your password is changed. %n other device(s) were signed out.", nullptr,
                           ended)
                      : tr("Your password is changed."));
    });
    dialog->open();
}

void ProfileDialog::setWorking(bool working) {
    m_working = working;
    m_busy->setBusy(working);
    const bool editable = !working && m_profile.has_value();
    for (auto* field : m_fields) {
        field->edit()->setEnabled(editable);
    }
    m_language->setEnabled(editable);
    m_emailNotifications->setEnabled(editable);
    m_saveButton->setEnabled(editable);
}
