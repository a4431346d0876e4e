#pragma once

#include <QWidget>

class AppContext;
class Banner;
class FormField;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

// Staff: the stock table. Name and price are edited in place; goods are received or written
// off with a count; counts change live as customers order.
class StockPage : public QWidget {
    Q_OBJECT

public:
    explicit StockPage(AppContext* context, QWidget* parent = nullptr);

private:
    void addPosition();
    void adjust(int sign);
    void sendUpdate(qint64 id, const QJsonObject& body, const QString& done);
    qint64 selectedId() const;
    void updateState();

    AppContext* m_context;
    Banner* m_banner;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    FormField* m_name;
    FormField* m_price;
    QSpinBox* m_initialCount;
    QPushButton* m_addButton;
    QSpinBox* m_adjustCount;
    QPushButton* m_receiveButton;
    QPushButton* m_writeOffButton;
};
