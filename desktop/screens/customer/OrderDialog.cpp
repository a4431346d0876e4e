#include "screens/customer/OrderDialog.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/OrdersModel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

OrderDialog::OrderDialog(AppContext* context, qint64 orderId, QWidget* parent)
    : QDialog(parent), m_context(context), m_orderId(orderId), m_title(new QLabel(this)),
      m_status(new QLabel(this)), m_deliveryStatus(new QLabel(this)), m_address(new QLabel(this)),
      m_items(new QTableWidget(this)), m_total(new QLabel(this)),
      m_timeline(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("orderDialog"));
    setWindowTitle(tr("Order #%1").arg(orderId));
    m_title->setObjectName(QStringLiteral("orderTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("Order #%1").arg(orderId));
    m_status->setObjectName(QStringLiteral("orderStatus"));
    m_status->setWordWrap(true);
    m_deliveryStatus->setObjectName(QStringLiteral("orderDeliveryStatus"));
    m_address->setObjectName(QStringLiteral("orderAddress"));
    m_address->setWordWrap(true);
    m_total->setObjectName(QStringLiteral("orderTotal"));

    m_items->setObjectName(QStringLiteral("orderItems"));
    m_items->setAccessibleName(tr("Items"));
    m_items->setColumnCount(4);
    m_items->setHorizontalHeaderLabels({tr("Item"), tr("Price"), tr("Count"), tr("Subtotal")});
    m_items->verticalHeader()->hide();
    m_items->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_items->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    m_timeline->setObjectName(QStringLiteral("orderTimeline"));
    m_timeline->setAccessibleName(tr("Timeline"));
    m_timeline->setHeaderLabels({tr("Event"), tr("Time")});
    m_timeline->setRootIsDecorated(false);
    m_timeline->header()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto* form = new QFormLayout;
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Delivery:"), m_deliveryStatus);
    form->addRow(tr("Address:"), m_address);
    form->addRow(tr("Total:"), m_total);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("orderDialogButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Items"), this));
    layout->addWidget(m_items, 1);
    layout->addWidget(new QLabel(tr("Timeline"), this));
    layout->addWidget(m_timeline, 1);
    layout->addWidget(buttons);
    resize(560, 520);

    if (const int row = context->orders()->rowOf(orderId); row >= 0) {
        m_order = context->orders()->orderAt(row);
    }
    connect(context, &AppContext::orderChanged, this, [this](qint64 changed) {
        if (changed == m_orderId) {
            refresh();
        }
    });
    showOrder();
    refresh();
}

void OrderDialog::refresh() {
    auto* api = m_context->api();
    api->get(QStringLiteral("/api/v1/order/%1").arg(m_orderId), {}, this,
             [this](const ApiResult& result) {
                 if (result.ok()) {
                     m_order = Order::fromJson(result.object());
                     m_context->orders()->upsert(*m_order);
                     showOrder();
                 }
             });
    api->get(QStringLiteral("/api/v1/order/%1/delivery").arg(m_orderId), {}, this,
             [this](const ApiResult& result) {
                 if (result.ok()) {
                     m_delivery = Delivery::fromJson(result.object());
                     showOrder();
                 }
             });
}

void OrderDialog::showOrder() {
    if (!m_order) {
        m_status->setText(tr("Loading…"));
        return;
    }
    const auto& order = *m_order;
    QString status = Format::orderStatus(order.status);
    if (order.status == QLatin1String("rejected") && !order.reason.isEmpty()) {
        status = tr("Rejected: %1").arg(Format::rejectionReason(order.reason));
    }
    m_status->setText(status);
    m_total->setText(Format::money(order.total, order.currency));

    if (m_delivery) {
        m_deliveryStatus->setText(Format::deliveryStatus(m_delivery->status));
        m_address->setText(m_delivery->address);
    } else {
        m_deliveryStatus->setText(order.status == QLatin1String("rejected")
                                      ? tr("No delivery for a rejected order")
                                      : tr("Not scheduled yet"));
        m_address->setText(tr("—"));
    }

    m_items->setRowCount(int(order.items.size()));
    for (int row = 0; row < order.items.size(); ++row) {
        const auto& item = order.items.at(row);
        const auto cells = {item.name, Format::money(item.price, order.currency),
                            QLocale().toString(item.count),
                            Format::money(item.price * item.count, order.currency)};
        int column = 0;
        for (const auto& text : cells) {
            auto* cell = new QTableWidgetItem(text);
            if (column > 0) {
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            m_items->setItem(row, column++, cell);
        }
    }

    m_timeline->clear();
    auto addEvent = [this](const QString& what, const QDateTime& when) {
        auto* item = new QTreeWidgetItem(m_timeline, {what, Format::dateTime(when)});
        item->setData(0, Qt::AccessibleTextRole, what + QLatin1Char(' ') + Format::dateTime(when));
    };
    addEvent(tr("Created"), order.createdAt);
    if (order.status == QLatin1String("confirmed")) {
        addEvent(tr("Confirmed and paid"),
                 order.updatedAt.isValid() ? order.updatedAt : order.createdAt);
    } else if (order.status == QLatin1String("rejected")) {
        addEvent(tr("Rejected: %1").arg(Format::rejectionReason(order.reason)),
                 order.updatedAt.isValid() ? order.updatedAt : order.createdAt);
    }
    if (m_delivery && m_delivery->sentAt.isValid()) {
        addEvent(tr("Sent"), m_delivery->sentAt);
    }
    if (m_delivery && m_delivery->receivedAt.isValid()) {
        addEvent(tr("Received"), m_delivery->receivedAt);
    }
}
