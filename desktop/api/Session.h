#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// Who is signed in, as the login response put it.
struct Session {
    QString token;
    qint64 userId = 0;
    QString role;
    QString login;
    QDateTime expiresAt;

    bool isValid() const { return !token.isEmpty() && userId > 0; }
    bool isStaff() const { return role == QLatin1String("staff"); }
    bool isExpired() const {
        return expiresAt.isValid() && expiresAt <= QDateTime::currentDateTimeUtc();
    }

    QByteArray toJson() const;
    static Session fromJson(const QByteArray& json);
};

Q_DECLARE_METATYPE(Session)
