#include "models/NotificationsModel.h"

#include "core/Format.h"
#include "models/ModelRoles.h"

#include <QFont>
#include <QIcon>
#include <algorithm>

NotificationsModel::NotificationsModel(QObject* parent) : QAbstractListModel(parent) {}

int NotificationsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant NotificationsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_items.size()) {
        return {};
    }
    const auto& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1\n%2").arg(Format::notificationText(item.type, item.orderId),
                                            Format::dateTime(item.createdAt));
    case Qt::DecorationRole: {
        QString icon = QStringLiteral("info");
        if (item.type == QLatin1String("order_ready_for_delivery")) {
            icon = QStringLiteral("ok");
        } else if (item.type == QLatin1String("order_rejected") ||
                   item.type == QLatin1String("order_cancelled")) {
            icon = QStringLiteral("error");
        } else if (item.type == QLatin1String("order_sent")) {
            icon = QStringLiteral("truck");
        } else if (item.type == QLatin1String("order_delivered")) {
            icon = QStringLiteral("box");
        }
        return QIcon(QStringLiteral(":/icons/%1.svg").arg(icon));
    }
    case Qt::AccessibleTextRole:
    case Qt::ToolTipRole:
        return Format::notificationText(item.type, item.orderId);
    case Qt::FontRole:
        if (!item.read) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case ModelRoles::IdRole:
        return item.id;
    case TypeRole:
        return item.type;
    case OrderIdRole:
        return item.orderId;
    case UnreadRole:
        return !item.read;
    case TimeRole:
        return item.createdAt;
    }
    return {};
}

void NotificationsModel::setNotifications(const QList<Notification>& notifications) {
    beginResetModel();
    m_items.clear();
    for (const auto& notification : notifications) {
        int at = 0;
        while (at < m_items.size() && m_items.at(at).id > notification.id) {
            ++at;
        }
        if (at < m_items.size() && m_items.at(at).id == notification.id) {
            continue;
        }
        m_items.insert(at, notification);
    }
    endResetModel();
    emit unreadCountChanged(unreadCount());
}

bool NotificationsModel::add(const Notification& notification) {
    int at = 0;
    while (at < m_items.size() && m_items.at(at).id > notification.id) {
        ++at;
    }
    if (at < m_items.size() && m_items.at(at).id == notification.id) {
        // Known already; the server's read state wins over the cached one (read elsewhere).
        if (notification.read && !m_items.at(at).read) {
            m_items[at].read = true;
            emit dataChanged(index(at), index(at));
            emit unreadCountChanged(unreadCount());
        }
        return false;
    }
    beginInsertRows({}, at, at);
    m_items.insert(at, notification);
    endInsertRows();
    emit unreadCountChanged(unreadCount());
    return true;
}

void NotificationsModel::clear() {
    beginResetModel();
    m_items.clear();
    endResetModel();
    emit unreadCountChanged(0);
}

qint64 NotificationsModel::lastId() const {
    return m_items.isEmpty() ? 0 : m_items.first().id;
}

int NotificationsModel::unreadCount() const {
    return int(std::count_if(m_items.begin(), m_items.end(),
                             [](const Notification& item) { return !item.read; }));
}

void NotificationsModel::markReadUpTo(qint64 id) {
    bool changed = false;
    for (auto& item : m_items) {
        if (item.id <= id && !item.read) {
            item.read = true;
            changed = true;
        }
    }
    if (changed) {
        emit dataChanged(index(0), index(int(m_items.size()) - 1));
        emit unreadCountChanged(unreadCount());
    }
}
