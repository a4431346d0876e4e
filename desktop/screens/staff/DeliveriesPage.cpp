#include "screens/staff/DeliveriesPage.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/DeliveriesModel.h"
#include "models/ModelRoles.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

DeliveriesPage::DeliveriesPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)), m_tabs(new QTabWidget(this)),
      m_sentButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/truck.svg")), tr("Mark &sent"), this)),
      m_receivedButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/ok.svg")), tr("Mark &received"), this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this)) {
    setObjectName(QStringLiteral("deliveriesPage"));
    m_banner->setObjectName(QStringLiteral("deliveriesBanner"));
    m_tabs->setObjectName(QStringLiteral("deliveryTabs"));
    const QList<QPair<QString, QString>> statuses = {
        {QStringLiteral("awaiting_shipment"), tr("Awaiting shipment")},
        {QStringLiteral("sent"), tr("Sent")},
        {QStringLiteral("received"), tr("Received")}};
    for (const auto& [status, title] : statuses) {
        Tab tab;
        tab.status = status;
        tab.model = new DeliveriesModel(status, this);
        tab.proxy = new QSortFilterProxyModel(this);
        tab.proxy->setSourceModel(tab.model);
        tab.proxy->setSortRole(ModelRoles::SortRole);
        tab.view = new QTableView(this);
        tab.view->setObjectName(status + QStringLiteral("Table"));
        tab.view->setAccessibleName(title);
        tab.view->setModel(tab.proxy);
        tab.view->setSortingEnabled(true);
        tab.view->sortByColumn(DeliveriesModel::OrderColumn, Qt::AscendingOrder);
        setupTable(tab.view, DeliveriesModel::AddressColumn);
        tab.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        // Only the columns that mean something in this status.
        tab.view->setColumnHidden(DeliveriesModel::SentColumn,
                                  status == QLatin1String("awaiting_shipment"));
        tab.view->setColumnHidden(DeliveriesModel::ReceivedColumn,
                                  status != QLatin1String("received"));
        connect(tab.view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &DeliveriesPage::updateState);
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
    layout->addWidget(m_tabs, 1);
    layout->addLayout(buttons);

    connect(m_tabs, &QTabWidget::currentChanged, this, &DeliveriesPage::updateState);
    connect(m_refreshButton, &QPushButton::clicked, this, &DeliveriesPage::reload);
    connect(m_sentButton, &QPushButton::clicked, this, [this] {
        const auto delivery = current();
        if (!delivery) {
            return;
        }
        advance(
            QStringLiteral("/api/v1/order/sent"),
            tr("Mark order #%1 for %2 as sent?").arg(delivery->orderId).arg(delivery->customerName),
            tr("Order #%1 is marked as sent.").arg(delivery->orderId));
    });
    connect(m_receivedButton, &QPushButton::clicked, this, [this] {
        const auto delivery = current();
        if (!delivery) {
            return;
        }
        // The seed spells it "recieved"; the server accepts both, the contract lists this one.
        advance(QStringLiteral("/api/v1/order/recieved"),
                tr("Mark order #%1 for %2 as received?")
                    .arg(delivery->orderId)
                    .arg(delivery->customerName),
                tr("Order #%1 is marked as received.").arg(delivery->orderId));
    });
    connect(context, &AppContext::staffDeliveryChanged, this, &DeliveriesPage::upsert);
    connect(context, &AppContext::staffResyncNeeded, this, &DeliveriesPage::reload);
    connect(context, &AppContext::readOnlyChanged, this, &DeliveriesPage::updateState);
    updateState();
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
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("status"), tab.status);
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
        m_context->api()->get(QStringLiteral("/api/v1/deliveries"), query, this,
                              [this, model = tab.model](const ApiResult& result) {
                                  if (!result.ok()) {
                                      return;
                                  }
                                  QList<Delivery> list;
                                  const auto array =
                                      result.object().value(QLatin1String("deliveries")).toArray();
                                  for (const auto& value : array) {
                                      list.append(Delivery::fromJson(value.toObject()));
                                  }
                                  model->setDeliveries(list);
                                  updateState();
                              });
    }
}

std::optional<Delivery> DeliveriesPage::current() const {
    const int index = m_tabs->currentIndex();
    if (index < 0 || index >= m_pages.size()) {
        return std::nullopt;
    }
    const auto& tab = m_pages.at(index);
    const auto proxyIndex = tab.view->currentIndex();
    if (!proxyIndex.isValid()) {
        return std::nullopt;
    }
    return tab.model->deliveryAt(tab.proxy->mapToSource(proxyIndex).row());
}

void DeliveriesPage::updateState() {
    const auto delivery = current();
    const bool writable = !m_context->isReadOnly();
    m_sentButton->setEnabled(writable && delivery &&
                             delivery->status == QLatin1String("awaiting_shipment"));
    m_receivedButton->setEnabled(writable && delivery && delivery->status == QLatin1String("sent"));
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
    updateState();
}

void DeliveriesPage::advance(const QString& path, const QString& question, const QString& done) {
    const auto delivery = current();
    if (!delivery) {
        return;
    }
    // Window-modal and asynchronous, so live updates keep flowing while the question is open.
    auto* box = new QMessageBox(QMessageBox::Question, tr("Confirm"), question,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDialog"));
    box->setDefaultButton(QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    const qint64 orderId = delivery->orderId;
    connect(box, &QMessageBox::finished, this, [this, box, path, done, orderId](int) {
        if (box->clickedButton() != box->button(QMessageBox::Yes)) {
            return;
        }
        m_context->api()->post(
            path, QJsonObject{{QStringLiteral("order_id"), orderId}}, this,
            [this, done](const ApiResult& result) {
                if (!result.ok()) {
                    m_banner->showMessage(
                        Banner::Kind::Error,
                        Format::errorMessage(result.error->code, result.error->message));
                    reload();
                    return;
                }
                upsert(Delivery::fromJson(result.object()));
                m_banner->showMessage(Banner::Kind::Success, done);
            });
    });
    box->open();
}
