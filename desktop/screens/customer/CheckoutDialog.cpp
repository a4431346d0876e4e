#include "screens/customer/CheckoutDialog.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "models/CartModel.h"
#include "screens/ProfileDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

CheckoutDialog::CheckoutDialog(AppContext* context, CartModel* cart, QWidget* parent)
    : QDialog(parent), m_context(context), m_cart(cart), m_items(new QTableWidget(this)),
      m_total(new QLabel(this)), m_balance(new QLabel(this)), m_addressLabel(new QLabel(this)),
      m_changeAddressButton(new QPushButton(tr("C&hange…"), this)), m_confirmButton(nullptr) {
    setObjectName(QStringLiteral("checkoutDialog"));
    setWindowTitle(tr("Check your order"));

    auto* title = new QLabel(tr("Check your order"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_items->setObjectName(QStringLiteral("checkoutItems"));
    m_items->setAccessibleName(tr("Items"));
    m_items->setColumnCount(4);
    m_items->setHorizontalHeaderLabels({tr("Item"), tr("Price"), tr("Count"), tr("Subtotal")});
    m_items->verticalHeader()->hide();
    m_items->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_items->setSelectionMode(QAbstractItemView::NoSelection);
    m_items->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 4; ++column) {
        m_items->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }

    m_total->setObjectName(QStringLiteral("checkoutTotal"));
    QFont totalFont = m_total->font();
    totalFont.setBold(true);
    totalFont.setPointSizeF(totalFont.pointSizeF() * 1.2);
    m_total->setFont(totalFont);
    m_balance->setObjectName(QStringLiteral("checkoutBalance"));
    m_balance->setWordWrap(true);
    m_addressLabel->setObjectName(QStringLiteral("checkoutAddress"));
    m_addressLabel->setWordWrap(true);
    m_addressLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changeAddressButton->setObjectName(QStringLiteral("checkoutChangeAddressButton"));
    m_changeAddressButton->setToolTip(tr("Change the delivery address in your profile"));
    connect(m_changeAddressButton, &QPushButton::clicked, this, &CheckoutDialog::changeAddress);

    auto* addressRow = new QHBoxLayout;
    addressRow->addWidget(m_addressLabel, 1);
    addressRow->addWidget(m_changeAddressButton, 0, Qt::AlignTop);
    auto* form = new QFormLayout;
    form->addRow(tr("Deliver to:"), addressRow);
    form->addRow(tr("Paid from:"), m_balance);

    auto* note = new QLabel(tr("Prices are today's. Nothing is charged until you confirm."), this);
    note->setObjectName(QStringLiteral("checkoutNote"));
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    auto* back = buttons->addButton(tr("&Back to the cart"), QDialogButtonBox::RejectRole);
    back->setObjectName(QStringLiteral("checkoutBackButton"));
    m_confirmButton = buttons->addButton(tr("&Confirm order"), QDialogButtonBox::AcceptRole);
    m_confirmButton->setObjectName(QStringLiteral("checkoutConfirmButton"));
    m_confirmButton->setIcon(QIcon(QStringLiteral(":/icons/ok.svg")));
    m_confirmButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirmButton, &QPushButton::clicked, this, [this] {
        if (!m_confirmButton->isEnabled()) {
            return;
        }
        accept();
        emit confirmed();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_items, 1);
    layout->addWidget(m_total, 0, Qt::AlignRight);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(600, 420);

    // The cart can still move under the dialog (a live price, a count the stock refresh
    // lowered): what is shown is what will be sent.
    connect(cart, &CartModel::totalChanged, this, &CheckoutDialog::showCart);
    connect(cart, &QAbstractItemModel::dataChanged, this, &CheckoutDialog::showCart);
    connect(context, &AppContext::balanceChanged, this, &CheckoutDialog::updateState);
    connect(context, &AppContext::readOnlyChanged, this, &CheckoutDialog::updateState);
    connect(context->api(), &ApiClient::onlineChanged, this, [this](bool online) {
        if (online && m_address.isEmpty()) {
            loadAddress();
        }
    });
    showCart();
    // The address is asked for every time: another device may have changed it.
    loadAddress();
    context->refreshBalance();
}

void CheckoutDialog::showCart() {
    const auto& lines = m_cart->lines();
    m_items->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        const auto& line = lines.at(row);
        const auto& position = line.position;
        const QStringList cells = {position.name, Format::money(position.price, position.currency),
                                   QLocale().toString(line.count),
                                   Format::money(position.price * line.count, position.currency)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* cell = new QTableWidgetItem(cells.at(column));
            if (column > 0) {
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            m_items->setItem(row, column, cell);
        }
    }
    m_total->setText(tr("Total: %1").arg(Format::money(std::max<qint64>(m_cart->total(), 0))));
    if (m_cart->isEmpty()) {
        // Nothing left to order (the last line was removed or sold out meanwhile).
        reject();
        return;
    }
    updateState();
}

void CheckoutDialog::updateState() {
    const qint64 total = m_cart->total();
    const auto balance = m_context->balance();
    bool enoughMoney = true;
    if (!balance) {
        m_balance->setText(tr("your balance (not known yet; the shop checks it when the order "
                              "is sent)"));
    } else if (*balance >= total) {
        m_balance->setText(tr("your balance, %1; after this order %2")
                               .arg(Format::money(*balance), Format::money(*balance - total)));
    } else {
        enoughMoney = false;
        m_balance->setText(tr("your balance, %1: %2 short. Go back and top up first.")
                               .arg(Format::money(*balance), Format::money(total - *balance)));
    }
    m_balance->setStyleSheet(enoughMoney ? QString() : QStringLiteral("color: #c5221f;"));

    if (!m_address.isEmpty()) {
        m_addressLabel->setText(m_address);
    } else if (m_addressFailed) {
        m_addressLabel->setText(tr("Could not be loaded; it is asked again when the server "
                                   "answers."));
    } else {
        m_addressLabel->setText(tr("Loading…"));
    }
    // Confirm sends only what was seen: the address among it.
    m_confirmButton->setEnabled(!m_cart->isEmpty() && total > 0 && enoughMoney &&
                                !m_address.isEmpty() && !m_context->isReadOnly());
}

void CheckoutDialog::loadAddress() {
    m_addressFailed = false;
    updateState();
    m_context->api()->get(QStringLiteral("/api/v1/user/profile"), {}, this,
                          [this](const ApiResult& result) {
                              if (result.ok()) {
                                  m_address = Profile::fromJson(result.object()).address;
                              } else {
                                  m_addressFailed = true;
                              }
                              updateState();
                          });
}

void CheckoutDialog::changeAddress() {
    auto* dialog = new ProfileDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->focusField(QStringLiteral("address"));
    connect(dialog, &ProfileDialog::profileSaved, this, [this](const Profile& profile) {
        m_address = profile.address;
        m_addressFailed = false;
        updateState();
    });
    dialog->open();
}
