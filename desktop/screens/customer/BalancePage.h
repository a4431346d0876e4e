#pragma once

#include <QWidget>

class AppContext;
class Banner;
class FormField;
class QLabel;
class QPushButton;

// The balance and top-ups. The amount is checked with the shared rules before sending, and a
// retried top-up reuses its idempotency key so it can never be charged twice.
class BalancePage : public QWidget {
    Q_OBJECT

public:
    explicit BalancePage(AppContext* context, QWidget* parent = nullptr);

    // Pre-fills the amount (from the catalogue's "not enough money").
    void suggestAmount(qint64 amount);

private:
    void topUp();
    void updateState();

    AppContext* m_context;
    Banner* m_banner;
    QLabel* m_balance;
    FormField* m_amount;
    QPushButton* m_topUpButton;
    QString m_idempotencyKey;
    QString m_keyForText;
    bool m_sending = false;
};
