#include "screens/customer/OrdersPage.h"

#include "core/AppContext.h"
#include "core/CsvExport.h"
#include "core/Format.h"
#include "models/ModelRoles.h"
#include "models/OrdersModel.h"
#include "screens/customer/OrderDialog.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

OrdersPage::OrdersPage(AppContext* context, QWidget* parent)
    : OrdersPage(context, OrdersModel::Scope::Own, parent) {}

OrdersPage::OrdersPage(AppContext* context, OrdersModel::Scope scope, QWidget* parent)
    : QWidget(parent), m_context(context),
      m_model(scope == OrdersModel::Scope::Own
                  ? context->orders()
                  : new OrdersModel(context->api(), OrdersModel::Scope::Staff, this)),
      m_banner(new Banner(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_view(new QTableView(this)), m_count(new QLabel(this)),
      m_openButton(new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open"), this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this)) {
    const bool staff = scope == OrdersModel::Scope::Staff;
    setObjectName(staff ? QStringLiteral("staffOrdersPage") : QStringLiteral("ordersPage"));
    m_banner->setObjectName(QStringLiteral("ordersBanner"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ModelRoles::SortRole);
    // Typing filters the loaded rows at once; the server is asked for the rest (below).
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setObjectName(QStringLiteral("ordersTable"));
    m_view->setAccessibleName(tr("Orders"));
    m_view->setModel(m_proxy);
    enableSorting(m_view, OrdersModel::DateColumn, Qt::DescendingOrder);
    setupTable(m_view, staff ? OrdersModel::CustomerColumn : OrdersModel::ItemsColumn);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setColumnHidden(OrdersModel::CustomerColumn, !staff);
    if (staff) {
        // Narrow windows: customer, items and status share what is left and elide; the full
        // text is in the tooltip and in the order's window.
        for (const int column :
             {OrdersModel::CustomerColumn, OrdersModel::ItemsColumn, OrdersModel::StatusColumn}) {
            m_view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
        }
        m_view->setTextElideMode(Qt::ElideRight);
    }
    m_count->setObjectName(QStringLiteral("ordersCount"));
    // "20 orders loaded, more as you scroll" is long in Russian: it wraps in a narrow window.
    m_count->setWordWrap(true);
    m_count->setMinimumWidth(m_count->fontMetrics().averageCharWidth() * 16);
    m_openButton->setObjectName(QStringLiteral("openOrderButton"));
    m_refreshButton->setObjectName(QStringLiteral("refreshOrdersButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_count, 1);
    if (staff) {
        // What the board shows (its filter and order), for a spreadsheet.
        auto* exportButton = new QPushButton(tr("E&xport CSV…"), this);
        exportButton->setObjectName(QStringLiteral("exportOrdersButton"));
        connect(exportButton, &QPushButton::clicked, this,
                [this] { CsvExport::save(this, m_proxy, tr("orders.csv")); });
        buttons->addWidget(exportButton);
    }
    buttons->addWidget(m_refreshButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    if (staff) {
        buildFilters(layout);
    }
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
    connect(m_refreshButton, &QPushButton::clicked, this, &OrdersPage::reload);
    connect(m_model, &OrdersModel::loadFailed, this, [this](const ApiError& error) {
        m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
    });
    connect(m_model, &OrdersModel::pageLoaded, m_banner, &Banner::clear);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &OrdersPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &OrdersPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &OrdersPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &OrdersPage::updateCount);
    connect(m_model, &OrdersModel::loadingChanged, this, &OrdersPage::updateCount);
    if (staff) {
        connect(context, &AppContext::staffResyncNeeded, this, &OrdersPage::reload);
        // A delivery moved: its order's stage in the board follows.
        connect(context, &AppContext::staffDeliveryChanged, this, [this](const Delivery& d) {
            if (auto order = m_model->orderAt(m_model->rowOf(d.orderId))) {
                order->deliveryStatus = d.status;
                // Delivery cancels only for Order's cancel saga, which cancels the order
                // next (or its recovery does): the board shows it so, not as confirmed.
                if (d.status == QLatin1String("cancelled") &&
                    order->status == QLatin1String("confirmed")) {
                    order->status = QStringLiteral("cancelled");
                }
                m_model->upsert(*order);
            }
        });
    }
    updateCount();
}

void OrdersPage::buildFilters(QLayout* layout) {
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("ordersSearch"));
    m_search->setPlaceholderText(tr("Order number, customer login or name"));
    m_search->setAccessibleName(tr("Search orders"));
    m_search->setClearButtonEnabled(true);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("ordersStatusFilter"));
    m_status->setAccessibleName(tr("Status"));
    m_status->addItem(tr("Every status"), QString());
    for (const auto& status : {QStringLiteral("confirmed"), QStringLiteral("rejected"),
                               QStringLiteral("cancelled"), QStringLiteral("pending")}) {
        m_status->addItem(Format::orderStatus(status), status);
    }
    m_useDates = new QCheckBox(tr("&Dates:"), this);
    m_useDates->setObjectName(QStringLiteral("ordersDatesCheck"));
    m_from = new QDateEdit(QDate::currentDate().addDays(-7), this);
    m_from->setObjectName(QStringLiteral("ordersFromDate"));
    m_from->setAccessibleName(tr("From"));
    m_from->setCalendarPopup(true);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setObjectName(QStringLiteral("ordersToDate"));
    m_to->setAccessibleName(tr("To"));
    m_to->setCalendarPopup(true);
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(300);

    auto* row = new QHBoxLayout;
    row->addWidget(m_search, 2);
    row->addWidget(m_status);
    row->addWidget(m_useDates);
    row->addWidget(m_from);
    row->addWidget(new QLabel(QStringLiteral("–"), this));
    row->addWidget(m_to);
    static_cast<QBoxLayout*>(layout)->addLayout(row);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        m_searchDelay->start();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &OrdersPage::reload);
    connect(m_searchDelay, &QTimer::timeout, this, &OrdersPage::reload);
    connect(m_status, &QComboBox::currentIndexChanged, this, &OrdersPage::reload);
    connect(m_useDates, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        reload();
    });
    connect(m_from, &QDateEdit::dateChanged, this, &OrdersPage::reload);
    connect(m_to, &QDateEdit::dateChanged, this, &OrdersPage::reload);
}

QUrlQuery OrdersPage::filter() const {
    QUrlQuery query;
    if (!m_search) {
        return query;
    }
    if (const auto text = m_search->text().trimmed(); !text.isEmpty()) {
        query.addQueryItem(QStringLiteral("q"), text);
    }
    if (const auto status = m_status->currentData().toString(); !status.isEmpty()) {
        query.addQueryItem(QStringLiteral("status"), status);
    }
    if (m_useDates->isChecked()) {
        // The user's days, sent as the UTC instants they begin and end at.
        const auto from = m_from->date().startOfDay().toUTC();
        const auto to = m_to->date().addDays(1).startOfDay().toUTC();
        query.addQueryItem(QStringLiteral("from"), from.toString(Qt::ISODate));
        query.addQueryItem(QStringLiteral("to"), to.toString(Qt::ISODate));
    }
    return query;
}

void OrdersPage::reload() {
    if (m_searchDelay) {
        m_searchDelay->stop();
    }
    m_model->setFilter(filter());
    m_model->reload();
}

void OrdersPage::updateCount() {
    const int loaded = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    QString text;
    if (m_model->isComplete()) {
        text = shown == loaded ? tr("%n order(s)", nullptr, loaded)
                               : tr("%1 of %n order(s)", nullptr, loaded).arg(shown);
    } else if (loaded > 0) {
        text = tr("%n order(s) loaded, more as you scroll", nullptr, loaded);
    }
    if (m_model->isLoading()) {
        text = text.isEmpty() ? tr("Loading…") : tr("%1 (loading…)").arg(text);
    }
    m_count->setText(text);
}

void OrdersPage::openOrder(qint64 orderId) {
    if (orderId <= 0) {
        return;
    }
    auto* dialog = new OrderDialog(m_context, orderId, this);
    if (const auto order = m_model->orderAt(m_model->rowOf(orderId))) {
        dialog->setOrder(*order);
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OrderDialog::repeatRequested, this, &OrdersPage::repeatOrderRequested);
    dialog->show();
}
