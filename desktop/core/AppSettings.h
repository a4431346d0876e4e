#pragma once

#include <QSettings>
#include <QString>
#include <QUrl>

// The user's preferences, in the platform's settings store. Nothing secret lives here:
// sessions go to the keychain (SessionStore).
class AppSettings {
public:
    static QString defaultServerUrl() { return QStringLiteral("http://127.0.0.1:8080"); }

    AppSettings();

    QString serverUrl() const;
    void setServerUrl(const QString& url);
    // "" follows the system, otherwise a language code such as "en" or "ru".
    QString language() const;
    void setLanguage(const QString& language);
    bool trayNotifications() const;
    void setTrayNotifications(bool enabled);
    bool keepSignedIn() const;
    void setKeepSignedIn(bool keep);
    // Closing the window keeps the app in the tray, so notifications keep arriving.
    bool keepRunningInTray() const;
    void setKeepRunningInTray(bool keep);
    // Staff: counts at or below this are highlighted in Stock (0: never).
    int lowStockThreshold() const;
    void setLowStockThreshold(int threshold);
    // The catalogue as a table (false) or a grid of pictures (true).
    bool catalogueGrid() const;
    void setCatalogueGrid(bool grid);

    // The server URL from, in order: --server, LOTOK_SERVER_URL, the settings, the default.
    static QString resolveServerUrl(const QString& commandLine, const QString& environment,
                                    const QString& stored);
    // A usable http(s) URL with a host, or an empty string.
    static QString normalizeServerUrl(const QString& text);

private:
    mutable QSettings m_settings;
};
