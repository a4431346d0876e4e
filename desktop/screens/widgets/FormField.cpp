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
    m_error->setStyleSheet(QStringLiteral("color: #c5221f;"));
    m_error->hide();
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
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
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_edit->setAccessibleDescription(message);
    m_edit->setStyleSheet(message.isEmpty() ? QString()
                                            : QStringLiteral("border: 1px solid #c5221f;"));
}

void FormField::clearError() {
    setError({});
}

bool FormField::hasError() const {
    return !m_error->text().isEmpty();
}
