#include "screens/PasswordDialog.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/BusyIndicator.h"
#include "screens/widgets/FormField.h"
#include "screens/widgets/ProfileFields.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

PasswordDialog::PasswordDialog(AppContext* context, QWidget* parent)
    : QDialog(parent), m_context(context), m_banner(new Banner(this)),
      m_busy(new BusyIndicator(this)) {
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Change password"));
    m_banner->setObjectName(QStringLiteral("passwordBanner"));

    auto* form = new QFormLayout;
    // The old password is only checked for presence: one set before a rule must still work.
    auto* oldEdit = new QLineEdit(this);
    oldEdit->setEchoMode(QLineEdit::Password);
    m_old = new FormField(
        QStringLiteral("passwordOld"), oldEdit,
        [](const QString& value) -> std::optional<std::string> {
            if (value.isEmpty()) {
                return std::string("must not be empty");
            }
            return std::nullopt;
        },
        this);
    m_new = ProfileFields::create(QStringLiteral("password"), QStringLiteral("passwordNew"), this);
    auto* repeatEdit = new QLineEdit(this);
    repeatEdit->setEchoMode(QLineEdit::Password);
    repeatEdit->setMaxLength(ProfileFields::maxLength(QStringLiteral("password")));
    m_repeat = new FormField(
        QStringLiteral("passwordRepeat"), repeatEdit,
        [this](const QString& value) -> std::optional<std::string> {
            if (value.isEmpty()) {
                return std::string("must not be empty");
            }
            if (value != m_new->text()) {
                // Already in the user's language: Format::validationProblem passes it on.
                return tr("The two new passwords are not the same.").toStdString();
            }
            return std::nullopt;
        },
        this);
    m_old->addTo(form, tr("&Current password:"));
    m_new->addTo(form, tr("&New password:"));
    m_repeat->addTo(form, tr("&Repeat the new password:"));
    // Typing the new password again after the repeat re-checks the repeat too.
    connect(m_new->edit(), &QLineEdit::textChanged, this, [this] {
        if (!m_repeat->text().isEmpty()) {
            m_repeat->validate();
        }
    });
    for (auto* field : {m_old, m_new, m_repeat}) {
        connect(field->edit(), &QLineEdit::returnPressed, this, &PasswordDialog::submit);
    }

    auto* note = new QLabel(tr("Every other device signed in to your account will be signed "
                               "out. This one stays signed in."),
                            this);
    note->setObjectName(QStringLiteral("passwordNote"));
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_changeButton = buttons->addButton(tr("C&hange password"), QDialogButtonBox::AcceptRole);
    m_changeButton->setObjectName(QStringLiteral("passwordChangeButton"));
    m_changeButton->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("passwordCancel"));
    connect(m_changeButton, &QPushButton::clicked, this, &PasswordDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* header = new QHBoxLayout;
    header->addWidget(m_banner, 1);
    header->addWidget(m_busy);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(460);
    m_old->edit()->setFocus();
}

void PasswordDialog::submit() {
    if (m_working) {
        return;
    }
    m_banner->clear();
    FormField* firstBad = nullptr;
    for (auto* field : {m_old, m_new, m_repeat}) {
        if (!field->validate() && !firstBad) {
            firstBad = field;
        }
    }
    if (firstBad) {
        firstBad->edit()->setFocus();
        return;
    }
    setWorking(true);
    const QJsonObject body{{QStringLiteral("old_password"), m_old->text()},
                           {QStringLiteral("new_password"), m_new->text()}};
    m_context->api()->post(
        QStringLiteral("/api/v1/user/password"), body, this, [this](const ApiResult& result) {
            setWorking(false);
            if (result.ok()) {
                const int ended =
                    result.object().value(QLatin1String("other_sessions_ended")).toInt();
                emit passwordChanged(ended);
                accept();
                return;
            }
            const auto& error = *result.error;
            if (error.field == QLatin1String("old_password")) {
                m_old->setError(tr("This is not your current password."));
                m_old->edit()->selectAll();
                m_old->edit()->setFocus();
                if (m_answerLost) {
                    // The change is not idempotent: a lost "done" looks
                    // like this on the retry.
                    m_banner->showMessage(Banner::Kind::Warning,
                                          tr("The previous attempt may have gone through: "
                                             "then your new password is already in effect."));
                }
            } else if (error.field == QLatin1String("new_password")) {
                // "new_password must be at least 8 characters": the rule's
                // own words after the field, which we translate.
                QString problem = error.message;
                problem.remove(QRegularExpression(QStringLiteral("^new_password ")));
                m_new->setError(Format::validationProblem(problem.toStdString()));
                m_new->edit()->setFocus();
            } else {
                m_answerLost = m_answerLost || error.isNetwork();
                // Nothing typed is lost: a retry sends the same again.
                m_banner->showMessage(Banner::Kind::Error,
                                      Format::errorMessage(error.code, error.message));
            }
        });
}

void PasswordDialog::setWorking(bool working) {
    m_working = working;
    m_busy->setBusy(working);
    m_changeButton->setEnabled(!working);
}
