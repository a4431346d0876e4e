#include "models/OrdersModel.h"

#include "api/ApiClient.h"
#include "api/CursorLoader.h"
#include "core/Format.h"
#include "models/ModelRoles.h"

#include <QJsonArray>
#include <QJsonObject>

OrdersModel::OrdersModel(ApiClient* api, QObject* parent) : OrdersModel(api, Scope::Own, parent) {}

OrdersModel::OrdersModel(ApiClient* api, Scope scope, QObject* parent)
    : QAbstractTableModel(parent), m_api(api), m_scope(scope),
      m_loader(new CursorLoader(api,
                                {scope == Scope::Staff ? QStringLiteral("/api/v1/staff/orders")
                                                       : QStringLiteral("/api/v1/orders"),
                                 QStringLiteral("orders"), QStringLiteral("before"),
                                 QStringLiteral("next_before"), 20},
                                this)) {
    connect(m_loader, &CursorLoader::loadingChanged, this, &OrdersModel::loadingChanged);
    connect(m_loader, &CursorLoader::failed, this, &OrdersModel::loadFailed);
    connect(m_loader, &CursorLoader::pageLoaded, this, [this](const QJsonArray& rows, bool first) {
        QList<Order> page;
        for (const auto& value : rows) {
            page.append(Order::fromJson(value.toObject()));
        }
        m_synced = true;
        if (first) {
            beginResetModel();
            m_orders = page;
            endResetModel();
        } else {
            for (const auto& order : page) {
                upsert(order);
            }
        }
        emit pageLoaded(page);
    });
}

void OrdersModel::setPageSize(int size) {
    m_loader->setPageSize(size);
}

void OrdersModel::setFilter(const QUrlQuery& filter) {
    m_loader->setQuery(filter);
}

bool OrdersModel::isLoading() const {
    return m_loader->isLoading();
}

bool OrdersModel::isComplete() const {
    return m_synced && m_loader->atEnd();
}

QString OrdersModel::statusText(const Order& order) const {
    if (order.status == QLatin1String("rejected") && !order.reason.isEmpty()) {
        return tr("%1: %2").arg(Format::orderStatus(order.status),
                                Format::rejectionReason(order.reason));
    }
    return Format::orderStatus(order.status);
}

int OrdersModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_orders.size());
}

int OrdersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_orders.size()) {
        return {};
    }
    const auto& order = m_orders.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return QStringLiteral("#%1").arg(order.id);
        case DateColumn:
            return Format::dateTime(order.createdAt);
        case ItemsColumn:
            return order.itemsSummary();
        case TotalColumn:
            return Format::money(order.total, order.currency);
        case CustomerColumn:
            return order.customerText();
        case StatusColumn:
            return statusText(order);
        case DeliveryColumn:
            // Only a confirmed order has a delivery; before its event arrives it is on the way.
            if (order.status != QLatin1String("confirmed")) {
                return QString();
            }
            return order.deliveryStatus.isEmpty() ? tr("Being prepared")
                                                  : Format::deliveryStatus(order.deliveryStatus);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ItemsColumn:
            return order.itemsSummary();
        case CustomerColumn:
            return order.customerText();
        case StatusColumn:
            return statusText(order);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TotalColumn || index.column() == IdColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        break;
    case ModelRoles::IdRole:
        return order.id;
    case ModelRoles::StatusRole:
        return order.status;
    case ModelRoles::SortRole:
        switch (index.column()) {
        case IdColumn:
        case DateColumn:
            // Ids grow with time; sorting by id keeps orders of the same second in order.
            return order.id;
        case ItemsColumn:
            return order.itemsSummary().toLower();
        case TotalColumn:
            return order.total;
        case CustomerColumn:
            return order.customerText().toLower();
        case StatusColumn:
            return order.status;
        case DeliveryColumn:
            return order.deliveryStatus;
        }
        break;
    }
    return {};
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case IdColumn:
        return tr("Order");
    case DateColumn:
        return tr("Date");
    case CustomerColumn:
        return tr("Customer");
    case ItemsColumn:
        return tr("Items");
    case TotalColumn:
        return tr("Total");
    case StatusColumn:
        return tr("Status");
    case DeliveryColumn:
        return tr("Delivery");
    }
    return {};
}

bool OrdersModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_synced && m_loader->canFetchMore();
}

void OrdersModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        m_loader->fetchMore();
    }
}

void OrdersModel::setCached(const QList<Order>& orders) {
    m_loader->cancel();
    beginResetModel();
    m_orders = orders;
    m_synced = false;
    endResetModel();
}

void OrdersModel::reload() {
    m_loader->reload();
}

void OrdersModel::clear() {
    m_loader->cancel();
    beginResetModel();
    m_orders.clear();
    m_synced = false;
    endResetModel();
}

void OrdersModel::upsert(const Order& order) {
    const int row = rowOf(order.id);
    if (row >= 0) {
        m_orders[row] = order;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Keep newest first so the cursor arithmetic and the default view agree.
    int insertAt = 0;
    while (insertAt < m_orders.size() && m_orders.at(insertAt).id > order.id) {
        ++insertAt;
    }
    beginInsertRows({}, insertAt, insertAt);
    m_orders.insert(insertAt, order);
    endInsertRows();
}

std::optional<Order> OrdersModel::orderAt(int row) const {
    if (row < 0 || row >= m_orders.size()) {
        return std::nullopt;
    }
    return m_orders.at(row);
}

int OrdersModel::rowOf(qint64 id) const {
    for (int row = 0; row < m_orders.size(); ++row) {
        if (m_orders.at(row).id == id) {
            return row;
        }
    }
    return -1;
}
