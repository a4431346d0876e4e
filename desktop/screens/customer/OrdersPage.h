#pragma once

#include "models/OrdersModel.h"

#include <QWidget>

class AppContext;
class Banner;
class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QPushButton;
class QTimer;

// A list of orders: sortable, newest first, more pages as the list is scrolled, and how many
// there are. The customer's own orders (Scope::Own), or the staff board of every order
// (Scope::Staff) with the customer, search by order id, login or name, a status filter and
// a date range, all applied by the server.
class OrdersPage : public QWidget {
    Q_OBJECT

public:
    explicit OrdersPage(AppContext* context, QWidget* parent = nullptr);
    OrdersPage(AppContext* context, OrdersModel::Scope scope, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    OrdersModel* model() const { return m_model; }
    void openOrder(qint64 orderId);
    // The board's filters as the server gets them.
    QUrlQuery filter() const;

public slots:
    void reload();

signals:
    // An opened order's "Repeat order" (customer).
    void repeatOrderRequested(const Order& order);

private:
    void buildFilters(QLayout* layout);
    void updateCount();

    AppContext* m_context;
    OrdersModel* m_model;
    Banner* m_banner;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QLabel* m_count;
    QPushButton* m_openButton;
    QPushButton* m_refreshButton;
    QLineEdit* m_search = nullptr;
    QComboBox* m_status = nullptr;
    QCheckBox* m_useDates = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QTimer* m_searchDelay = nullptr;
};
