#include "models/DeliveriesModel.h"

#include "core/Format.h"
#include "models/ModelRoles.h"

DeliveriesModel::DeliveriesModel(const QString& status, QObject* parent)
    : QAbstractTableModel(parent), m_status(status) {}

int DeliveriesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_deliveries.size());
}

int DeliveriesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveriesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_deliveries.size()) {
        return {};
    }
    const auto& delivery = m_deliveries.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case OrderColumn:
            return QStringLiteral("#%1").arg(delivery.orderId);
        case CustomerColumn:
            return delivery.customerName;
        case AddressColumn:
            return delivery.address;
        case CreatedColumn:
            return Format::dateTime(delivery.createdAt);
        case SentColumn:
            return Format::dateTime(delivery.sentAt);
        case ReceivedColumn:
            return Format::dateTime(delivery.receivedAt);
        }
    } else if (role == ModelRoles::SearchRole) {
        return searchText(index.row());
    } else if (role == ModelRoles::IdRole) {
        return delivery.orderId;
    } else if (role == ModelRoles::StatusRole) {
        return delivery.status;
    } else if (role == ModelRoles::SortRole) {
        switch (index.column()) {
        case OrderColumn:
            return delivery.orderId;
        case CustomerColumn:
            return delivery.customerName.toLower();
        case AddressColumn:
            return delivery.address.toLower();
        case CreatedColumn:
            return delivery.createdAt;
        case SentColumn:
            return delivery.sentAt;
        case ReceivedColumn:
            return delivery.receivedAt;
        }
    }
    return {};
}

QString DeliveriesModel::searchText(int row) const {
    return row >= 0 && row < m_search.size() ? m_search.at(row) : QString();
}

QString DeliveriesModel::makeSearchText(const Delivery& delivery) {
    // Every column's text, as shown; the separator is nothing anyone types.
    return QStringList{QStringLiteral("#%1").arg(delivery.orderId),
                       delivery.customerName,
                       delivery.address,
                       Format::dateTime(delivery.createdAt),
                       Format::dateTime(delivery.sentAt),
                       Format::dateTime(delivery.receivedAt)}
        .join(QChar(0x1f));
}

QVariant DeliveriesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case OrderColumn:
        return tr("Order");
    case CustomerColumn:
        return tr("Customer");
    case AddressColumn:
        return tr("Address");
    case CreatedColumn:
        return tr("Created");
    case SentColumn:
        return tr("Sent");
    case ReceivedColumn:
        return tr("Received");
    }
    return {};
}

void DeliveriesModel::setDeliveries(const QList<Delivery>& deliveries) {
    beginResetModel();
    m_deliveries.clear();
    m_search.clear();
    for (const auto& delivery : deliveries) {
        if (delivery.status == m_status) {
            m_deliveries.append(delivery);
            // Made with the list (when a tab loads), so no key typed in a search pays for it.
            m_search.append(makeSearchText(delivery));
        }
    }
    endResetModel();
}

void DeliveriesModel::upsert(const Delivery& delivery) {
    const int row = rowOf(delivery.orderId);
    if (delivery.status != m_status) {
        if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_deliveries.removeAt(row);
            m_search.removeAt(row);
            endRemoveRows();
        }
        return;
    }
    if (row >= 0) {
        m_deliveries[row] = delivery;
        m_search[row] = makeSearchText(delivery);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, 0, 0);
    m_deliveries.prepend(delivery);
    m_search.prepend(makeSearchText(delivery));
    endInsertRows();
}

std::optional<Delivery> DeliveriesModel::deliveryAt(int row) const {
    if (row < 0 || row >= m_deliveries.size()) {
        return std::nullopt;
    }
    return m_deliveries.at(row);
}

int DeliveriesModel::rowOf(qint64 orderId) const {
    for (int row = 0; row < m_deliveries.size(); ++row) {
        if (m_deliveries.at(row).orderId == orderId) {
            return row;
        }
    }
    return -1;
}
