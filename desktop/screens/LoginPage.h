#pragma once

#include "api/ApiError.h"
#include "api/Session.h"

#include <QHash>
#include <QWidget>
#include <functional>

class AppContext;
class Banner;
class BusyIndicator;
class FormField;
class QCheckBox;
class QLabel;
class QPushButton;
class QTabWidget;

// Sign in and registration. Fields are checked as they are typed with the server's own
// rules; an error the server still returns is shown next to the field it names.
class LoginPage : public QWidget {
    Q_OBJECT

public:
    explicit LoginPage(AppContext* context, QWidget* parent = nullptr);

    void setServerUrl(const QString& url);
    // What the sign-in page and Settings say about an http:// server on another computer.
    static QString insecureServerWarning();
    void setKeychainAvailable(bool available, const QString& reason = {});
    void showMessage(const QString& message);
    // Empties every field (sign-out: nothing of the last user stays) and starts at sign in.
    void reset();

protected:
    void showEvent(QShowEvent* event) override;

signals:
    void signedIn(const Session& session, bool keep);
    void settingsRequested();
    void aboutRequested();

private:
    QWidget* buildSignIn();
    QWidget* buildRegister();
    void signIn();
    void registerUser();
    void login(const QString& login, const QString& password, bool keep);
    void showError(const ApiError& error, const QHash<QString, FormField*>& fields);
    void setWorking(bool working);
    // After a refused certificate: sends the form again once the user trusts it (at once if
    // that happened while the request was failing). Returns whether it did.
    bool retryAfterTrust(const QString& pinBefore, std::function<void()> retry);
    void focusFirstField();

    AppContext* m_context;
    QTabWidget* m_tabs;
    Banner* m_banner;
    Banner* m_insecureBanner;
    std::function<void()> m_retryAfterTrust;
    BusyIndicator* m_busy;
    QHash<QString, FormField*> m_signInFields;
    QHash<QString, FormField*> m_registerFields;
    QCheckBox* m_keepSignedIn;
    QLabel* m_keychainNote;
    QPushButton* m_signInButton;
    QPushButton* m_registerButton;
    QLabel* m_serverLabel;
};
