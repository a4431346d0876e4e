#pragma once

#include <QObject>
#include <functional>
#include <optional>
#include <string>

class QLabel;
class QLineEdit;
class QWidget;
class QFormLayout;

// An input with its own error line underneath. The rule is the shared one from
// lotok::validation, checked as the user types once the field has been left or submitted,
// so the app refuses exactly what the server would refuse.
class FormField : public QObject {
    Q_OBJECT

public:
    using Rule = std::function<std::optional<std::string>(const QString&)>;

    FormField(const QString& name, QLineEdit* edit, Rule rule, QWidget* parent);

    // Adds "label: edit" and the error line below it.
    void addTo(QFormLayout* form, const QString& label);
    QLineEdit* edit() const { return m_edit; }
    QLabel* errorLabel() const { return m_error; }
    QString name() const { return m_name; }
    QString text() const;

    // Checks now and shows the result; true when the value is acceptable.
    bool validate();
    void setError(const QString& message);
    void clearError();
    bool hasError() const;

private:
    QString m_name;
    QLineEdit* m_edit;
    QLabel* m_error;
    Rule m_rule;
    bool m_touched = false;
};
