#pragma once

#include "models/Dto.h"

#include <QWidget>

class AppContext;
class Banner;
class DeliveriesModel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

// Staff: deliveries by status, with "Mark sent" and "Mark received" after a confirmation.
class DeliveriesPage : public QWidget {
    Q_OBJECT

public:
    explicit DeliveriesPage(AppContext* context, QWidget* parent = nullptr);

    void reload();
    DeliveriesModel* model(const QString& status) const;
    QTabWidget* tabs() const { return m_tabs; }

private:
    struct Tab {
        QString status;
        DeliveriesModel* model = nullptr;
        QSortFilterProxyModel* proxy = nullptr;
        QTableView* view = nullptr;
    };

    void advance(const QString& path, const QString& question, const QString& done);
    std::optional<Delivery> current() const;
    void upsert(const Delivery& delivery);
    void updateState();

    AppContext* m_context;
    Banner* m_banner;
    QTabWidget* m_tabs;
    QList<Tab> m_pages;
    QPushButton* m_sentButton;
    QPushButton* m_receivedButton;
    QPushButton* m_refreshButton;
};
