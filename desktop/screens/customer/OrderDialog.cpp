#include "screens/customer/OrderDialog.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/OrdersModel.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QTableWidget>
#include <QTextDocument>
#include <QTreeWidget>
#include <QUuid>
#include <QVBoxLayout>

OrderDialog::OrderDialog(AppContext* context, qint64 orderId, QWidget* parent)
    : QDialog(parent), m_context(context), m_orderId(orderId), m_title(new QLabel(this)),
      m_customer(new QLabel(this)), m_phoneLabel(new QLabel(this)), m_status(new QLabel(this)),
      m_deliveryStatus(new QLabel(this)), m_address(new QLabel(this)),
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

    m_customer->setObjectName(QStringLiteral("orderCustomer"));
    m_customer->setWordWrap(true);
    auto* form = new QFormLayout;
    const bool staff = context->session().isStaff();
    m_phoneLabel->setObjectName(QStringLiteral("orderPhone"));
    m_phoneLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (staff) {
        form->addRow(tr("Customer:"), m_customer);
        form->addRow(tr("Phone:"), m_phoneLabel);
    } else {
        m_customer->hide();
        m_phoneLabel->hide();
    }
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Delivery:"), m_deliveryStatus);
    form->addRow(tr("Address:"), m_address);
    form->addRow(tr("Total:"), m_total);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("orderDialogButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Customers and staff alike, while the order is confirmed and not sent (showOrder).
    m_cancelButton = buttons->addButton(tr("Ca&ncel order…"), QDialogButtonBox::ActionRole);
    m_cancelButton->setObjectName(QStringLiteral("cancelOrderButton"));
    m_cancelButton->setIcon(QIcon(QStringLiteral(":/icons/error.svg")));
    m_cancelButton->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &OrderDialog::cancelOrder);
    if (staff) {
        m_printButton = buttons->addButton(tr("&Print pick list…"), QDialogButtonBox::ActionRole);
        m_printButton->setObjectName(QStringLiteral("printPickListButton"));
        m_printButton->setIcon(QIcon(QStringLiteral(":/icons/box.svg")));
        connect(m_printButton, &QPushButton::clicked, this, &OrderDialog::printPickList);
        m_pdfButton = buttons->addButton(tr("Save as P&DF…"), QDialogButtonBox::ActionRole);
        m_pdfButton->setObjectName(QStringLiteral("savePickListButton"));
        connect(m_pdfButton, &QPushButton::clicked, this, [this] {
            const auto path = QFileDialog::getSaveFileName(
                this, tr("Save the pick list"),
                QDir::home().filePath(tr("pick-list-%1.pdf").arg(m_orderId)), tr("PDF (*.pdf)"));
            if (!path.isEmpty() && !savePickListPdf(path)) {
                QMessageBox::warning(this, tr("Pick list"),
                                     tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
            }
        });
    }

    if (!staff) {
        m_repeatButton = buttons->addButton(tr("&Repeat order"), QDialogButtonBox::ActionRole);
        m_repeatButton->setObjectName(QStringLiteral("repeatOrderButton"));
        m_repeatButton->setIcon(QIcon(QStringLiteral(":/icons/cart-add.svg")));
        m_repeatButton->setToolTip(tr("Put the same items in the cart, at today's prices"));
        connect(m_repeatButton, &QPushButton::clicked, this, [this] {
            if (m_order) {
                emit repeatRequested(*m_order);
                accept();
            }
        });
    }

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
    // Back from an outage: what this window shows may have changed meanwhile.
    connect(context->api(), &ApiClient::onlineChanged, this, [this](bool online) {
        if (online) {
            refresh();
        }
    });
    showOrder();
    refresh();
}

void OrderDialog::setOrder(const Order& order) {
    m_order = order;
    loadProfile();
    showOrder();
}

void OrderDialog::loadProfile() {
    if (!m_context->session().isStaff() || !m_order || m_order->userId <= 0 ||
        m_profileState == ProfileState::Asked || m_profileState == ProfileState::Loaded) {
        return;
    }
    m_profileState = ProfileState::Asked;
    m_context->api()->get(QStringLiteral("/api/v1/staff/users/%1").arg(m_order->userId), {}, this,
                          [this](const ApiResult& result) {
                              if (result.ok()) {
                                  m_phone = Profile::fromJson(result.object()).phone;
                                  m_profileState = ProfileState::Loaded;
                              } else {
                                  m_profileState = ProfileState::Unknown;
                              }
                              showOrder();
                          });
}

QString OrderDialog::phoneText() const {
    switch (m_profileState) {
    case ProfileState::Loaded:
        return m_phone.isEmpty() ? tr("none given") : m_phone;
    case ProfileState::Unknown:
        return tr("unknown (not loaded)");
    case ProfileState::NotAsked:
    case ProfileState::Asked:
        break;
    }
    return tr("Loading…");
}

QString OrderDialog::pickListHtml() const {
    if (!m_order) {
        return {};
    }
    const auto& order = *m_order;
    const auto escaped = [](const QString& text) { return text.toHtmlEscaped(); };
    QString rows;
    qint64 pieces = 0;
    for (const auto& item : order.items) {
        pieces += item.count;
        rows += QStringLiteral("<tr><td>&#9744;</td><td>%1</td><td align=\"right\">%2</td></tr>")
                    .arg(escaped(item.name), QLocale().toString(item.count));
    }
    const QString address = m_delivery ? m_delivery->address : QString();
    const QString name = !order.customerName.isEmpty()
                             ? order.customerName
                             : (m_delivery ? m_delivery->customerName : QString());
    return tr("<h2>Pick list: order #%1</h2>"
              "<p><b>Customer:</b> %2<br><b>Login:</b> %3<br><b>Phone:</b> %4<br>"
              "<b>Deliver to:</b> %5</p>"
              "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\">"
              "<tr><th></th><th align=\"left\">Item</th><th align=\"right\">Count</th></tr>"
              "%6</table>"
              "<p>%7 item(s), %8 piece(s). Order total %9. Placed %10.</p>")
        .arg(order.id)
        .arg(escaped(name.isEmpty() ? tr("unknown") : name),
             escaped(order.customerLogin.isEmpty() ? tr("unknown") : order.customerLogin),
             escaped(phoneText()),
             escaped(address.isEmpty() ? tr("unknown (not loaded)") : address), rows,
             QLocale().toString(qint64(order.items.size())), QLocale().toString(pieces),
             Format::money(order.total, order.currency), Format::dateTime(order.createdAt));
}

void OrderDialog::renderPickList(QPrinter* printer) const {
    QTextDocument document;
    document.setHtml(pickListHtml());
    document.print(printer);
}

void OrderDialog::printPickList() {
    auto* printer = new QPrinter(QPrinter::HighResolution);
    auto* dialog = new QPrintDialog(printer, this);
    dialog->setObjectName(QStringLiteral("printDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, printer] { renderPickList(printer); });
    connect(dialog, &QObject::destroyed, this, [printer] { delete printer; });
    dialog->open();
}

bool OrderDialog::savePickListPdf(const QString& path) const {
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    printer.setPageSize(QPageSize(QPageSize::A4));
    renderPickList(&printer);
    return QFileInfo(path).size() > 0;
}

void OrderDialog::refresh() {
    auto* api = m_context->api();
    api->get(QStringLiteral("/api/v1/order/%1").arg(m_orderId), {}, this,
             [this](const ApiResult& result) {
                 if (result.ok()) {
                     auto fresh = Order::fromJson(result.object());
                     // The single-order answer has no customer; keep the board's.
                     if (m_order && fresh.customerLogin.isEmpty()) {
                         fresh.customerLogin = m_order->customerLogin;
                         fresh.customerName = m_order->customerName;
                     }
                     m_order = fresh;
                     m_orderFresh = true;
                     loadProfile();
                     if (!m_context->session().isStaff()) {
                         m_context->orders()->upsert(*m_order);
                     }
                 }
                 showOrder();
             });
    api->get(QStringLiteral("/api/v1/order/%1/delivery").arg(m_orderId), {}, this,
             [this](const ApiResult& result) {
                 if (result.ok()) {
                     m_delivery = Delivery::fromJson(result.object());
                     m_deliveryState = DeliveryState::Loaded;
                 } else if (result.httpStatus == 404) {
                     // The server's answer, a fact: there is no delivery (yet).
                     m_delivery.reset();
                     m_deliveryState = DeliveryState::None;
                 } else if (m_deliveryState != DeliveryState::Loaded) {
                     m_deliveryState = DeliveryState::Unknown;
                 }
                 showOrder();
             });
}

void OrderDialog::cancelOrder() {
    if (!m_order || m_cancelling) {
        return;
    }
    // Window-modal and asynchronous, so live updates keep flowing while the question is open.
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Cancel order"),
        tr("Cancel order #%1? The goods go back to the shop and %2 goes back to the "
           "customer's balance.")
            .arg(m_orderId)
            .arg(Format::money(m_order->total, m_order->currency)),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDialog"));
    box->setDefaultButton(QMessageBox::No);
    box->button(QMessageBox::Yes)->setText(tr("Cancel the order"));
    box->button(QMessageBox::No)->setText(tr("Keep it"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box](int) {
        if (box->clickedButton() == box->button(QMessageBox::Yes)) {
            sendCancel();
        }
    });
    box->open();
}

void OrderDialog::sendCancel() {
    if (m_cancelKey.isEmpty()) {
        m_cancelKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    m_cancelling = true;
    showOrder();
    m_context->api()->post(
        QStringLiteral("/api/v1/order/%1/cancel").arg(m_orderId), {}, this,
        [this](const ApiResult& result) {
            m_cancelling = false;
            if (result.ok()) {
                m_order = Order::fromJson(result.object());
                m_orderFresh = true;
                if (!m_context->session().isStaff()) {
                    m_context->orders()->upsert(*m_order);
                }
                showOrder();
                refresh(); // the delivery, now cancelled
                return;
            }
            const auto error = result.error.value_or(ApiError{});
            QString message;
            if (error.code == QLatin1String("invalid_transition")) {
                const auto reason = result.object()
                                        .value(QLatin1String("error"))
                                        .toObject()
                                        .value(QLatin1String("reason"))
                                        .toString();
                message = Format::cancelRefusal(reason, error.message);
            } else {
                message = Format::errorMessage(error.code, error.message);
            }
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Cancel order"), message,
                                        QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("cancelRefusedDialog"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->setWindowModality(Qt::WindowModal);
            box->open();
            // Whatever the refusal, the order may have moved on: show what it is now.
            refresh();
        },
        m_cancelKey);
}

void OrderDialog::showOrder() {
    if (m_repeatButton) {
        m_repeatButton->setEnabled(m_order && !m_order->items.isEmpty());
    }
    if (!m_order) {
        m_status->setText(tr("Loading…"));
        if (m_cancelButton) {
            m_cancelButton->hide();
        }
        return;
    }
    const auto& order = *m_order;
    const QString customer = order.customerText();
    m_customer->setText(customer.isEmpty() && m_delivery ? m_delivery->customerName : customer);
    m_phoneLabel->setText(phoneText());
    QString status = Format::orderStatus(order.status);
    if (order.status == QLatin1String("rejected") && !order.reason.isEmpty()) {
        status = tr("Rejected: %1").arg(Format::rejectionReason(order.reason));
    }
    // A saved copy is said to be one: never shown as if the server had just said it.
    m_status->setText(m_orderFresh ? status : tr("%1 (saved copy, not current)").arg(status));
    m_total->setText(Format::money(order.total, order.currency));

    // Offered while the app knows of nothing that forbids it; the server has the last word.
    const QString knownStage =
        m_deliveryState == DeliveryState::Loaded && m_delivery ? m_delivery->status : QString();
    m_cancelButton->setVisible(order.cancellable(knownStage));
    m_cancelButton->setEnabled(!m_cancelling);

    if (order.status == QLatin1String("rejected")) {
        m_deliveryStatus->setText(tr("No delivery for a rejected order"));
        m_address->setText(tr("—"));
    } else if (order.status == QLatin1String("cancelled")) {
        m_deliveryStatus->setText(Format::deliveryStatus(QStringLiteral("cancelled")));
        m_address->setText(m_delivery && !m_delivery->address.isEmpty() ? m_delivery->address
                                                                        : tr("—"));
    } else if (m_deliveryState == DeliveryState::Loaded && m_delivery) {
        m_deliveryStatus->setText(Format::deliveryStatus(m_delivery->status));
        m_address->setText(m_delivery->address);
    } else if (m_deliveryState == DeliveryState::None) {
        m_deliveryStatus->setText(order.status == QLatin1String("confirmed")
                                      ? tr("Being prepared")
                                      : tr("Not scheduled yet"));
        m_address->setText(tr("—"));
    } else {
        // Not loaded: unknown, not a guess. The stage from the orders list, if any, is
        // shown as what it is: the last known one.
        const QString waiting = m_deliveryState == DeliveryState::Unknown
                                    ? tr("Unknown: the server could not be reached")
                                    : tr("Loading…");
        m_deliveryStatus->setText(
            order.deliveryStatus.isEmpty()
                ? waiting
                : tr("%1 (last known; %2)")
                      .arg(Format::deliveryStatus(order.deliveryStatus), waiting));
        m_address->setText(m_deliveryState == DeliveryState::Unknown ? tr("Unknown")
                                                                     : tr("Loading…"));
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
    } else if (order.status == QLatin1String("cancelled")) {
        // It was confirmed before it was cancelled (updated_at is the cancel's time now).
        addEvent(tr("Confirmed and paid"),
                 order.decidedAt.isValid() ? order.decidedAt : order.createdAt);
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
    if (order.status == QLatin1String("cancelled")) {
        addEvent(tr("Cancelled; the payment went back to the balance"),
                 order.cancelledAt.isValid() ? order.cancelledAt : order.updatedAt);
    }
}
