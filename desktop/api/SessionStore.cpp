#include "api/SessionStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <qt6keychain/keychain.h>

QByteArray Session::toJson() const {
    const QJsonObject json{{QStringLiteral("token"), token},
                           {QStringLiteral("user_id"), userId},
                           {QStringLiteral("role"), role},
                           {QStringLiteral("login"), login},
                           {QStringLiteral("expires_at"), expiresAt.toUTC().toString(Qt::ISODate)}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Session Session::fromJson(const QByteArray& data) {
    const auto json = QJsonDocument::fromJson(data).object();
    Session session;
    session.token = json.value(QLatin1String("token")).toString();
    session.userId = json.value(QLatin1String("user_id")).toInteger();
    session.role = json.value(QLatin1String("role")).toString();
    session.login = json.value(QLatin1String("login")).toString();
    session.expiresAt =
        QDateTime::fromString(json.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
    return session;
}

namespace {

bool isBackendMissing(QKeychain::Error error) {
    // AccessDenied means the user said no, which is a choice, not a missing keychain; anything
    // else except "not found" means there is nothing usable to talk to.
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError;
}

} // namespace

SessionStore::SessionStore(const QString& service, QObject* parent)
    : QObject(parent), m_service(service) {}

void SessionStore::setAvailability(Availability availability, const QString& reason) {
    m_reason = reason;
    if (m_availability == availability) {
        return;
    }
    m_availability = availability;
    emit availabilityChanged(availability);
}

// Jobs have no parent on purpose: with the libsecret backend a job deleted while its D-Bus
// call is in flight is used after free when the call completes. Unparented, a job lives until
// it finishes (auto-delete); the connections below die with the store, so a late answer
// reaches no one.
void SessionStore::load(const QString& serverUrl) {
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(serverUrl);
    connect(job, &QKeychain::Job::finished, this, [this, job, serverUrl] {
        const auto error = job->error();
        if (error == QKeychain::NoError) {
            setAvailability(Availability::Available);
            const auto session = Session::fromJson(job->binaryData());
            emit loaded(serverUrl, session.isValid(), session);
            return;
        }
        if (error == QKeychain::EntryNotFound) {
            setAvailability(Availability::Available);
        } else if (isBackendMissing(error)) {
            setAvailability(Availability::Unavailable, job->errorString());
        }
        emit loaded(serverUrl, false, Session{});
    });
    job->start();
}

void SessionStore::save(const QString& serverUrl, const Session& session) {
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(serverUrl);
    job->setBinaryData(session.toJson());
    connect(job, &QKeychain::Job::finished, this, [this, job, serverUrl] {
        const auto error = job->error();
        if (error == QKeychain::NoError) {
            setAvailability(Availability::Available);
            emit saved(serverUrl, true, {});
            return;
        }
        if (isBackendMissing(error)) {
            setAvailability(Availability::Unavailable, job->errorString());
        }
        emit saved(serverUrl, false, job->errorString());
    });
    job->start();
}

void SessionStore::remove(const QString& serverUrl) {
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(serverUrl);
    connect(job, &QKeychain::Job::finished, this, [this, serverUrl] { emit removed(serverUrl); });
    job->start();
}
