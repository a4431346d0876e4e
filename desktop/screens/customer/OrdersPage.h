#pragma once

#include <QWidget>

class AppContext;
class Banner;
class QSortFilterProxyModel;
class QTableView;
class QPushButton;

// The customer's orders: sortable, newest first, more pages as the list is scrolled.
class OrdersPage : public QWidget {
    Q_OBJECT

public:
    explicit OrdersPage(AppContext* context, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    void openOrder(qint64 orderId);

private:
    AppContext* m_context;
    Banner* m_banner;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QPushButton* m_openButton;
    QPushButton* m_refreshButton;
};
