#include "models/OrdersModel.h"

#include "api/ApiClient.h"
#include "core/Format.h"
#include "models/ModelRoles.h"

#include <QJsonArray>

OrdersModel::OrdersModel(ApiClient* api, QObject* parent)
    : QAbstractTableModel(parent), m_api(api) {}

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
        case StatusColumn:
            if (order.status == QLatin1String("rejected") && !order.reason.isEmpty()) {
                return tr("%1: %2").arg(Format::orderStatus(order.status),
                                        Format::rejectionReason(order.reason));
            }
            return Format::orderStatus(order.status);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ItemsColumn) {
            return order.itemsSummary();
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
        case StatusColumn:
            return order.status;
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
    case ItemsColumn:
        return tr("Items");
    case TotalColumn:
        return tr("Total");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

bool OrdersModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_synced && m_nextBefore > 0 && !m_loading;
}

void OrdersModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        requestPage(m_nextBefore, false);
    }
}

void OrdersModel::setCached(const QList<Order>& orders) {
    beginResetModel();
    m_orders = orders;
    m_synced = false;
    m_nextBefore = 0;
    endResetModel();
}

void OrdersModel::reload() {
    requestPage(0, true);
}

void OrdersModel::clear() {
    ++m_generation;
    beginResetModel();
    m_orders.clear();
    m_synced = false;
    m_nextBefore = 0;
    endResetModel();
    setLoading(false);
}

void OrdersModel::requestPage(qint64 before, bool replace) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_pageSize));
    if (before > 0) {
        query.addQueryItem(QStringLiteral("before"), QString::number(before));
    }
    if (replace) {
        ++m_generation;
    }
    const int generation = m_generation;
    setLoading(true);
    m_api->get(QStringLiteral("/api/v1/orders"), query, this,
               [this, replace, generation](const ApiResult& result) {
                   if (generation != m_generation) {
                       return; // a newer reload superseded this page
                   }
                   setLoading(false);
                   if (!result.ok()) {
                       emit loadFailed(*result.error);
                       return;
                   }
                   const auto json = result.object();
                   QList<Order> page;
                   for (const auto& value : json.value(QLatin1String("orders")).toArray()) {
                       page.append(Order::fromJson(value.toObject()));
                   }
                   const auto next = json.value(QLatin1String("next_before"));
                   m_nextBefore = next.isNull() || next.isUndefined() ? 0 : next.toInteger();
                   m_synced = true;
                   if (replace) {
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

void OrdersModel::setLoading(bool loading) {
    if (m_loading == loading) {
        return;
    }
    m_loading = loading;
    emit loadingChanged(loading);
}
