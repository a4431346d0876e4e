#include "core/AppSettings.h"

#include <QCryptographicHash>

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

namespace {

QString readKey(const QString& scope) {
    // Settings keys cannot hold URLs verbatim ('/' nests groups); a hash is stable and short.
    return QStringLiteral("notifications/") +
           QString::fromLatin1(
               QCryptographicHash::hash(scope.toUtf8(), QCryptographicHash::Sha1).toHex());
}

} // namespace

qint64 AppSettings::lastReadNotification(const QString& scope) const {
    return m_settings.value(readKey(scope), 0).toLongLong();
}

void AppSettings::setLastReadNotification(const QString& scope, qint64 id) {
    m_settings.setValue(readKey(scope), id);
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
        trimmed.prepend(QStringLiteral("http://"));
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
