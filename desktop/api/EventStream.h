#pragma once

#include "models/Dto.h"

#include <QAbstractSocket>
#include <QObject>
#include <QTimer>

class ApiClient;
class QWebSocket;

// One live event socket. The notification stream remembers the last notification id it has
// passed on and resumes after it on every reconnect, so a dropped connection loses nothing
// and repeats nothing. While the socket is down it reconnects with back-off and, so that the
// user still sees news when the server has no socket endpoint at all, polls the REST list.
class EventStream : public QObject {
    Q_OBJECT

public:
    enum class Kind { Notifications, Staff };

    explicit EventStream(ApiClient* api, Kind kind, QObject* parent = nullptr);
    ~EventStream() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    bool isConnected() const { return m_connected; }

    void setLastNotificationId(qint64 id) { m_lastId = std::max(m_lastId, id); }
    qint64 lastNotificationId() const { return m_lastId; }

    // Shortens the back-off, for when the app learns the server is back.
    void reconnectNow();

signals:
    void notificationReceived(const Notification& notification);
    void positionChanged(const Position& position);
    void deliveryChanged(const Delivery& delivery);
    void connectedChanged(bool connected);
    // The staff stream has no resume: after a gap the screens reload their lists.
    void resyncNeeded();
    // The server closed with 1008: the session was revoked.
    void sessionRevoked();

private:
    void open();
    void onConnected();
    void onDisconnected();
    void onMessage(const QString& message);
    void scheduleReconnect();
    void poll();
    void setConnected(bool connected);
    void acceptNotification(const Notification& notification);

    ApiClient* m_api;
    Kind m_kind;
    QWebSocket* m_socket = nullptr;
    QTimer m_reconnectTimer;
    QTimer m_pollTimer;
    bool m_running = false;
    bool m_connected = false;
    bool m_pollInFlight = false;
    qint64 m_lastId = 0;
    int m_backoffMs = 500;
};
