#pragma once

#include "api/ApiError.h"

#include <QSet>
#include <QWidget>

class AppContext;
class Banner;
class CartModel;
class CatalogueFilterModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

// The catalogue with live stock counts, a quantity picker and the cart. A table or a grid of
// thumbnails (the user's choice, kept in the settings), a category filter and a search box
// whose search runs on the server, over names and descriptions; a product's page shows its
// picture and description.
class CataloguePage : public QWidget {
    Q_OBJECT

public:
    explicit CataloguePage(AppContext* context, QWidget* parent = nullptr);

    CartModel* cart() const { return m_cart; }

public slots:
    void setCompact(bool compact);

signals:
    // The order failed for money: open the balance page with the shortfall filled in.
    void topUpRequested(qint64 amount);
    void orderPlaced(qint64 orderId);

private:
    void addToCart();
    void showDetails();
    void setGrid(bool grid);
    void fillCategories();
    // Asks the server for the positions matching the search box and the category.
    void search();
    void searchPage(int generation, qint64 after, QSet<qint64> found, int pages);
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
    CatalogueFilterModel* m_proxy;
    Banner* m_banner;
    QLineEdit* m_search;
    QComboBox* m_category;
    QToolButton* m_tableButton;
    QToolButton* m_gridButton;
    QStackedWidget* m_views;
    QTableView* m_table;
    QListView* m_grid;
    QPushButton* m_detailsButton;
    QTimer* m_searchTimer;
    int m_searchGeneration = 0;
    bool m_fillingCategories = false;
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
