#include "api/TlsPolicy.h"

#include <QCryptographicHash>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QWebSocket>

namespace {

QSslConfiguration configuration(QSslConfiguration config) {
    // The default configuration is the system's CA store (and whatever a test adds to it).
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    return config;
}

// The leaf is what a pin names; the socket does not give it out during the handshake, so the
// errors' own certificates stand in (every error of an unknown-issuer leaf names the leaf).
QSslCertificate leafOf(const QSslCertificate& peer, const QList<QSslError>& errors) {
    if (!peer.isNull()) {
        return peer;
    }
    for (const auto& error : errors) {
        if (!error.certificate().isNull()) {
            return error.certificate();
        }
    }
    return QSslCertificate();
}

} // namespace

TlsPolicy::TlsPolicy(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TlsPolicy::Problem>();
}

QString TlsPolicy::fingerprint(const QSslCertificate& certificate) {
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString TlsPolicy::hostPort(const QUrl& url) {
    const int defaultPort =
        (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("wss")) ? 443 : 80;
    const QString host = url.host().contains(QLatin1Char(':'))
                             ? QStringLiteral("[%1]").arg(url.host())
                             : url.host().toLower();
    return QStringLiteral("%1:%2").arg(host).arg(url.port(defaultPort));
}

bool TlsPolicy::onlyUnknownIssuer(const QList<QSslError>& errors) {
    if (errors.isEmpty()) {
        return false;
    }
    for (const auto& error : errors) {
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
            break;
        default:
            return false;
        }
    }
    return true;
}

void TlsPolicy::prepare(QNetworkRequest& request) const {
    request.setSslConfiguration(configuration(request.sslConfiguration()));
}

void TlsPolicy::watch(QNetworkReply* reply) {
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError>& errors) {
        if (allow(reply->url(), reply->sslConfiguration().peerCertificate(), errors)) {
            // Exactly these errors, for this reply: nothing else is waved through.
            reply->ignoreSslErrors(errors);
        }
    });
}

void TlsPolicy::watch(QWebSocket* socket, const QUrl& url) {
    socket->setSslConfiguration(configuration(QSslConfiguration::defaultConfiguration()));
    connect(socket, &QWebSocket::sslErrors, this,
            [this, socket, url](const QList<QSslError>& errors) {
                if (allow(url, QSslCertificate(), errors)) {
                    // QWebSocket::ignoreSslErrors(list) only applies to the next open(); the
                    // no-argument form reaches the handshake under way. It ignores exactly the
                    // errors just checked.
                    socket->ignoreSslErrors();
                }
            });
}

bool TlsPolicy::allow(const QUrl& url, const QSslCertificate& peer,
                      const QList<QSslError>& errors) {
    Problem found;
    found.hostPort = hostPort(url);
    found.certificate = leafOf(peer, errors);
    found.errors = errors;
    found.pinned = m_pins.value(found.hostPort);
    const QString presented = fingerprint(found.certificate);
    if (!found.pinned.isEmpty() && !found.certificate.isNull() && presented != found.pinned) {
        // Whatever else is wrong with it, the user must hear that it is not the one trusted.
        found.kind = Problem::Kind::Changed;
    } else if (!onlyUnknownIssuer(errors) || found.certificate.isNull()) {
        // A pin vouches for who signed a certificate, not for an expired or misnamed one.
        found.kind = Problem::Kind::Invalid;
    } else if (found.pinned.isEmpty()) {
        found.kind = Problem::Kind::Untrusted;
    } else {
        bool allPinned = true;
        for (const auto& error : errors) {
            allPinned = allPinned && (error.certificate().isNull() ||
                                      fingerprint(error.certificate()) == found.pinned);
        }
        if (allPinned) {
            return true;
        }
        found.kind = Problem::Kind::Changed;
    }
    emit problem(found);
    return false;
}
