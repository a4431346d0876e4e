#pragma once

#include "models/Dto.h"

#include <QAbstractListModel>

// The customer's notifications, newest on top, with an unread count measured against the
// id of the last one the user has looked at.
class NotificationsModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role { TypeRole = Qt::UserRole + 10, OrderIdRole, UnreadRole, TimeRole };

    explicit NotificationsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    void setNotifications(const QList<Notification>& notifications);
    // Returns false for an id already present.
    bool add(const Notification& notification);
    void clear();

    qint64 lastId() const;
    int unreadCount() const;
    qint64 lastReadId() const { return m_lastReadId; }
    void setLastReadId(qint64 id);
    void markAllRead() { setLastReadId(lastId()); }
    const QList<Notification>& notifications() const { return m_items; }

signals:
    void unreadCountChanged(int count);

private:
    QList<Notification> m_items; // newest first
    qint64 m_lastReadId = 0;
};
