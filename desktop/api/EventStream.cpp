#include "api/EventStream.h"

#include "api/ApiClient.h"
#include "api/TlsPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocket>

namespace {

constexpr int kMinBackoffMs = 500;
constexpr int kMaxBackoffMs = 30000;
constexpr int kPollIntervalMs = 3000;
constexpr quint16 kClosePolicyViolation = 1008;

} // namespace

EventStream::EventStream(ApiClient* api, Kind kind, QObject* parent)
    : QObject(parent), m_api(api), m_kind(kind) {
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStream::open);
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &EventStream::poll);
}

EventStream::~EventStream() {
    stop();
}

void EventStream::start() {
    if (m_running) {
        return;
    }
    m_running = true;
    m_backoffMs = kMinBackoffMs;
    open();
}

void EventStream::stop() {
    m_running = false;
    m_reconnectTimer.stop();
    m_pollTimer.stop();
    if (m_socket) {
        auto* socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->close();
        socket->deleteLater();
    }
    setConnected(false);
}

void EventStream::reconnectNow() {
    if (!m_running || m_connected) {
        return;
    }
    m_backoffMs = kMinBackoffMs;
    m_reconnectTimer.start(0);
}

void EventStream::open() {
    if (!m_running) {
        return;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &EventStream::onConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &EventStream::onDisconnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &EventStream::onMessage);
    // A refused handshake (no such endpoint yet, a proxy) may end without `disconnected`.
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                if (!m_connected) {
                    scheduleReconnect();
                }
            });

    QUrlQuery query;
    QString path = QStringLiteral("/api/v1/staff/ws");
    if (m_kind == Kind::Notifications) {
        path = QStringLiteral("/api/v1/notifications/ws");
        query.addQueryItem(QStringLiteral("after"), QString::number(m_lastId));
    }
    QNetworkRequest request(m_api->webSocketUrl(path, query));
    m_api->tls()->prepare(request);
    m_api->tls()->watch(m_socket, request.url());
    request.setRawHeader("Authorization", "Bearer " + m_api->token().toUtf8());
    m_socket->open(request);
}

void EventStream::onConnected() {
    m_backoffMs = kMinBackoffMs;
    m_pollTimer.stop();
    setConnected(true);
    if (m_kind == Kind::Staff) {
        emit resyncNeeded();
    }
}

void EventStream::onDisconnected() {
    if (!m_socket) {
        return;
    }
    const auto code = m_socket->closeCode();
    const bool wasConnected = m_connected;
    setConnected(false);
    if (wasConnected && code == kClosePolicyViolation) {
        m_running = false;
        m_pollTimer.stop();
        emit sessionRevoked();
        return;
    }
    scheduleReconnect();
}

void EventStream::scheduleReconnect() {
    if (!m_running || m_reconnectTimer.isActive()) {
        return;
    }
    // Jitter keeps a crowd of clients from all knocking at the same instant after a restart.
    const int jitter = QRandomGenerator::global()->bounded(m_backoffMs / 4 + 1);
    m_reconnectTimer.start(m_backoffMs + jitter);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
    if (!m_pollTimer.isActive()) {
        m_pollTimer.start();
    }
}

void EventStream::onMessage(const QString& message) {
    const auto json = QJsonDocument::fromJson(message.toUtf8()).object();
    const auto type = json.value(QLatin1String("type")).toString();
    if (type == QLatin1String("notification")) {
        acceptNotification(
            Notification::fromJson(json.value(QLatin1String("notification")).toObject()));
    } else if (type == QLatin1String("position")) {
        emit positionChanged(Position::fromJson(json.value(QLatin1String("position")).toObject()));
    } else if (type == QLatin1String("delivery")) {
        emit deliveryChanged(Delivery::fromJson(json.value(QLatin1String("delivery")).toObject()));
    }
}

void EventStream::acceptNotification(const Notification& notification) {
    // The socket and the polling fallback may both deliver one notification: ids are the
    // single source of truth for "seen".
    if (notification.id <= m_lastId) {
        return;
    }
    m_lastId = notification.id;
    emit notificationReceived(notification);
}

void EventStream::poll() {
    if (!m_running || m_connected || m_pollInFlight) {
        return;
    }
    if (m_kind == Kind::Staff) {
        emit resyncNeeded();
        return;
    }
    m_pollInFlight = true;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(m_lastId));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    m_api->get(QStringLiteral("/api/v1/notifications"), query, this, [this](const ApiResult& r) {
        m_pollInFlight = false;
        if (!r.ok() || !m_running) {
            return;
        }
        const auto list = r.object().value(QLatin1String("notifications")).toArray();
        for (const auto& value : list) {
            acceptNotification(Notification::fromJson(value.toObject()));
        }
    });
}

void EventStream::setConnected(bool connected) {
    if (m_connected == connected) {
        return;
    }
    m_connected = connected;
    emit connectedChanged(connected);
}
