#include "screens/customer/BalancePage.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "lotok/Validation.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/FormField.h"

#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUuid>
#include <QVBoxLayout>

BalancePage::BalancePage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)), m_balance(new QLabel(this)),
      m_amount(nullptr), m_topUpButton(new QPushButton(QIcon(QStringLiteral(":/icons/wallet.svg")),
                                                       tr("&Top up"), this)) {
    setObjectName(QStringLiteral("balancePage"));
    m_banner->setObjectName(QStringLiteral("balanceBanner"));
    m_balance->setObjectName(QStringLiteral("balanceValue"));
    QFont big = m_balance->font();
    big.setPointSizeF(big.pointSizeF() * 2.4);
    big.setBold(true);
    m_balance->setFont(big);
    m_balance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* caption = new QLabel(tr("Current balance"), this);

    m_amount = FormField::money(QStringLiteral("topUpAmount"), &lotok::validation::amount, this);
    auto* amountEdit = m_amount->edit();
    amountEdit->setMaximumWidth(amountEdit->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 24);
    auto* form = new QFormLayout;
    m_amount->addTo(form, tr("&Amount:"));
    m_topUpButton->setObjectName(QStringLiteral("topUpButton"));
    m_topUpButton->setDefault(true);

    auto* hint = new QLabel(tr("Top-ups are added to your balance at once. Orders are paid from "
                               "the balance."),
                            this);
    hint->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(caption);
    layout->addWidget(m_balance);
    layout->addSpacing(16);
    layout->addLayout(form);
    layout->addWidget(m_topUpButton, 0, Qt::AlignLeft);
    layout->addWidget(hint);
    layout->addStretch();

    connect(m_topUpButton, &QPushButton::clicked, this, &BalancePage::topUp);
    connect(amountEdit, &QLineEdit::returnPressed, this, &BalancePage::topUp);
    connect(context, &AppContext::balanceChanged, this, &BalancePage::updateState);
    connect(context, &AppContext::readOnlyChanged, this, &BalancePage::updateState);
    connect(context, &AppContext::sessionEnded, this, [this] {
        m_amount->reset();
        m_banner->clear();
        updateState();
    });
    updateState();
}

void BalancePage::suggestAmount(qint64 amount) {
    m_amount->edit()->setText(Format::moneyInput(amount));
    m_amount->validate();
    m_amount->edit()->setFocus();
}

void BalancePage::updateState() {
    const auto balance = m_context->balance();
    m_balance->setText(balance ? Format::money(*balance) : tr("—"));
    m_balance->setAccessibleName(balance ? tr("Balance %1").arg(Format::money(*balance))
                                         : tr("Balance unknown"));
    m_topUpButton->setEnabled(!m_sending && !m_context->isReadOnly());
}

void BalancePage::topUp() {
    if (!m_topUpButton->isEnabled() || !m_amount->validate()) {
        return;
    }
    const auto amount = Format::parseMoney(m_amount->text());
    if (!amount) {
        return;
    }
    // Same text, same key: a retry after a lost reply cannot add the money twice.
    if (m_idempotencyKey.isEmpty() || m_keyForText != m_amount->text()) {
        m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_keyForText = m_amount->text();
    }
    m_sending = true;
    m_banner->clear();
    updateState();
    m_context->api()->post(
        QStringLiteral("/api/v1/account"), QJsonObject{{QStringLiteral("amount"), *amount}}, this,
        [this, amount](const ApiResult& result) {
            m_sending = false;
            if (!result.ok()) {
                if (!result.error->isNetwork()) {
                    m_idempotencyKey.clear();
                }
                if (result.error->field == QLatin1String("amount")) {
                    m_amount->setError(result.error->message);
                } else {
                    m_banner->showMessage(
                        Banner::Kind::Error,
                        Format::errorMessage(result.error->code, result.error->message));
                }
                updateState();
                return;
            }
            m_idempotencyKey.clear();
            m_amount->edit()->clear();
            m_context->setBalance(result.object().value(QLatin1String("balance")).toInteger());
            m_banner->showMessage(Banner::Kind::Success,
                                  tr("%1 was added to your balance.").arg(Format::money(*amount)));
            updateState();
        },
        m_idempotencyKey);
}
