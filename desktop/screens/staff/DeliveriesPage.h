#pragma once

#include "models/Dto.h"

#include <QWidget>

class AppContext;
class Banner;
class CursorLoader;
class DeliveriesModel;
class QAction;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

// Staff: deliveries by status, every one of them (the tabs follow the server's cursor and
// say how many there are), searchable; "Mark sent" and "Mark received" for every selected
// delivery after one confirmation, from the buttons, the context menu or the keyboard.
class DeliveriesPage : public QWidget {
    Q_OBJECT

public:
    explicit DeliveriesPage(AppContext* context, QWidget* parent = nullptr);

    void reload();
    DeliveriesModel* model(const QString& status) const;
    QTabWidget* tabs() const { return m_tabs; }
    // Rows per request (the contract's maximum by default); smaller in tests.
    void setPageSize(int size);

private:
    struct Tab {
        QString status;
        QString title;
        DeliveriesModel* model = nullptr;
        QSortFilterProxyModel* proxy = nullptr;
        QTableView* view = nullptr;
        CursorLoader* loader = nullptr;
        QList<Delivery> loading;
    };

    void advance(const QString& from, const QString& path);
    QList<Delivery> selected() const;
    void upsert(const Delivery& delivery);
    void updateState();
    void updateTitles();

    AppContext* m_context;
    Banner* m_banner;
    QLineEdit* m_search;
    QTabWidget* m_tabs;
    QList<Tab> m_pages;
    QPushButton* m_sentButton;
    QPushButton* m_receivedButton;
    QPushButton* m_refreshButton;
    QAction* m_sentAction;
    QAction* m_receivedAction;
};
