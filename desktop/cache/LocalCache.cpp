#include "cache/LocalCache.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

Q_LOGGING_CATEGORY(lcCache, "lotok.cache")

namespace {

const QString kPositions = QStringLiteral("position");
const QString kOrders = QStringLiteral("order");
const QString kNotifications = QStringLiteral("notification");
const QString kBalance = QStringLiteral("balance");
const QString kCart = QStringLiteral("cart");

} // namespace

LocalCache::LocalCache(const QString& path)
    : m_connectionName(QStringLiteral("lotok-cache-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_path(path) {
    if (m_path.isEmpty()) {
        const auto dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        m_path = QDir(dir).filePath(QStringLiteral("cache.sqlite"));
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        // The cache is a convenience: without it the app still works, it just starts empty.
        qCWarning(lcCache) << "cannot open" << m_path << db.lastError().text();
        return;
    }
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    m_open = query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS items ("
                                       " scope TEXT NOT NULL, kind TEXT NOT NULL,"
                                       " id INTEGER NOT NULL, json BLOB NOT NULL,"
                                       " PRIMARY KEY (scope, kind, id))"));
    if (!m_open) {
        qCWarning(lcCache) << "cannot create schema" << query.lastError().text();
    }
}

LocalCache::~LocalCache() {
    {
        auto db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString LocalCache::userScope(const QString& serverUrl, qint64 userId) {
    return serverUrl + QLatin1Char('#') + QString::number(userId);
}

void LocalCache::storeRows(const QString& scope, const QString& kind,
                           const QList<QPair<qint64, QByteArray>>& rows, bool replaceAll) {
    if (!m_open) {
        return;
    }
    auto db = QSqlDatabase::database(m_connectionName);
    db.transaction();
    QSqlQuery query(db);
    if (replaceAll) {
        query.prepare(QStringLiteral("DELETE FROM items WHERE scope = ? AND kind = ?"));
        query.addBindValue(scope);
        query.addBindValue(kind);
        query.exec();
    }
    query.prepare(
        QStringLiteral("INSERT OR REPLACE INTO items (scope, kind, id, json) VALUES (?, ?, ?, ?)"));
    for (const auto& [id, json] : rows) {
        query.addBindValue(scope);
        query.addBindValue(kind);
        query.addBindValue(id);
        query.addBindValue(json);
        if (!query.exec()) {
            qCWarning(lcCache) << "cannot store" << kind << query.lastError().text();
        }
    }
    db.commit();
}

QList<QByteArray> LocalCache::rows(const QString& scope, const QString& kind,
                                   bool descending) const {
    QList<QByteArray> result;
    if (!m_open) {
        return result;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(
        QStringLiteral("SELECT json FROM items WHERE scope = ? AND kind = ? ORDER BY id ") +
        (descending ? QStringLiteral("DESC") : QStringLiteral("ASC")));
    query.addBindValue(scope);
    query.addBindValue(kind);
    if (query.exec()) {
        while (query.next()) {
            result.append(query.value(0).toByteArray());
        }
    }
    return result;
}

void LocalCache::storePositions(const QString& serverUrl, const QList<Position>& positions) {
    QList<QPair<qint64, QByteArray>> rows;
    for (const auto& position : positions) {
        rows.append({position.id, QJsonDocument(position.toJson()).toJson(QJsonDocument::Compact)});
    }
    storeRows(serverUrl, kPositions, rows, true);
}

void LocalCache::storePosition(const QString& serverUrl, const Position& position) {
    storeRows(serverUrl, kPositions,
              {{position.id, QJsonDocument(position.toJson()).toJson(QJsonDocument::Compact)}},
              false);
}

QList<Position> LocalCache::positions(const QString& serverUrl) const {
    QList<Position> result;
    for (const auto& json : rows(serverUrl, kPositions, false)) {
        result.append(Position::fromJson(QJsonDocument::fromJson(json).object()));
    }
    return result;
}

void LocalCache::storeOrders(const QString& scope, const QList<Order>& orders) {
    QList<QPair<qint64, QByteArray>> rows;
    for (const auto& order : orders) {
        rows.append({order.id, QJsonDocument(order.toJson()).toJson(QJsonDocument::Compact)});
    }
    storeRows(scope, kOrders, rows, false);
}

QList<Order> LocalCache::orders(const QString& scope) const {
    QList<Order> result;
    for (const auto& json : rows(scope, kOrders, true)) {
        result.append(Order::fromJson(QJsonDocument::fromJson(json).object()));
    }
    return result;
}

void LocalCache::storeNotifications(const QString& scope,
                                    const QList<Notification>& notifications) {
    QList<QPair<qint64, QByteArray>> rows;
    for (const auto& notification : notifications) {
        rows.append(
            {notification.id, QJsonDocument(notification.toJson()).toJson(QJsonDocument::Compact)});
    }
    storeRows(scope, kNotifications, rows, false);
}

QList<Notification> LocalCache::notifications(const QString& scope) const {
    QList<Notification> result;
    for (const auto& json : rows(scope, kNotifications, false)) {
        result.append(Notification::fromJson(QJsonDocument::fromJson(json).object()));
    }
    return result;
}

void LocalCache::storeBalance(const QString& scope, qint64 balance) {
    const QJsonObject json{{QStringLiteral("balance"), balance}};
    storeRows(scope, kBalance, {{1, QJsonDocument(json).toJson(QJsonDocument::Compact)}}, true);
}

std::optional<qint64> LocalCache::balance(const QString& scope) const {
    const auto found = rows(scope, kBalance, false);
    if (found.isEmpty()) {
        return std::nullopt;
    }
    return QJsonDocument::fromJson(found.first())
        .object()
        .value(QLatin1String("balance"))
        .toInteger();
}

void LocalCache::clearScope(const QString& scope) {
    if (!m_open) {
        return;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName));
    query.prepare(QStringLiteral("DELETE FROM items WHERE scope = ?"));
    query.addBindValue(scope);
    query.exec();
}

void LocalCache::storeCart(const QString& scope, const QJsonArray& lines) {
    storeRows(scope, kCart, {{1, QJsonDocument(lines).toJson(QJsonDocument::Compact)}}, true);
}

QJsonArray LocalCache::cart(const QString& scope) const {
    const auto found = rows(scope, kCart, false);
    return found.isEmpty() ? QJsonArray() : QJsonDocument::fromJson(found.first()).array();
}
