#pragma once

#include "api/ApiError.h"
#include "models/Dto.h"

#include <QAbstractTableModel>

class ApiClient;

// The customer's orders, newest first, paged through the server's `before` cursor: views
// call fetchMore() as the user scrolls to the end.
class OrdersModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { IdColumn, DateColumn, ItemsColumn, TotalColumn, StatusColumn, ColumnCount };

    explicit OrdersModel(ApiClient* api, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Shows cached rows without a cursor: nothing more is fetched until reload().
    void setCached(const QList<Order>& orders);
    // Drops everything and loads the first page from the server.
    void reload();
    void upsert(const Order& order);
    void clear();
    void setPageSize(int size) { m_pageSize = size; }

    const QList<Order>& orders() const { return m_orders; }
    std::optional<Order> orderAt(int row) const;
    int rowOf(qint64 id) const;
    bool isLoading() const { return m_loading; }

signals:
    void loadingChanged(bool loading);
    void pageLoaded(const QList<Order>& orders);
    void loadFailed(const ApiError& error);

private:
    void requestPage(qint64 before, bool replace);
    void setLoading(bool loading);

    ApiClient* m_api;
    QList<Order> m_orders;
    qint64 m_nextBefore = 0; // 0: no cursor yet or the end was reached
    bool m_synced = false;
    bool m_loading = false;
    int m_pageSize = 20;
    int m_generation = 0;
};
