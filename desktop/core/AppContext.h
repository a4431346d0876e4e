#pragma once

#include "api/ApiError.h"
#include "api/Session.h"
#include "models/Dto.h"

#include <QObject>
#include <memory>

class ApiClient;
class CursorLoader;
class AppSettings;
class EventStream;
class LocalCache;
class NotificationsModel;
class OrdersModel;
class PictureCache;
class PositionsModel;
class SessionStore;

// Everything the screens share: the server connection, who is signed in, the live models and
// the cache behind them. Screens ask it to refresh; it keeps models, cache and streams in step.
class AppContext : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString serverUrl;
        QString cachePath; // empty: the standard location
        QString keychainService = QStringLiteral("lotok");
    };

    explicit AppContext(const Options& options, QObject* parent = nullptr);
    ~AppContext() override;

    ApiClient* api() const { return m_api; }
    SessionStore* sessionStore() const { return m_sessionStore; }
    LocalCache* cache() const { return m_cache.get(); }
    AppSettings* settings() const { return m_settings.get(); }
    PositionsModel* positions() const { return m_positions; }
    PictureCache* pictures() const { return m_pictures; }
    // The catalogue's categories, by name (refreshCategories() asks the server again).
    const QList<Category>& categories() const { return m_categories; }
    void refreshCategories();
    OrdersModel* orders() const { return m_orders; }
    NotificationsModel* notifications() const { return m_notifications; }
    EventStream* notificationStream() const { return m_notificationStream; }
    EventStream* staffStream() const { return m_staffStream; }

    QString serverUrl() const { return m_serverUrl; }
    // The server's host:port as certificates are pinned for it.
    QString serverHostPort() const;
    // Trusts this certificate for that server from now on (stored with the settings) and asks
    // the server again.
    void trustCertificate(const QString& hostPort, const QString& fingerprint);
    // After Settings forgot a certificate: the policy follows the stored pins.
    void reloadPinnedCertificates();
    void setServerUrl(const QString& url);

    const Session& session() const { return m_session; }
    bool isSignedIn() const { return m_session.isValid(); }
    // Shows the cached view of this session until the server answers, then syncs.
    void beginSession(const Session& session, bool keep);
    void endSession(bool callServer);
    QString userScope() const;

    // Read-only until the server has answered once for this session, and whenever it is away.
    bool isReadOnly() const;
    bool isSynced() const { return m_synced; }
    // The catalogue's pages are still coming.
    bool isLoadingPositions() const;

    std::optional<qint64> balance() const { return m_balance; }
    void setBalance(qint64 balance);

    void refreshPositions();
    void refreshBalance();
    void refreshAll();
    // Marks the notifications up to this id (0: all of them) read, here and on the server.
    void markNotificationsRead(qint64 upTo = 0);

signals:
    void sessionStarted();
    void sessionEnded();
    // The server no longer accepts the session (expired, revoked, signed out elsewhere).
    void sessionExpired();
    void readOnlyChanged(bool readOnly);
    void balanceChanged(qint64 balance);
    void positionsLoaded();
    void categoriesChanged();
    void positionsLoadingChanged(bool loading);
    void newNotification(const Notification& notification);
    void orderChanged(qint64 orderId);
    void keychainSaveFailed(const QString& reason);
    void staffDeliveryChanged(const Delivery& delivery);
    void staffResyncNeeded();
    // The user trusted a certificate: what failed for it may be sent again.
    void certificateTrusted();

private:
    void loadNotifications(qint64 after);
    void onNotification(const Notification& notification, bool live);
    void setSynced(bool synced);

    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<LocalCache> m_cache;
    ApiClient* m_api;
    SessionStore* m_sessionStore;
    PositionsModel* m_positions;
    PictureCache* m_pictures;
    QList<Category> m_categories;
    OrdersModel* m_orders;
    NotificationsModel* m_notifications;
    EventStream* m_notificationStream;
    EventStream* m_staffStream;
    CursorLoader* m_positionsLoader;
    QList<Position> m_loadingPositions;
    bool m_positionsProgressive = false;
    QString m_serverUrl;
    Session m_session;
    std::optional<qint64> m_balance;
    bool m_synced = false;
    bool m_wasReadOnly = true;
    bool m_notificationsLoaded = false;
};
