#include "screens/customer/OrdersPage.h"

#include "core/AppContext.h"
#include "core/Format.h"
#include "models/ModelRoles.h"
#include "models/OrdersModel.h"
#include "screens/customer/OrderDialog.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

OrdersPage::OrdersPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_view(new QTableView(this)),
      m_openButton(new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open"), this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this)) {
    setObjectName(QStringLiteral("ordersPage"));
    m_banner->setObjectName(QStringLiteral("ordersBanner"));
    m_proxy->setSourceModel(context->orders());
    m_proxy->setSortRole(ModelRoles::SortRole);
    m_view->setObjectName(QStringLiteral("ordersTable"));
    m_view->setAccessibleName(tr("Orders"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(OrdersModel::DateColumn, Qt::DescendingOrder);
    setupTable(m_view, OrdersModel::ItemsColumn);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_openButton->setObjectName(QStringLiteral("openOrderButton"));
    m_refreshButton->setObjectName(QStringLiteral("refreshOrdersButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addStretch();
    buttons->addWidget(m_refreshButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    auto openCurrent = [this] {
        const auto index = m_view->currentIndex();
        if (index.isValid()) {
            openOrder(m_proxy->data(index.siblingAtColumn(0), ModelRoles::IdRole).toLongLong());
        }
    };
    connect(m_view, &QTableView::activated, this, openCurrent);
    connect(m_openButton, &QPushButton::clicked, this, openCurrent);
    connect(m_refreshButton, &QPushButton::clicked, context->orders(), &OrdersModel::reload);
    connect(context->orders(), &OrdersModel::loadFailed, this, [this](const ApiError& error) {
        m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
    });
    connect(context->orders(), &OrdersModel::pageLoaded, m_banner, &Banner::clear);
}

void OrdersPage::openOrder(qint64 orderId) {
    if (orderId <= 0) {
        return;
    }
    auto* dialog = new OrderDialog(m_context, orderId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}
