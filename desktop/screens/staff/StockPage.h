#pragma once

#include <QJsonObject>
#include <QWidget>

class AppContext;
class Banner;
class FormField;
class QBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

// Staff: the stock table, searchable, low counts highlighted (threshold in Settings). Name and
// price are edited in place; goods are received or written off, or counted (a stock-take
// sets the available count); a position no longer sold is archived (greyed, history kept);
// counts change live as customers order.
class StockPage : public QWidget {
    Q_OBJECT

public:
    explicit StockPage(AppContext* context, QWidget* parent = nullptr);

public slots:
    // A narrow window: the new-position and selected-position boxes stack.
    void setCompact(bool compact);

private:
    void addPosition();
    void adjust(int sign);
    void sendUpdate(qint64 id, const QJsonObject& body, const QString& done);
    qint64 selectedId() const;
    void updateState();
    void updateCount();
    void setCount();
    void toggleArchived();
    void editDetails();

private:
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
    QPushButton* m_setCountButton;
    QPushButton* m_archiveButton;
    QPushButton* m_detailsButton;
    QLineEdit* m_search;
    QLabel* m_count;
    QBoxLayout* m_bottom = nullptr;
};
