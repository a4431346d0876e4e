#include "screens/widgets/FormField.h"

#include "core/Format.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

FormField::FormField(const QString& name, QLineEdit* edit, Rule rule, QWidget* parent)
    : QObject(parent), m_name(name), m_edit(edit), m_error(new QLabel(parent)),
      m_rule(std::move(rule)) {
    m_edit->setObjectName(name + QStringLiteral("Edit"));
    m_error->setObjectName(name + QStringLiteral("Error"));
    m_error->setWordWrap(true);
    m_error->hide();
    // The line keeps its place when empty, so the form does not jump as errors come and go.
    auto policy = m_error->sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    m_error->setSizePolicy(policy);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        if (m_touched) {
            validate();
        } else {
            clearError();
        }
    });
    connect(m_edit, &QLineEdit::editingFinished, this, [this] {
        if (!m_edit->text().isEmpty()) {
            m_touched = true;
            validate();
        }
    });
}

void FormField::addTo(QFormLayout* form, const QString& label) {
    auto* caption = new QLabel(label, m_edit->parentWidget());
    caption->setBuddy(m_edit);
    m_edit->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    form->addRow(caption, m_edit);
    form->addRow(QString(), m_error);
}

QString FormField::text() const {
    return m_edit->text();
}

bool FormField::validate() {
    m_touched = true;
    if (!m_rule) {
        clearError();
        return true;
    }
    if (const auto problem = m_rule(m_edit->text())) {
        // "At least 3 characters" reads oddly for a field left blank.
        setError(m_edit->text().isEmpty() ? Format::validationProblem("must not be empty")
                                          : Format::validationProblem(*problem));
        return false;
    }
    clearError();
    return true;
}

void FormField::setError(const QString& message) {
    m_hasError = !message.isEmpty();
    m_error->setStyleSheet(QStringLiteral("color: #c5221f;"));
    m_error->setText(message);
    m_error->setVisible(m_hasError);
    m_edit->setAccessibleDescription(message);
    m_edit->setStyleSheet(m_hasError ? QStringLiteral("border: 1px solid #c5221f;") : QString());
    if (!m_hasError) {
        updatePreview();
    }
}

void FormField::clearError() {
    setError({});
}

void FormField::reset() {
    m_touched = false;
    m_edit->clear();
    clearError();
}

bool FormField::hasError() const {
    return m_hasError;
}

void FormField::setPreview(Preview preview) {
    m_preview = std::move(preview);
    updatePreview();
}

QString FormField::previewText() const {
    if (!m_preview || m_hasError || m_edit->text().trimmed().isEmpty() ||
        (m_rule && m_rule(m_edit->text()))) {
        return {};
    }
    return m_preview(m_edit->text());
}

void FormField::updatePreview() {
    const auto preview = previewText();
    if (m_hasError || !m_preview) {
        return;
    }
    m_error->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    m_error->setText(preview);
    m_error->setVisible(!preview.isEmpty());
    m_edit->setAccessibleDescription(preview);
}

FormField* FormField::money(const QString& name,
                            std::function<std::optional<std::string>(qint64)> limit,
                            QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setPlaceholderText(Format::moneyInput(100000));
    auto* field = new FormField(
        name, edit,
        [limit](const QString& text) -> std::optional<std::string> {
            if (auto problem = Format::moneyRule(text)) {
                return problem;
            }
            return limit ? limit(*Format::parseMoney(text)) : std::nullopt;
        },
        parent);
    field->setPreview([](const QString& text) {
        return tr("= %1").arg(Format::money(*Format::parseMoney(text)));
    });
    return field;
}
