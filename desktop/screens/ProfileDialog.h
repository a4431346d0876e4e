#pragma once

#include "models/Dto.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <optional>

class AppContext;
class Banner;
class BusyIndicator;
class FormField;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

// The signed-in user's own profile (customers and staff alike): e-mail, name, phone and the
// delivery address, checked as typed with the server's rules; the language of the shop's
// e-mails and whether each notification also comes by e-mail; and "Change password…".
// Only what was changed is sent (the server takes any subset); an error the server still
// returns is shown under the field it names.
class ProfileDialog : public QDialog {
    Q_OBJECT

public:
    explicit ProfileDialog(AppContext* context, QWidget* parent = nullptr);

    // Puts the cursor in one field ("address" when the checkout asks to change it).
    void focusField(const QString& key);
    const std::optional<Profile>& profile() const { return m_profile; }

signals:
    // The server stored these changes.
    void profileSaved(const Profile& profile);

private:
    void load();
    void showProfile(const Profile& profile);
    void save();
    void changePassword();
    void setWorking(bool working);
    QJsonObject changes() const;

    AppContext* m_context;
    Banner* m_banner;
    BusyIndicator* m_busy;
    QLabel* m_login;
    QHash<QString, FormField*> m_fields;
    QComboBox* m_language;
    QCheckBox* m_emailNotifications;
    QPushButton* m_passwordButton;
    QPushButton* m_saveButton;
    std::optional<Profile> m_profile;
    QString m_focusKey;
    bool m_working = false;
};
