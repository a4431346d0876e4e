#include "core/AppSettings.h"

#include <QHostAddress>

AppSettings::AppSettings() : m_settings() {}

QString AppSettings::serverUrl() const {
    return m_settings.value(QStringLiteral("server/url")).toString();
}

void AppSettings::setServerUrl(const QString& url) {
    m_settings.setValue(QStringLiteral("server/url"), url);
}

QString AppSettings::language() const {
    return m_settings.value(QStringLiteral("ui/language")).toString();
}

void AppSettings::setLanguage(const QString& language) {
    m_settings.setValue(QStringLiteral("ui/language"), language);
}

bool AppSettings::trayNotifications() const {
    return m_settings.value(QStringLiteral("ui/trayNotifications"), true).toBool();
}

void AppSettings::setTrayNotifications(bool enabled) {
    m_settings.setValue(QStringLiteral("ui/trayNotifications"), enabled);
}

bool AppSettings::keepSignedIn() const {
    return m_settings.value(QStringLiteral("session/keepSignedIn"), true).toBool();
}

void AppSettings::setKeepSignedIn(bool keep) {
    m_settings.setValue(QStringLiteral("session/keepSignedIn"), keep);
}

bool AppSettings::keepRunningInTray() const {
    // On by default where a closed window usually means "out of the way" (Linux, Windows);
    // on macOS the Dock keeps the app, and closing there is expected to close.
#ifdef Q_OS_MACOS
    constexpr bool kDefault = false;
#else
    constexpr bool kDefault = true;
#endif
    return m_settings.value(QStringLiteral("ui/keepRunningInTray"), kDefault).toBool();
}

void AppSettings::setKeepRunningInTray(bool keep) {
    m_settings.setValue(QStringLiteral("ui/keepRunningInTray"), keep);
}

bool AppSettings::catalogueGrid() const {
    return m_settings.value(QStringLiteral("catalogue/grid"), false).toBool();
}

void AppSettings::setCatalogueGrid(bool grid) {
    m_settings.setValue(QStringLiteral("catalogue/grid"), grid);
}

int AppSettings::lowStockThreshold() const {
    return m_settings.value(QStringLiteral("stock/lowStockThreshold"), 5).toInt();
}

void AppSettings::setLowStockThreshold(int threshold) {
    m_settings.setValue(QStringLiteral("stock/lowStockThreshold"), threshold);
}

QString AppSettings::resolveServerUrl(const QString& commandLine, const QString& environment,
                                      const QString& stored) {
    for (const auto& candidate : {commandLine, environment, stored}) {
        const auto normalized = normalizeServerUrl(candidate);
        if (!normalized.isEmpty()) {
            return normalized;
        }
    }
    return defaultServerUrl();
}

QString AppSettings::normalizeServerUrl(const QString& text) {
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return {};
    }
    if (!trimmed.contains(QLatin1String("://"))) {
        const QUrl guess(QStringLiteral("http://") + trimmed);
        trimmed.prepend(isLoopbackHost(guess.host()) ? QStringLiteral("http://")
                                                     : QStringLiteral("https://"));
    }
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return {};
    }
    QString result = url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (result.endsWith(QLatin1Char('/'))) {
        result.chop(1);
    }
    return result;
}

bool AppSettings::isLoopbackHost(const QString& host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool AppSettings::isInsecureRemote(const QString& url) {
    const QUrl parsed(url);
    return parsed.scheme() == QLatin1String("http") && !isLoopbackHost(parsed.host());
}

QHash<QString, QString> AppSettings::pinnedCertificates() const {
    QHash<QString, QString> pins;
    const auto map = m_settings.value(QStringLiteral("tls/pinned")).toMap();
    for (auto it = map.begin(); it != map.end(); ++it) {
        pins.insert(it.key(), it.value().toString());
    }
    return pins;
}

void AppSettings::setPinnedCertificate(const QString& hostPort, const QString& fingerprint) {
    // One map value: host:port holds ':' (and IPv6 brackets) that QSettings keys may not keep.
    auto map = m_settings.value(QStringLiteral("tls/pinned")).toMap();
    map.insert(hostPort, fingerprint);
    m_settings.setValue(QStringLiteral("tls/pinned"), map);
}

void AppSettings::forgetPinnedCertificate(const QString& hostPort) {
    auto map = m_settings.value(QStringLiteral("tls/pinned")).toMap();
    map.remove(hostPort);
    m_settings.setValue(QStringLiteral("tls/pinned"), map);
}
