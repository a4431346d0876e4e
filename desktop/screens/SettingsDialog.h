#pragma once

#include <QDialog>

class AppSettings;
class Banner;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Server URL (with a warning for http:// to another computer, and the certificate trusted
// for the current server, which can be forgotten here), language, tray notifications and whether
// closing keeps the app in the tray.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(AppSettings* settings, const QString& currentServer, QWidget* parent = nullptr);

    QString serverUrl() const;
    QString language() const;
    bool trayNotifications() const;

    void accept() override;

private:
    void updateInsecure();

    AppSettings* m_settings;
    QLineEdit* m_server;
    QLabel* m_serverError;
    Banner* m_insecure;
    QLabel* m_pinned;
    QPushButton* m_forgetPin;
    QString m_hostPort;
    QComboBox* m_language;
    QCheckBox* m_tray;
    QCheckBox* m_keepInTray;
    QSpinBox* m_lowStock;
    QString m_initialLanguage;
};
