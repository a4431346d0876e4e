#pragma once

#include "api/ApiError.h"
#include "models/Dto.h"

#include <QAbstractTableModel>
#include <QUrlQuery>

class ApiClient;
class CursorLoader;

// Orders, newest first, paged through the server's `before` cursor: views call fetchMore()
// as the user scrolls to the end. Scope::Own is the customer's own list
// (/api/v1/orders); Scope::Staff the back office's board of every order
// (/api/v1/staff/orders, with the customer and the board's filters).
class OrdersModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Scope { Own, Staff };
    enum Column {
        IdColumn,
        DateColumn,
        CustomerColumn,
        ItemsColumn,
        TotalColumn,
        StatusColumn,
        DeliveryColumn,
        ColumnCount
    };

    explicit OrdersModel(ApiClient* api, QObject* parent = nullptr);
    OrdersModel(ApiClient* api, Scope scope, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    Scope scope() const { return m_scope; }
    // Shows cached rows without a cursor: nothing more is fetched until reload().
    void setCached(const QList<Order>& orders);
    // Drops everything and loads the first page from the server.
    void reload();
    // The staff board's filters (status, q, from, to); applied by the next reload().
    void setFilter(const QUrlQuery& filter);
    void upsert(const Order& order);
    void clear();
    void setPageSize(int size);

    const QList<Order>& orders() const { return m_orders; }
    std::optional<Order> orderAt(int row) const;
    int rowOf(qint64 id) const;
    bool isLoading() const;
    // Every order of the list is loaded (the server said the last page was the last).
    bool isComplete() const;

signals:
    void loadingChanged(bool loading);
    void pageLoaded(const QList<Order>& orders);
    void loadFailed(const ApiError& error);

private:
    QString statusText(const Order& order) const;

    ApiClient* m_api;
    Scope m_scope;
    CursorLoader* m_loader;
    QList<Order> m_orders;
    bool m_synced = false;
};
