#pragma once

#include "api/ApiError.h"

#include <QWidget>

class AppContext;
class Banner;
class CartModel;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTimer;

// The catalogue with live stock counts, a quantity picker and the cart.
class CataloguePage : public QWidget {
    Q_OBJECT

public:
    explicit CataloguePage(AppContext* context, QWidget* parent = nullptr);

    CartModel* cart() const { return m_cart; }

signals:
    // The order failed for money: open the balance page with the shortfall filled in.
    void topUpRequested(qint64 amount);
    void orderPlaced(qint64 orderId);

private:
    void addToCart();
    void removeFromCart();
    void placeOrder();
    // After the checkout step's Confirm.
    void sendOrder();
    void onOrderFailed(const ApiError& error);
    void fitCartToStock();
    void updateState();
    void updateCount();
    // The cart's lines that are more than is in stock, named ("Tea (3 left, 5 in the cart)").
    QStringList shortages() const;
    void showShortages();
    void showShortfall();
    qint64 selectedPositionId() const;

    AppContext* m_context;
    CartModel* m_cart;
    QSortFilterProxyModel* m_proxy;
    Banner* m_banner;
    QLineEdit* m_search;
    QTableView* m_table;
    QSpinBox* m_quantity;
    QPushButton* m_addButton;
    QTableView* m_cartView;
    QPushButton* m_removeButton;
    QLabel* m_total;
    QPushButton* m_orderButton;
    QTimer* m_refreshTimer;
    QLabel* m_count;
    bool m_cartRestored = false;
    QString m_idempotencyKey;
    qint64 m_shortfall = 0;
    bool m_placing = false;
    enum class BannerAction { None, TopUp, FitToStock } m_bannerAction = BannerAction::None;
};
