#include "core/AppContext.h"

#include "api/ApiClient.h"
#include "api/CursorLoader.h"
#include "api/EventStream.h"
#include "api/SessionStore.h"
#include "api/TlsPolicy.h"
#include "cache/LocalCache.h"
#include "cache/PictureCache.h"
#include "core/AppSettings.h"
#include "models/NotificationsModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTimer>

AppContext::AppContext(const Options& options, QObject* parent)
    : QObject(parent), m_settings(std::make_unique<AppSettings>()),
      m_cache(std::make_unique<LocalCache>(options.cachePath)), m_api(new ApiClient(this)),
      m_sessionStore(new SessionStore(options.keychainService, this)),
      m_positions(new PositionsModel(this)),
      m_pictures(new PictureCache(
          m_api,
          // Beside the offline cache (a test's own directory), else the platform's cache.
          options.cachePath.isEmpty()
              ? QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                    .filePath(QStringLiteral("pictures"))
              : QFileInfo(options.cachePath).absoluteDir().filePath(QStringLiteral("pictures")),
          this)),
      m_orders(new OrdersModel(m_api, this)), m_notifications(new NotificationsModel(this)),
      m_notificationStream(new EventStream(m_api, EventStream::Kind::Notifications, this)),
      m_staffStream(new EventStream(m_api, EventStream::Kind::Staff, this)),
      m_positionsLoader(
          new CursorLoader(m_api,
                           {QStringLiteral("/api/v1/stock/positions"), QStringLiteral("positions"),
                            QStringLiteral("after"), QStringLiteral("next_after"), 500},
                           this)) {
    reloadPinnedCertificates();
    setServerUrl(options.serverUrl);
    m_positions->setPictureCache(m_pictures);
    // The whole catalogue, page after page; it replaces the shown one only when complete, so
    // positions beyond the first page are never taken for removed ones. With nothing shown
    // yet (no saved catalogue) each page is shown as it comes: nothing can be taken for
    // removed, and the first screenful appears after one page instead of all of them.
    m_positionsLoader->setFollowToEnd(true);
    connect(m_positionsLoader, &CursorLoader::pageLoaded, this,
            [this](const QJsonArray& rows, bool first) {
                if (first) {
                    m_loadingPositions.clear();
                    m_positionsProgressive = m_positions->rowCount() == 0;
                }
                const auto start = m_loadingPositions.size();
                for (const auto& value : rows) {
                    m_loadingPositions.append(Position::fromJson(value.toObject()));
                }
                if (m_positionsProgressive) {
                    m_positions->append(m_loadingPositions.mid(start));
                }
            });
    connect(m_positionsLoader, &CursorLoader::loadingChanged, this,
            &AppContext::positionsLoadingChanged);
    connect(m_positionsLoader, &CursorLoader::finished, this, [this] {
        m_positions->merge(m_loadingPositions);
        m_cache->storePositions(m_serverUrl, m_loadingPositions);
        m_loadingPositions.clear();
        emit positionsLoaded();
    });

    connect(m_api, &ApiClient::onlineChanged, this, [this](bool online) {
        if (online) {
            // Back from an outage: catch up on whatever changed meanwhile.
            refreshAll();
            m_notificationStream->reconnectNow();
            m_staffStream->reconnectNow();
        }
        emit readOnlyChanged(isReadOnly());
    });
    connect(m_api, &ApiClient::unauthorized, this, [this] {
        if (isSignedIn()) {
            endSession(false);
            emit sessionExpired();
        }
    });
    connect(m_orders, &OrdersModel::pageLoaded, this, [this](const QList<Order>& page) {
        m_cache->storeOrders(userScope(), page);
        setSynced(true);
    });
    connect(m_notificationStream, &EventStream::notificationReceived, this,
            [this](const Notification& notification) { onNotification(notification, true); });
    auto revoked = [this] {
        if (isSignedIn()) {
            endSession(false);
            emit sessionExpired();
        }
    };
    connect(m_notificationStream, &EventStream::sessionRevoked, this, revoked);
    connect(m_staffStream, &EventStream::sessionRevoked, this, revoked);
    connect(m_staffStream, &EventStream::positionChanged, this, [this](const Position& position) {
        m_positions->upsert(position);
        // The one row that changed (rewriting 10,000 at every sale blocked the window).
        m_cache->storePosition(m_serverUrl, position);
    });
    connect(m_staffStream, &EventStream::deliveryChanged, this, &AppContext::staffDeliveryChanged);
    connect(m_staffStream, &EventStream::resyncNeeded, this, [this] {
        refreshPositions();
        emit staffResyncNeeded();
    });
    connect(m_sessionStore, &SessionStore::saved, this,
            [this](const QString&, bool ok, const QString& error) {
                if (!ok) {
                    emit keychainSaveFailed(error);
                }
            });
}

AppContext::~AppContext() {
    m_notificationStream->stop();
    m_staffStream->stop();
}

void AppContext::setServerUrl(const QString& url) {
    m_serverUrl = url;
    m_api->setBaseUrl(QUrl(url));
    m_positions->setPositions(m_cache->positions(url));
}

QString AppContext::serverHostPort() const {
    return TlsPolicy::hostPort(QUrl(m_serverUrl));
}

void AppContext::reloadPinnedCertificates() {
    m_api->tls()->setPins(m_settings->pinnedCertificates());
}

void AppContext::trustCertificate(const QString& hostPort, const QString& fingerprint) {
    m_settings->setPinnedCertificate(hostPort, fingerprint);
    reloadPinnedCertificates();
    // What failed is asked again: the probe brings the client online, which refreshes
    // everything and reconnects the streams.
    if (m_api->isOnline()) {
        refreshAll();
    } else {
        m_api->retryNow();
    }
    m_notificationStream->reconnectNow();
    m_staffStream->reconnectNow();
    emit certificateTrusted();
}

QString AppContext::userScope() const {
    return LocalCache::userScope(m_serverUrl, m_session.userId);
}

bool AppContext::isLoadingPositions() const {
    return m_positionsLoader->isLoading();
}

bool AppContext::isReadOnly() const {
    return !m_synced || !m_api->isOnline();
}

void AppContext::setSynced(bool synced) {
    if (m_synced == synced) {
        return;
    }
    m_synced = synced;
    emit readOnlyChanged(isReadOnly());
}

void AppContext::beginSession(const Session& session, bool keep) {
    m_session = session;
    m_api->setToken(session.token);
    m_settings->setKeepSignedIn(keep);
    if (keep) {
        m_sessionStore->save(m_serverUrl, session);
    } else {
        m_sessionStore->remove(m_serverUrl);
    }
    m_synced = false;
    m_notificationsLoaded = false;
    // Staff keep archived positions in view (greyed) to bring them back; customers never get them.
    m_positionsLoader->setPath(session.isStaff() ? QStringLiteral("/api/v1/staff/positions")
                                                 : QStringLiteral("/api/v1/stock/positions"));
    m_positions->setLowStockThreshold(session.isStaff() ? m_settings->lowStockThreshold() : 0);

    // The cached view first, so the window is useful before the first reply.
    const auto scope = userScope();
    m_balance = m_cache->balance(scope);
    m_orders->setCached(m_cache->orders(scope));
    m_notifications->setNotifications(m_cache->notifications(scope));
    m_notificationStream->setLastNotificationId(0);
    emit sessionStarted();
    emit readOnlyChanged(true);
    if (m_balance) {
        emit balanceChanged(*m_balance);
    }
    refreshAll();
}

void AppContext::endSession(bool callServer) {
    if (!isSignedIn()) {
        return;
    }
    if (callServer) {
        m_api->post(QStringLiteral("/api/v1/logout"), {}, nullptr, [](const ApiResult&) {});
    }
    m_notificationStream->stop();
    m_staffStream->stop();
    m_sessionStore->remove(m_serverUrl);
    m_session = Session{};
    m_api->setToken({});
    m_balance.reset();
    m_orders->clear();
    m_notifications->clear();
    m_synced = false;
    m_positionsLoader->setPath(QStringLiteral("/api/v1/stock/positions"));
    m_positions->setLowStockThreshold(0);
    emit sessionEnded();
}

void AppContext::refreshPositions() {
    // A refresh already under way will show the latest state; another would only restart it.
    if (!m_positionsLoader->isLoading()) {
        m_positionsLoader->reload();
    }
}

void AppContext::refreshBalance() {
    if (!isSignedIn() || m_session.isStaff()) {
        return;
    }
    const qint64 userId = m_session.userId;
    m_api->get(QStringLiteral("/api/v1/account"), {}, this, [this, userId](const ApiResult& r) {
        if (r.ok() && userId == m_session.userId) {
            setBalance(r.object().value(QLatin1String("balance")).toInteger());
        }
    });
}

void AppContext::setBalance(qint64 balance) {
    m_balance = balance;
    if (isSignedIn()) {
        m_cache->storeBalance(userScope(), balance);
    }
    emit balanceChanged(balance);
}

void AppContext::refreshCategories() {
    m_api->get(QStringLiteral("/api/v1/stock/categories"), {}, this, [this](const ApiResult& r) {
        if (!r.ok()) {
            return; // the list stays as it was; the catalogue works without it
        }
        QList<Category> categories;
        for (const auto& value : r.object().value(QLatin1String("categories")).toArray()) {
            categories.append(Category::fromJson(value.toObject()));
        }
        m_categories = categories;
        emit categoriesChanged();
    });
}

void AppContext::refreshAll() {
    refreshPositions();
    refreshCategories();
    if (!isSignedIn()) {
        return;
    }
    if (m_session.isStaff()) {
        // Staff have no orders or balance of their own; the sync is the catalogue.
        m_api->get(QStringLiteral("/api/v1/stock/positions"), {}, this, [this](const ApiResult& r) {
            if (r.ok()) {
                setSynced(true);
            }
        });
        m_staffStream->start();
        emit staffResyncNeeded();
        return;
    }
    refreshBalance();
    m_orders->reload();
    if (!m_notificationsLoaded) {
        loadNotifications(0);
    }
}

void AppContext::loadNotifications(qint64 after) {
    // Oldest first, page by page, until a short page: then the live stream takes over from
    // the last id, so nothing between the list and the socket is lost.
    constexpr int kPage = 200;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(kPage));
    const qint64 userId = m_session.userId;
    m_api->get(QStringLiteral("/api/v1/notifications"), query, this,
               [this, userId, after](const ApiResult& result) {
                   if (userId != m_session.userId) {
                       return;
                   }
                   if (!result.ok()) {
                       // Still start the stream: it polls and resumes on its own.
                       m_notificationStream->setLastNotificationId(after);
                       m_notificationStream->start();
                       return;
                   }
                   const auto list =
                       result.object().value(QLatin1String("notifications")).toArray();
                   qint64 last = after;
                   QList<Notification> page;
                   for (const auto& value : list) {
                       auto notification = Notification::fromJson(value.toObject());
                       last = std::max(last, notification.id);
                       page.append(notification);
                   }
                   m_cache->storeNotifications(userScope(), page);
                   for (const auto& notification : page) {
                       onNotification(notification, false);
                   }
                   if (list.size() >= kPage) {
                       loadNotifications(last);
                       return;
                   }
                   m_notificationsLoaded = true;
                   m_notificationStream->setLastNotificationId(last);
                   m_notificationStream->start();
               });
}

namespace {

// The delivery stage a notification announces ("" for one that announces none).
QString deliveryStageOf(const QString& notificationType) {
    if (notificationType == QLatin1String("order_sent")) {
        return QStringLiteral("sent");
    }
    if (notificationType == QLatin1String("order_delivered")) {
        return QStringLiteral("received");
    }
    return {};
}

int deliveryStageRank(const QString& stage) {
    if (stage == QLatin1String("awaiting_shipment")) {
        return 1;
    }
    if (stage == QLatin1String("sent")) {
        return 2;
    }
    if (stage == QLatin1String("received")) {
        return 3;
    }
    return 0;
}

} // namespace

void AppContext::onNotification(const Notification& notification, bool live) {
    const bool added = m_notifications->add(notification);
    if (live) {
        m_cache->storeNotifications(userScope(), {notification});
    }
    if (!added || !live) {
        return;
    }
    // A notification means an order moved: fetch it so lists and open pages show the change.
    if (notification.orderId > 0) {
        m_api->get(
            QStringLiteral("/api/v1/order/%1").arg(notification.orderId), {}, this,
            [this, orderId = notification.orderId, type = notification.type](const ApiResult& r) {
                if (r.ok()) {
                    auto order = Order::fromJson(r.object());
                    // The notification is Delivery's own word on the stage; Order's
                    // copy of it is kept by a consumer of its own and may not have
                    // caught up yet. The list never shows less than was announced.
                    const auto announced = deliveryStageOf(type);
                    if (deliveryStageRank(announced) > deliveryStageRank(order.deliveryStatus)) {
                        order.deliveryStatus = announced;
                    }
                    m_orders->upsert(order);
                    m_cache->storeOrders(userScope(), {order});
                }
                emit orderChanged(orderId);
            });
    }
    // A cancelled order's payment goes back to the balance. Billing refunds from the same
    // event that made this notification, on its own: it may be a moment behind, so the
    // balance is asked again shortly after.
    if (notification.type == QLatin1String("order_cancelled")) {
        refreshBalance();
        for (const int delayMs : {1000, 3000}) {
            QTimer::singleShot(delayMs, this, [this] {
                if (isSignedIn()) {
                    refreshBalance();
                }
            });
        }
    }
    emit newNotification(notification);
}

void AppContext::markNotificationsRead(qint64 upTo) {
    if (upTo <= 0) {
        upTo = m_notifications->lastId();
    }
    if (!isSignedIn() || upTo <= 0) {
        return;
    }
    // At once on screen; the server keeps it, so the next device (or start) agrees.
    m_notifications->markReadUpTo(upTo);
    m_cache->storeNotifications(userScope(), m_notifications->notifications());
    m_api->post(QStringLiteral("/api/v1/notifications/read"),
                QJsonObject{{QStringLiteral("up_to"), upTo}}, this, [](const ApiResult&) {
                    // A failure leaves them unread on the server; the next mark sends a later id
                    // that covers these too.
                });
}
