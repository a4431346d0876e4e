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

    using Preview = std::function<QString(const QString&)>;

    FormField(const QString& name, QLineEdit* edit, Rule rule, QWidget* parent);
    // An amount of money: read by Format::parseMoney (either decimal mark, grouping checked),
    // then checked by `limit` (lotok::validation::amount, ::price); while typing, the line
    // under it shows the amount understood ("= 10.50 ₽"), so nothing is sent as a surprise.
    static FormField* money(const QString& name,
                            std::function<std::optional<std::string>(qint64)> limit,
                            QWidget* parent);

    // Shown under a valid, non-empty value in place of an error.
    void setPreview(Preview preview);
    // The preview's text now ("" when there is none or the value is not valid).
    QString previewText() const;

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
    // Empty and untouched again, as at first.
    void reset();

private:
    QString m_name;
    QLineEdit* m_edit;
    QLabel* m_error;
    void updatePreview();

    Rule m_rule;
    Preview m_preview;
    bool m_touched = false;
    bool m_hasError = false;
};
