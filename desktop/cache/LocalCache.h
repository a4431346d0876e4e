#pragma once

#include "models/Dto.h"

#include <QJsonArray>
#include <QList>
#include <QString>

// The last catalogue, orders and notifications seen, in a local SQLite file, so the app
// can show something useful the moment it starts and while the server is away. Rows are
// stored as the contract's JSON: the cache never needs a migration when a screen changes.
// Scopes keep servers and users apart: the catalogue is per server, the rest per user.
class LocalCache {
public:
    // An empty path means the standard per-user data location.
    explicit LocalCache(const QString& path = {});
    ~LocalCache();
    LocalCache(const LocalCache&) = delete;
    LocalCache& operator=(const LocalCache&) = delete;

    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    static QString userScope(const QString& serverUrl, qint64 userId);

    void storePositions(const QString& serverUrl, const QList<Position>& positions);
    // One position changed: only its row is written.
    void storePosition(const QString& serverUrl, const Position& position);
    QList<Position> positions(const QString& serverUrl) const;

    // Replaces what is cached for these ids and keeps the rest (pages arrive one by one).
    void storeOrders(const QString& scope, const QList<Order>& orders);
    QList<Order> orders(const QString& scope) const; // newest first

    void storeNotifications(const QString& scope, const QList<Notification>& notifications);
    QList<Notification> notifications(const QString& scope) const; // oldest first

    void storeBalance(const QString& scope, qint64 balance);
    std::optional<qint64> balance(const QString& scope) const;
    // The cart's lines ({position_id, count}), so a cart survives a restart.
    void storeCart(const QString& scope, const QJsonArray& lines);
    QJsonArray cart(const QString& scope) const;

    void clearScope(const QString& scope);

private:
    void storeRows(const QString& scope, const QString& kind,
                   const QList<QPair<qint64, QByteArray>>& rows, bool replaceAll);
    QList<QByteArray> rows(const QString& scope, const QString& kind, bool descending) const;

    QString m_connectionName;
    QString m_path;
    bool m_open = false;
};
