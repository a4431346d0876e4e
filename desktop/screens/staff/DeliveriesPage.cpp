#include "screens/staff/DeliveriesPage.h"

#include "api/ApiClient.h"
#include "api/CursorLoader.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/DeliveriesModel.h"
#include "models/ModelRoles.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

DeliveriesPage::DeliveriesPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)),
      m_search(new QLineEdit(this)), m_tabs(new QTabWidget(this)),
      m_sentButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/truck.svg")), tr("Mark &sent"), this)),
      m_receivedButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/ok.svg")), tr("Mark &received"), this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this)),
      m_sentAction(new QAction(QIcon(QStringLiteral(":/icons/truck.svg")), tr("Mark sent"), this)),
      m_receivedAction(
          new QAction(QIcon(QStringLiteral(":/icons/ok.svg")), tr("Mark received"), this)) {
    setObjectName(QStringLiteral("deliveriesPage"));
    m_banner->setObjectName(QStringLiteral("deliveriesBanner"));
    m_search->setObjectName(QStringLiteral("deliveriesSearch"));
    m_search->setPlaceholderText(tr("Search by order, customer or address"));
    m_search->setAccessibleName(tr("Search deliveries"));
    m_search->setClearButtonEnabled(true);
    m_tabs->setObjectName(QStringLiteral("deliveryTabs"));
    m_sentAction->setObjectName(QStringLiteral("markSentAction"));
    m_receivedAction->setObjectName(QStringLiteral("markReceivedAction"));
    const QList<QPair<QString, QString>> statuses = {
        {QStringLiteral("awaiting_shipment"), tr("Awaiting shipment")},
        {QStringLiteral("sent"), tr("Sent")},
        {QStringLiteral("received"), tr("Received")}};
    for (const auto& [status, title] : statuses) {
        Tab tab;
        tab.status = status;
        tab.title = title;
        tab.model = new DeliveriesModel(status, this);
        tab.proxy = new QSortFilterProxyModel(this);
        tab.proxy->setSourceModel(tab.model);
        tab.proxy->setSortRole(ModelRoles::SortRole);
        // One search text per row (cached by the model), not every column formatted anew.
        tab.proxy->setFilterRole(ModelRoles::SearchRole);
        tab.proxy->setFilterKeyColumn(DeliveriesModel::OrderColumn);
        tab.proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
        tab.view = new QTableView(this);
        tab.view->setObjectName(status + QStringLiteral("Table"));
        tab.view->setAccessibleName(title);
        tab.view->setModel(tab.proxy);
        // Oldest first: the most overdue order is the first to pack.
        enableSorting(tab.view, DeliveriesModel::OrderColumn, Qt::AscendingOrder);
        setupTable(tab.view, DeliveriesModel::AddressColumn);
        tab.view->setSelectionMode(QAbstractItemView::ExtendedSelection);
        tab.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        tab.view->setContextMenuPolicy(Qt::ActionsContextMenu);
        tab.view->addAction(status == QLatin1String("awaiting_shipment") ? m_sentAction
                                                                         : m_receivedAction);
        // Only the columns that mean something in this status.
        tab.view->setColumnHidden(DeliveriesModel::SentColumn,
                                  status == QLatin1String("awaiting_shipment"));
        tab.view->setColumnHidden(DeliveriesModel::ReceivedColumn,
                                  status != QLatin1String("received"));
        connect(tab.view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &DeliveriesPage::updateState);
        connect(tab.view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &DeliveriesPage::updateState);
        tab.loader =
            new CursorLoader(context->api(),
                             {QStringLiteral("/api/v1/deliveries"), QStringLiteral("deliveries"),
                              QStringLiteral("before"), QStringLiteral("next_before"), 500},
                             this);
        tab.loader->setFollowToEnd(true);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("status"), status);
        tab.loader->setQuery(query);
        const int index = int(m_pages.size());
        connect(tab.loader, &CursorLoader::pageLoaded, this,
                [this, index](const QJsonArray& rows, bool first) {
                    auto& loading = m_pages[index].loading;
                    if (first) {
                        loading.clear();
                    }
                    for (const auto& value : rows) {
                        loading.append(Delivery::fromJson(value.toObject()));
                    }
                });
        // Shown when complete, so a tab never looks finished while pages are still coming.
        connect(tab.loader, &CursorLoader::finished, this, [this, index] {
            auto& tab = m_pages[index];
            tab.model->setDeliveries(tab.loading);
            tab.loading.clear();
            updateTitles();
            updateState();
        });
        connect(tab.loader, &CursorLoader::failed, this, [this](const ApiError& error) {
            m_banner->showMessage(Banner::Kind::Error,
                                  Format::errorMessage(error.code, error.message));
        });
        m_tabs->addTab(tab.view, title);
        m_pages.append(tab);
    }
    m_sentButton->setObjectName(QStringLiteral("markSentButton"));
    m_receivedButton->setObjectName(QStringLiteral("markReceivedButton"));
    m_refreshButton->setObjectName(QStringLiteral("refreshDeliveriesButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_sentButton);
    buttons->addWidget(m_receivedButton);
    buttons->addStretch();
    buttons->addWidget(m_refreshButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_search);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (const auto& tab : m_pages) {
            tab.proxy->setFilterFixedString(text);
        }
        updateTitles();
        updateState();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &DeliveriesPage::updateState);
    connect(m_refreshButton, &QPushButton::clicked, this, &DeliveriesPage::reload);
    const auto markSent = [this] {
        advance(QStringLiteral("awaiting_shipment"), QStringLiteral("/api/v1/order/sent"));
    };
    // The seed spells it "recieved"; the server accepts both, the contract lists this one.
    const auto markReceived = [this] {
        advance(QStringLiteral("sent"), QStringLiteral("/api/v1/order/recieved"));
    };
    connect(m_sentButton, &QPushButton::clicked, this, markSent);
    connect(m_sentAction, &QAction::triggered, this, markSent);
    connect(m_receivedButton, &QPushButton::clicked, this, markReceived);
    connect(m_receivedAction, &QAction::triggered, this, markReceived);
    connect(context, &AppContext::staffDeliveryChanged, this, &DeliveriesPage::upsert);
    connect(context, &AppContext::staffResyncNeeded, this, &DeliveriesPage::reload);
    connect(context, &AppContext::readOnlyChanged, this, &DeliveriesPage::updateState);
    updateTitles();
    updateState();
}

void DeliveriesPage::setPageSize(int size) {
    for (const auto& tab : m_pages) {
        tab.loader->setPageSize(size);
    }
}

DeliveriesModel* DeliveriesPage::model(const QString& status) const {
    for (const auto& tab : m_pages) {
        if (tab.status == status) {
            return tab.model;
        }
    }
    return nullptr;
}

void DeliveriesPage::reload() {
    if (!m_context->isSignedIn() || !m_context->session().isStaff()) {
        return;
    }
    for (const auto& tab : m_pages) {
        tab.loader->reload();
    }
}

void DeliveriesPage::updateTitles() {
    for (int index = 0; index < m_pages.size(); ++index) {
        const auto& tab = m_pages.at(index);
        const int all = tab.model->rowCount();
        const int shown = tab.proxy->rowCount();
        m_tabs->setTabText(index, shown == all
                                      ? tr("%1 (%2)").arg(tab.title).arg(all)
                                      : tr("%1 (%2 of %3)").arg(tab.title).arg(shown).arg(all));
    }
}

QList<Delivery> DeliveriesPage::selected() const {
    QList<Delivery> out;
    const int index = m_tabs->currentIndex();
    if (index < 0 || index >= m_pages.size()) {
        return out;
    }
    const auto& tab = m_pages.at(index);
    auto rows = tab.view->selectionModel()->selectedRows();
    if (rows.isEmpty() && tab.view->currentIndex().isValid()) {
        rows.append(tab.view->currentIndex());
    }
    for (const auto& proxyIndex : rows) {
        if (auto delivery = tab.model->deliveryAt(tab.proxy->mapToSource(proxyIndex).row())) {
            out.append(*delivery);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Delivery& a, const Delivery& b) { return a.orderId < b.orderId; });
    return out;
}

void DeliveriesPage::updateState() {
    const auto deliveries = selected();
    const bool writable = !m_context->isReadOnly() && !deliveries.isEmpty();
    const auto all = [&](const char* status) {
        return std::all_of(deliveries.begin(), deliveries.end(),
                           [&](const Delivery& d) { return d.status == QLatin1String(status); });
    };
    const bool canSend = writable && all("awaiting_shipment");
    const bool canReceive = writable && all("sent");
    const int count = int(deliveries.size());
    m_sentButton->setEnabled(canSend);
    m_sentAction->setEnabled(canSend);
    m_receivedButton->setEnabled(canReceive);
    m_receivedAction->setEnabled(canReceive);
    m_sentButton->setText(count > 1 ? tr("Mark %n &sent", nullptr, count) : tr("Mark &sent"));
    m_receivedButton->setText(count > 1 ? tr("Mark %n &received", nullptr, count)
                                        : tr("Mark &received"));
}

void DeliveriesPage::upsert(const Delivery& update) {
    // A transition's reply may carry fewer fields than the list; keep what we already know.
    Delivery delivery = update;
    for (const auto& tab : m_pages) {
        if (const int row = tab.model->rowOf(update.orderId); row >= 0) {
            const auto known = *tab.model->deliveryAt(row);
            if (delivery.customerName.isEmpty()) {
                delivery.customerName = known.customerName;
            }
            if (delivery.address.isEmpty()) {
                delivery.address = known.address;
            }
            if (!delivery.createdAt.isValid()) {
                delivery.createdAt = known.createdAt;
            }
            if (delivery.userId == 0) {
                delivery.userId = known.userId;
            }
        }
    }
    for (const auto& tab : m_pages) {
        tab.model->upsert(delivery);
    }
    updateTitles();
    updateState();
}

void DeliveriesPage::advance(const QString& from, const QString& path) {
    const auto deliveries = selected();
    if (deliveries.isEmpty() || std::any_of(deliveries.begin(), deliveries.end(),
                                            [&](const Delivery& d) { return d.status != from; })) {
        return;
    }
    const bool sending = from == QLatin1String("awaiting_shipment");
    QString question;
    if (deliveries.size() == 1) {
        const auto& delivery = deliveries.first();
        question = sending ? tr("Mark order #%1 for %2 as sent?")
                                 .arg(delivery.orderId)
                                 .arg(delivery.customerName)
                           : tr("Mark order #%1 for %2 as received?")
                                 .arg(delivery.orderId)
                                 .arg(delivery.customerName);
    } else {
        QStringList ids;
        for (const auto& delivery : deliveries) {
            ids.append(QStringLiteral("#%1").arg(delivery.orderId));
        }
        question = (sending ? tr("Mark %n orders as sent?", nullptr, int(deliveries.size()))
                            : tr("Mark %n orders as received?", nullptr, int(deliveries.size()))) +
                   QStringLiteral("\n") + ids.join(QStringLiteral(", "));
    }
    // Window-modal and asynchronous, so live updates keep flowing while the question is open.
    auto* box = new QMessageBox(QMessageBox::Question, tr("Confirm"), question,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDialog"));
    box->setDefaultButton(QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box, path, sending, deliveries](int) {
        if (box->clickedButton() != box->button(QMessageBox::Yes)) {
            return;
        }
        // One request per order (the contract moves one at a time); one banner for them all.
        struct Progress {
            int pending = 0;
            QList<qint64> done;
            QStringList failed;
        };
        auto progress = std::make_shared<Progress>();
        progress->pending = int(deliveries.size());
        for (const auto& delivery : deliveries) {
            const qint64 orderId = delivery.orderId;
            m_context->api()->post(
                path, QJsonObject{{QStringLiteral("order_id"), orderId}}, this,
                [this, progress, orderId, sending](const ApiResult& result) {
                    if (result.ok()) {
                        upsert(Delivery::fromJson(result.object()));
                        progress->done.append(orderId);
                    } else {
                        progress->failed.append(tr("#%1: %2").arg(orderId).arg(
                            Format::errorMessage(result.error->code, result.error->message)));
                    }
                    if (--progress->pending > 0) {
                        return;
                    }
                    if (!progress->failed.isEmpty()) {
                        m_banner->showMessage(
                            Banner::Kind::Error,
                            tr("Not every order could be moved: %1")
                                .arg(progress->failed.join(QStringLiteral("; "))));
                        reload();
                        return;
                    }
                    std::sort(progress->done.begin(), progress->done.end());
                    QStringList ids;
                    for (const auto id : progress->done) {
                        ids.append(QStringLiteral("#%1").arg(id));
                    }
                    const int count = int(progress->done.size());
                    m_banner->showMessage(
                        Banner::Kind::Success,
                        count == 1
                            ? (sending ? tr("Order %1 is marked as sent.")
                                       : tr("Order %1 is marked as received."))
                                  .arg(ids.first())
                            : (sending
                                   ? tr("%n orders are marked as sent: %1.", nullptr, count)
                                   : tr("%n orders are marked as received: %1.", nullptr, count))
                                  .arg(ids.join(QStringLiteral(", "))));
                });
        }
    });
    box->open();
}
