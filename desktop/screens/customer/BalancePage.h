#pragma once

#include <QWidget>

class AppContext;
class Banner;
class FormField;
class QLabel;
class QPushButton;
class QTableView;
class TransactionsModel;

// The balance, top-ups and the account statement. The amount is checked with the shared
// rules before sending, and a retried top-up reuses its idempotency key so it can never be
// charged twice. The statement (every top-up, payment and refund with the balance it left)
// loads newest first, more as it is scrolled or on "Load more", and exports as CSV.
class BalancePage : public QWidget {
    Q_OBJECT

public:
    explicit BalancePage(AppContext* context, QWidget* parent = nullptr);

    // Pre-fills the amount (from the catalogue's "not enough money").
    void suggestAmount(qint64 amount);
    TransactionsModel* transactions() const { return m_transactions; }
    // Loads the statement's first page again (when it is on screen and the server is there).
    void reloadStatement();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void topUp();
    void updateState();
    void updateStatementState();

    AppContext* m_context;
    Banner* m_banner;
    QLabel* m_balance;
    FormField* m_amount;
    QPushButton* m_topUpButton;
    TransactionsModel* m_transactions;
    QTableView* m_statement;
    QLabel* m_statementCount;
    QPushButton* m_loadMoreButton;
    QPushButton* m_exportButton;
    // The balance moved while the page was hidden: the statement is reloaded when shown.
    bool m_statementStale = true;
    QString m_idempotencyKey;
    QString m_keyForText;
    bool m_sending = false;
};
