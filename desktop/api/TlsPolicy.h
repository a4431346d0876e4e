#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QUrl>

class QNetworkReply;
class QNetworkRequest;
class QWebSocket;

// The one place that decides whether a TLS connection to the server may go on. Every request
// (ApiClient, PictureCache) and every WebSocket (EventStream) is prepared and watched here:
// TLS 1.2 or later, the system's CA store (Qt's default configuration), and, for a server
// whose certificate the system does not trust, the one certificate the user trusted for that
// host:port (pinned by its SHA-256 digest). Anything else fails the connection before a byte
// of the request is sent, and `problem` tells the UI what was presented.
class TlsPolicy : public QObject {
    Q_OBJECT

public:
    struct Problem {
        enum class Kind {
            // Self-signed or an issuer the system does not know: the user may trust it once.
            Untrusted,
            // The server presents another certificate than the pinned one: never trusted here.
            Changed,
            // Expired, not yet valid, for another host, revoked…: never trusted here either.
            Invalid,
        };
        Kind kind = Kind::Untrusted;
        QString hostPort;
        QSslCertificate certificate;
        QList<QSslError> errors;
        QString pinned; // the trusted fingerprint, for Changed
    };

    explicit TlsPolicy(QObject* parent = nullptr);

    // host:port -> fingerprint (colon-separated upper-case hex, as `openssl x509 -fingerprint`).
    void setPins(const QHash<QString, QString>& pins) { m_pins = pins; }
    QString pin(const QString& hostPort) const { return m_pins.value(hostPort); }

    void prepare(QNetworkRequest& request) const;
    void watch(QNetworkReply* reply);
    void watch(QWebSocket* socket, const QUrl& url);

    // Whether a handshake with these errors may go on; emits `problem` when not.
    bool allow(const QUrl& url, const QSslCertificate& leaf, const QList<QSslError>& errors);

    static QString fingerprint(const QSslCertificate& certificate);
    static QString hostPort(const QUrl& url);
    // Errors that only say "the system does not know who signed this": what a pin may cover.
    static bool onlyUnknownIssuer(const QList<QSslError>& errors);

signals:
    void problem(const TlsPolicy::Problem& problem);

private:
    QHash<QString, QString> m_pins;
};

Q_DECLARE_METATYPE(TlsPolicy::Problem)
