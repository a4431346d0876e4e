#pragma once

#include "api/ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class TlsPolicy;

struct ApiResult {
    int httpStatus = 0;
    QJsonDocument body;
    std::optional<ApiError> error;

    bool ok() const { return !error.has_value(); }
    QJsonObject object() const { return body.object(); }
};

// The REST client. Every call is asynchronous: the callback runs on the GUI thread once the
// reply arrives, and is dropped if `context` has been destroyed by then. The client also
// watches the connection: a transport failure marks it offline and starts probing the server
// with back-off until it answers again.
class ApiClient : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const ApiResult&)>;

    explicit ApiClient(QObject* parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl& url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString& token);
    QString token() const { return m_token; }

    void get(const QString& path, const QUrlQuery& query, QObject* context, Callback callback);
    // With a non-empty idempotencyKey a retry of the same action cannot charge twice.
    void post(const QString& path, const QJsonObject& body, QObject* context, Callback callback,
              const QString& idempotencyKey = {});

    // A raw body (a picture upload) with its media type, or none for a DELETE.
    void put(const QString& path, const QByteArray& body, const QString& contentType,
             QObject* context, Callback callback);
    void putJson(const QString& path, const QJsonObject& body, QObject* context, Callback callback);
    void deleteResource(const QString& path, QObject* context, Callback callback);
    // The absolute URL of a path the server gave out (image_url), on this server.
    QUrl resolve(const QString& pathAndQuery) const;

    // What every connection to the server goes through (also the picture cache's and the
    // event streams'): the TLS policy and the certificates the user trusted.
    TlsPolicy* tls() const { return m_tls; }

    bool isOnline() const { return m_online; }
    bool isBusy() const { return m_pending > 0; }
    // The URL for a WebSocket path on the same server (http -> ws, https -> wss).
    QUrl webSocketUrl(const QString& path, const QUrlQuery& query = {}) const;

    static ApiError parseError(int httpStatus, const QByteArray& body);

public slots:
    // Asks the server at once instead of waiting for the next back-off step.
    void retryNow();

signals:
    void busyChanged(bool busy);
    void onlineChanged(bool online);
    // An authenticated call came back 401: the session is gone (logged out elsewhere, expired).
    void unauthorized();

private:
    void send(QNetworkReply* reply, QObject* context, Callback callback, bool authenticated);
    // The base URL's path joined with `path`, and the query.
    QUrl urlFor(const QString& path, const QUrlQuery& query = {}) const;
    // A request with the TLS policy, timeout, Accept and the session's token.
    QNetworkRequest requestFor(const QString& path, const QUrlQuery& query = {}) const;
    void setOnline(bool online);
    void probe();

    QNetworkAccessManager* m_network;
    TlsPolicy* m_tls;
    QUrl m_baseUrl;
    QString m_token;
    int m_pending = 0;
    bool m_online = true;
    QTimer m_probeTimer;
    int m_probeDelayMs = 1000;
};
