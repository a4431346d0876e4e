#pragma once

#include "models/Dto.h"

#include <QDialog>
#include <optional>

class AppContext;
class QLabel;
class QTableWidget;
class QTreeWidget;

// One order: its items, total, delivery status and a timeline of what happened when. Stays
// current while open: a notification about this order refreshes it.
class OrderDialog : public QDialog {
    Q_OBJECT

public:
    OrderDialog(AppContext* context, qint64 orderId, QWidget* parent = nullptr);

    qint64 orderId() const { return m_orderId; }
    void refresh();

private:
    void showOrder();

    AppContext* m_context;
    qint64 m_orderId;
    std::optional<Order> m_order;
    std::optional<Delivery> m_delivery;
    QLabel* m_title;
    QLabel* m_status;
    QLabel* m_deliveryStatus;
    QLabel* m_address;
    QTableWidget* m_items;
    QLabel* m_total;
    QTreeWidget* m_timeline;
};
