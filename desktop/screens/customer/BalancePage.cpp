#include "screens/customer/BalancePage.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/CsvExport.h"
#include "core/Format.h"
#include "lotok/Validation.h"
#include "models/TransactionsModel.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/FormField.h"
#include "screens/widgets/TableSetup.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUuid>
#include <QVBoxLayout>

BalancePage::BalancePage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)), m_balance(new QLabel(this)),
      m_amount(nullptr), m_topUpButton(new QPushButton(QIcon(QStringLiteral(":/icons/wallet.svg")),
                                                       tr("&Top up"), this)),
      m_transactions(new TransactionsModel(context->api(), this)),
      m_statement(new QTableView(this)), m_statementCount(new QLabel(this)),
      m_loadMoreButton(new QPushButton(tr("Load &more"), this)),
      m_exportButton(new QPushButton(tr("E&xport CSV…"), this)) {
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

    auto* statementCaption = new QLabel(tr("Statement"), this);
    QFont bold = statementCaption->font();
    bold.setBold(true);
    statementCaption->setFont(bold);
    m_statement->setObjectName(QStringLiteral("transactionsTable"));
    m_statement->setAccessibleName(tr("Statement"));
    m_statement->setModel(m_transactions);
    setupTable(m_statement, TransactionsModel::DescriptionColumn);
    m_statement->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_statementCount->setObjectName(QStringLiteral("transactionsCount"));
    m_statementCount->setWordWrap(true);
    m_loadMoreButton->setObjectName(QStringLiteral("loadMoreTransactionsButton"));
    m_exportButton->setObjectName(QStringLiteral("exportTransactionsButton"));
    auto* statementButtons = new QHBoxLayout;
    statementButtons->addWidget(m_statementCount, 1);
    statementButtons->addWidget(m_loadMoreButton);
    statementButtons->addWidget(m_exportButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(caption);
    layout->addWidget(m_balance);
    layout->addSpacing(16);
    layout->addLayout(form);
    layout->addWidget(m_topUpButton, 0, Qt::AlignLeft);
    layout->addWidget(hint);
    layout->addSpacing(16);
    layout->addWidget(statementCaption);
    layout->addWidget(m_statement, 1);
    layout->addLayout(statementButtons);

    connect(m_topUpButton, &QPushButton::clicked, this, &BalancePage::topUp);
    connect(amountEdit, &QLineEdit::returnPressed, this, &BalancePage::topUp);
    connect(context, &AppContext::balanceChanged, this, &BalancePage::updateState);
    connect(context, &AppContext::readOnlyChanged, this, &BalancePage::updateState);
    // A balance that moved has a new line: shown at once if the page is open, else when it is
    // next opened. So is the server coming back after the app was offline.
    const auto statementMayHaveChanged = [this] {
        m_statementStale = true;
        if (isVisible()) {
            reloadStatement();
        }
    };
    connect(context, &AppContext::balanceChanged, this, [this, statementMayHaveChanged](qint64 b) {
        // The balance is refreshed often (each order, each notification) and mostly has not
        // moved: a statement whose newest line left this balance is current, and the pages
        // the user scrolled through stay.
        const auto& entries = m_transactions->entries();
        if (!m_statementStale && !entries.isEmpty() && entries.first().balanceAfter == b) {
            return;
        }
        statementMayHaveChanged();
    });
    connect(context, &AppContext::readOnlyChanged, this, [statementMayHaveChanged](bool readOnly) {
        if (!readOnly) {
            statementMayHaveChanged();
        }
    });
    connect(context, &AppContext::sessionEnded, this, [this] {
        m_amount->reset();
        m_banner->clear();
        m_transactions->clear();
        m_statementStale = true;
        updateState();
    });
    connect(m_loadMoreButton, &QPushButton::clicked, this,
            [this] { m_transactions->fetchMore({}); });
    // The statement as it is shown (the lines loaded so far), for a spreadsheet.
    connect(m_exportButton, &QPushButton::clicked, this,
            [this] { CsvExport::save(this, m_transactions, tr("statement.csv")); });
    connect(m_transactions, &TransactionsModel::loadFailed, this, [this](const ApiError& error) {
        m_statementStale = true;
        m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
    });
    connect(m_transactions, &QAbstractItemModel::modelReset, this,
            &BalancePage::updateStatementState);
    connect(m_transactions, &QAbstractItemModel::rowsInserted, this,
            &BalancePage::updateStatementState);
    connect(m_transactions, &TransactionsModel::loadingChanged, this,
            &BalancePage::updateStatementState);
    updateState();
    updateStatementState();
}

void BalancePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_statementStale) {
        reloadStatement();
    }
}

void BalancePage::reloadStatement() {
    // Offline (or not signed in as a customer) there is nothing to ask: the cached balance
    // stays on screen, and the statement loads once the server answers.
    if (!m_context->isSignedIn() || m_context->session().isStaff() || m_context->isReadOnly()) {
        return;
    }
    m_statementStale = false;
    m_transactions->reload();
}

void BalancePage::updateStatementState() {
    const int loaded = m_transactions->rowCount();
    QString text;
    if (m_transactions->isComplete()) {
        text = loaded == 0 ? tr("No transactions yet.") : tr("%n transaction(s)", nullptr, loaded);
    } else if (loaded > 0) {
        text = tr("%n transaction(s) loaded, more as you scroll", nullptr, loaded);
    }
    if (m_transactions->isLoading()) {
        text = text.isEmpty() ? tr("Loading…") : tr("%1 (loading…)").arg(text);
    }
    m_statementCount->setText(text);
    m_loadMoreButton->setEnabled(m_transactions->canFetchMore({}));
    m_exportButton->setEnabled(loaded > 0);
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
