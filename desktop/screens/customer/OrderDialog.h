#pragma once

#include "models/Dto.h"

#include <QDialog>
#include <optional>

class AppContext;
class QLabel;
class QPrinter;
class QPushButton;
class QTableWidget;
class QTreeWidget;

// One order: its items, total, delivery status and a timeline of what happened when. Stays
// current while open: a notification about this order, or the server coming back, refreshes
// it. What could not be loaded is shown as unknown, never as a guess.
class OrderDialog : public QDialog {
    Q_OBJECT

public:
    OrderDialog(AppContext* context, qint64 orderId, QWidget* parent = nullptr);

    qint64 orderId() const { return m_orderId; }
    void refresh();
    // What the list already knows (the staff board's customer); shown until the server answers.
    void setOrder(const Order& order);

    // Staff: the pick list (items to pack, the customer, where it goes) as a printable page.
    QString pickListHtml() const;
    void printPickList();
    // Writes the pick list as PDF; false when the file cannot be written.
    bool savePickListPdf(const QString& path) const;

    // Asks the server to cancel the order, after a confirmation (the Cancel button).
    void cancelOrder();
signals:
    // Customer: put this order's items in the cart again (screens/customer/RepeatOrder).
    void repeatRequested(const Order& order);

private:
    void showOrder();
    void sendCancel();
    // Staff: the customer's profile (for the phone), once the order names its customer.
    void loadProfile();
    QString phoneText() const;
    void renderPickList(QPrinter* printer) const;

    AppContext* m_context;
    qint64 m_orderId;
    std::optional<Order> m_order;
    std::optional<Delivery> m_delivery;
    // What the server last said about the delivery: nothing yet, it exists, there is none,
    // or it could not be asked (offline).
    enum class DeliveryState { NotAsked, Loaded, None, Unknown };
    DeliveryState m_deliveryState = DeliveryState::NotAsked;
    bool m_orderFresh = false;
    // The customer's phone as the User service has it: not asked yet, loaded (maybe empty:
    // none given), or it could not be loaded.
    enum class ProfileState { NotAsked, Asked, Loaded, Unknown };
    ProfileState m_profileState = ProfileState::NotAsked;
    QString m_phone;
    QLabel* m_title;
    QLabel* m_customer;
    QLabel* m_phoneLabel;
    QPushButton* m_printButton = nullptr;
    QPushButton* m_pdfButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    // One key per dialog: a retry after a lost answer cannot cancel twice, nor be refused as
    // a second cancel.
    QString m_cancelKey;
    bool m_cancelling = false;
    QPushButton* m_repeatButton = nullptr;
    QLabel* m_status;
    QLabel* m_deliveryStatus;
    QLabel* m_address;
    QTableWidget* m_items;
    QLabel* m_total;
    QTreeWidget* m_timeline;
};
