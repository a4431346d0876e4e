#pragma once

#include "models/Dto.h"

#include <QAbstractListModel>

// The customer's notifications, newest on top, with their read state as the server keeps it
// (so every device agrees) and the unread count.
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
    // Marks every notification up to this id read (what POST /notifications/read does).
    void markReadUpTo(qint64 id);
    const QList<Notification>& notifications() const { return m_items; }

signals:
    void unreadCountChanged(int count);

private:
    QList<Notification> m_items; // newest first
};
