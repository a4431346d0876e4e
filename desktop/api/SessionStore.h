#pragma once

#include "api/Session.h"

#include <QObject>

// Keeps "keep me signed in" sessions in the operating system's keychain (QtKeychain), one
// entry per server URL. Never falls back to a plain file: when no keychain answers, the store
// reports itself unavailable and the app keeps the session in memory only.
class SessionStore : public QObject {
    Q_OBJECT

public:
    enum class Availability { Unknown, Available, Unavailable };
    Q_ENUM(Availability)

    explicit SessionStore(const QString& service = QStringLiteral("lotok"),
                          QObject* parent = nullptr);

    Availability availability() const { return m_availability; }
    QString unavailableReason() const { return m_reason; }

    // Each answers once, asynchronously, through the matching signal.
    void load(const QString& serverUrl);
    void save(const QString& serverUrl, const Session& session);
    void remove(const QString& serverUrl);

signals:
    void loaded(const QString& serverUrl, bool found, const Session& session);
    void saved(const QString& serverUrl, bool ok, const QString& error);
    void removed(const QString& serverUrl);
    void availabilityChanged(SessionStore::Availability availability);

private:
    void setAvailability(Availability availability, const QString& reason = {});

    QString m_service;
    Availability m_availability = Availability::Unknown;
    QString m_reason;
};
