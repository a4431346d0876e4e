#include "api/ApiClient.h"

#include "api/TlsPolicy.h"

#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

constexpr int kTransferTimeoutMs = 15000;
constexpr int kMaxProbeDelayMs = 30000;

} // namespace

ApiClient::ApiClient(QObject* parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_tls(new TlsPolicy(this)) {
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &ApiClient::probe);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl& url) {
    m_baseUrl = url;
    // A new server gets a fresh chance; old replies are still delivered to their callbacks.
    m_probeDelayMs = 1000;
    setOnline(true);
}

void ApiClient::setToken(const QString& token) {
    m_token = token;
}

QUrl ApiClient::urlFor(const QString& path, const QUrlQuery& query) const {
    QUrl url = m_baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/'))) {
        base.chop(1);
    }
    url.setPath(base + path);
    url.setQuery(query);
    return url;
}

QUrl ApiClient::webSocketUrl(const QString& path, const QUrlQuery& query) const {
    QUrl url = urlFor(path, query);
    url.setScheme(m_baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                               : QStringLiteral("ws"));
    return url;
}

void ApiClient::get(const QString& path, const QUrlQuery& query, QObject* context,
                    Callback callback) {
    send(m_network->get(requestFor(path, query)), context, std::move(callback), !m_token.isEmpty());
}

void ApiClient::post(const QString& path, const QJsonObject& body, QObject* context,
                     Callback callback, const QString& idempotencyKey) {
    auto request = requestFor(path);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/json; charset=utf-8"));
    if (!idempotencyKey.isEmpty()) {
        request.setRawHeader("Idempotency-Key", idempotencyKey.toUtf8());
    }
    const auto payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    send(m_network->post(request, payload), context, std::move(callback), !m_token.isEmpty());
}

QNetworkRequest ApiClient::requestFor(const QString& path, const QUrlQuery& query) const {
    QNetworkRequest request(urlFor(path, query));
    m_tls->prepare(request);
    request.setTransferTimeout(kTransferTimeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    }
    return request;
}

QUrl ApiClient::resolve(const QString& pathAndQuery) const {
    const auto question = pathAndQuery.indexOf(QLatin1Char('?'));
    auto url = urlFor(pathAndQuery.left(question));
    url.setQuery(question < 0 ? QString() : pathAndQuery.mid(question + 1));
    return url;
}

void ApiClient::put(const QString& path, const QByteArray& body, const QString& contentType,
                    QObject* context, Callback callback) {
    auto request = requestFor(path);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    send(m_network->put(request, body), context, std::move(callback), !m_token.isEmpty());
}

void ApiClient::putJson(const QString& path, const QJsonObject& body, QObject* context,
                        Callback callback) {
    put(path, QJsonDocument(body).toJson(QJsonDocument::Compact),
        QStringLiteral("application/json; charset=utf-8"), context, std::move(callback));
}

void ApiClient::deleteResource(const QString& path, QObject* context, Callback callback) {
    send(m_network->deleteResource(requestFor(path)), context, std::move(callback),
         !m_token.isEmpty());
}

void ApiClient::send(QNetworkReply* reply, QObject* context, Callback callback,
                     bool authenticated) {
    m_tls->watch(reply);
    if (++m_pending == 1) {
        emit busyChanged(true);
    }
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, guard, hasContext, callback = std::move(callback), authenticated] {
                reply->deleteLater();
                ApiResult result;
                result.httpStatus =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray data = reply->readAll();
                if (result.httpStatus == 0) {
                    ApiError error;
                    // A refused certificate is not an outage the user can wait out.
                    error.code = reply->error() == QNetworkReply::SslHandshakeFailedError
                                     ? QStringLiteral("tls")
                                     : QStringLiteral("network");
                    error.message = reply->errorString();
                    result.error = error;
                    setOnline(false);
                } else {
                    setOnline(true);
                    if (!data.isEmpty()) {
                        QJsonParseError parseError{};
                        result.body = QJsonDocument::fromJson(data, &parseError);
                    }
                    if (result.httpStatus >= 400) {
                        result.error = parseError(result.httpStatus, data);
                    }
                }
                if (--m_pending == 0) {
                    emit busyChanged(false);
                }
                if (hasContext && guard.isNull()) {
                    return;
                }
                if (callback) {
                    callback(result);
                }
                if (authenticated && result.httpStatus == 401) {
                    emit unauthorized();
                }
            });
}

ApiError ApiClient::parseError(int httpStatus, const QByteArray& body) {
    ApiError error;
    error.httpStatus = httpStatus;
    const auto json = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    if (json.isObject()) {
        const auto object = json.toObject();
        error.code = object.value(QLatin1String("code")).toString();
        error.message = object.value(QLatin1String("message")).toString();
        error.field = object.value(QLatin1String("field")).toString();
    }
    if (error.code.isEmpty()) {
        // A proxy or an old server may answer without the contract's body.
        switch (httpStatus) {
        case 401:
            error.code = QStringLiteral("unauthorized");
            break;
        case 403:
            error.code = QStringLiteral("forbidden");
            break;
        case 404:
            error.code = QStringLiteral("not_found");
            break;
        case 429:
            error.code = QStringLiteral("too_many_requests");
            break;
        case 502:
        case 503:
        case 504:
            error.code = QStringLiteral("unavailable");
            break;
        default:
            error.code =
                httpStatus >= 500 ? QStringLiteral("internal") : QStringLiteral("invalid_request");
        }
    }
    return error;
}

void ApiClient::setOnline(bool online) {
    if (online) {
        m_probeTimer.stop();
        m_probeDelayMs = 1000;
    } else if (!m_probeTimer.isActive()) {
        m_probeTimer.start(m_probeDelayMs);
    }
    if (m_online == online) {
        return;
    }
    m_online = online;
    emit onlineChanged(online);
}

void ApiClient::retryNow() {
    if (!m_online) {
        m_probeTimer.stop();
        m_probeDelayMs = 1000;
        probe();
    }
}

void ApiClient::probe() {
    // The catalogue is public and small to ask for: any HTTP answer means the server is back.
    m_probeDelayMs = std::min(m_probeDelayMs * 2, kMaxProbeDelayMs);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1"));
    get(QStringLiteral("/api/v1/stock/positions"), query, this, [](const ApiResult&) {});
}
