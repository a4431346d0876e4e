#pragma once

#include <QDialog>

class AppContext;
class CartModel;
class QLabel;
class QPushButton;
class QTableWidget;

// The last step before an order is sent: what is in it at today's prices, the total, the
// balance it is paid from, and where it will be delivered (the profile's address, with a
// button to change it). Only Confirm sends it; the caller (the catalogue) sends it with its
// Idempotency-Key as before. Follows the cart while open (a price that moves shows at once).
class CheckoutDialog : public QDialog {
    Q_OBJECT

public:
    CheckoutDialog(AppContext* context, CartModel* cart, QWidget* parent = nullptr);

    // Empty until the profile has come.
    QString address() const { return m_address; }

signals:
    // The customer confirmed: send the order now.
    void confirmed();

private:
    void loadAddress();
    void changeAddress();
    void showCart();
    void updateState();

    AppContext* m_context;
    CartModel* m_cart;
    QTableWidget* m_items;
    QLabel* m_total;
    QLabel* m_balance;
    QLabel* m_addressLabel;
    QPushButton* m_changeAddressButton;
    QPushButton* m_confirmButton;
    QString m_address;
    bool m_addressFailed = false;
};
