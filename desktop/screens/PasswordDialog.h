#pragma once

#include <QDialog>

class AppContext;
class Banner;
class BusyIndicator;
class FormField;
class QPushButton;

// Changing one's password: the old one (the server wants it, so that a session left open
// somewhere is not enough to take the account), the new one checked as typed with the
// server's rules, and the new one again. On success every other session of the user is
// signed out by the server; this one stays.
class PasswordDialog : public QDialog {
    Q_OBJECT

public:
    explicit PasswordDialog(AppContext* context, QWidget* parent = nullptr);

signals:
    // The server took the new password and ended this many other sessions.
    void passwordChanged(int otherSessionsEnded);

private:
    void submit();
    void setWorking(bool working);

    AppContext* m_context;
    Banner* m_banner;
    BusyIndicator* m_busy;
    FormField* m_old;
    FormField* m_new;
    FormField* m_repeat;
    QPushButton* m_changeButton;
    bool m_working = false;
    // A try got no answer: it may have changed the password.
    bool m_answerLost = false;
};
