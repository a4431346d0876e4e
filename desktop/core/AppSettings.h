#pragma once

#include <QHash>
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

    // Certificates the user trusted once, host:port -> SHA-256 fingerprint (TlsPolicy).
    QHash<QString, QString> pinnedCertificates() const;
    void setPinnedCertificate(const QString& hostPort, const QString& fingerprint);
    void forgetPinnedCertificate(const QString& hostPort);

    // The server URL from, in order: --server, LOTOK_SERVER_URL, the settings, the default.
    static QString resolveServerUrl(const QString& commandLine, const QString& environment,
                                    const QString& stored);
    // A usable http(s) URL with a host, or an empty string. Without a scheme it is https://,
    // except on this computer (loopback), where `make run`'s lotokd speaks plain http.
    static QString normalizeServerUrl(const QString& text);
    static bool isLoopbackHost(const QString& host);
    // http:// to another computer: passwords would travel in clear.
    static bool isInsecureRemote(const QString& url);

private:
    mutable QSettings m_settings;
};
