#include "BillingRepository.h"

#include "db/Sql.h"

namespace lotok::services::billing {

std::int64_t BillingRepository::balance(std::int64_t userId) {
    const auto rows =
        m_pool.exec("SELECT balance FROM " + m_schema + ".accounts WHERE user_id = $1", {userId});
    return rows.empty() ? 0 : rows.int64(0, 0);
}

void BillingRepository::openAccount(db::Transaction& tx, std::int64_t userId) {
    tx.exec("INSERT INTO " + m_schema + ".accounts (user_id) VALUES ($1) ON CONFLICT DO NOTHING",
            {userId});
}

std::optional<std::int64_t> BillingRepository::topUp(db::Transaction& tx, std::int64_t userId,
                                                     std::int64_t amount, std::int64_t maxBalance) {
    // Opens the account if need be; no row comes back when the cap would be passed, and then
    // neither the top-up nor its line is written.
    const auto rows = tx.exec(
        "WITH account AS (INSERT INTO " + m_schema +
            ".accounts (user_id, balance) VALUES ($1, $2::bigint) ON CONFLICT (user_id) DO UPDATE "
            "SET balance = accounts.balance + excluded.balance, updated_at = now() WHERE "
            "accounts.balance <= $3 - excluded.balance RETURNING user_id, balance), "
            "topup AS (INSERT INTO " +
            m_schema +
            ".topups (user_id, amount) SELECT user_id, $2::bigint FROM account) "
            "INSERT INTO " +
            m_schema +
            ".ledger (user_id, kind, amount, balance_after) SELECT user_id, 'top_up', "
            "$2::bigint, balance FROM account RETURNING balance_after",
        {userId, amount, maxBalance});
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.int64(0, 0);
}

std::optional<std::int64_t> BillingRepository::insertPayment(db::Transaction& tx,
                                                             std::int64_t orderId,
                                                             std::int64_t userId,
                                                             std::int64_t amount) {
    const auto rows = tx.exec("INSERT INTO " + m_schema +
                                  ".payments (order_id, user_id, amount) VALUES ($1, $2, $3) ON "
                                  "CONFLICT (order_id) DO NOTHING RETURNING id",
                              {orderId, userId, amount});
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.int64(0, 0);
}

std::optional<Payment> BillingRepository::paymentForOrder(db::Transaction& tx,
                                                          std::int64_t orderId) {
    const auto rows =
        tx.exec("SELECT id, order_id, user_id, amount, refunded_at IS NOT NULL FROM " + m_schema +
                    ".payments WHERE order_id = $1",
                {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return Payment{rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2), rows.int64(0, 3),
                   rows.boolean(0, 4)};
}

bool BillingRepository::debit(db::Transaction& tx, std::int64_t userId, std::int64_t orderId,
                              std::int64_t amount) {
    return tx.exec("WITH account AS (UPDATE " + m_schema +
                       ".accounts SET balance = balance - $2::bigint, updated_at = now() WHERE "
                       "user_id = $1 AND balance >= $2::bigint RETURNING user_id, balance) "
                       "INSERT INTO " +
                       m_schema +
                       ".ledger (user_id, kind, amount, balance_after, order_id) SELECT user_id, "
                       "'payment', -$2::bigint, balance, $3 FROM account",
                   {userId, amount, orderId})
               .affected() == 1;
}

std::optional<Payment> BillingRepository::refund(db::Transaction& tx, std::int64_t orderId) {
    // Only a payment not refunded yet comes back from the first step, so a second refund of
    // the same order (a repeated event, a cancellation racing a rejection) credits nothing.
    const auto rows = tx.exec(
        "WITH payment AS (UPDATE " + m_schema +
            ".payments SET refunded_at = now() WHERE order_id = $1 AND refunded_at IS NULL "
            "RETURNING id, order_id, user_id, amount), "
            "account AS (UPDATE " +
            m_schema +
            ".accounts a SET balance = a.balance + p.amount, updated_at = now() FROM payment p "
            "WHERE a.user_id = p.user_id RETURNING a.user_id, a.balance), "
            "line AS (INSERT INTO " +
            m_schema +
            ".ledger (user_id, kind, amount, balance_after, order_id) SELECT p.user_id, "
            "'refund', p.amount, account.balance, p.order_id FROM payment p JOIN account USING "
            "(user_id)) "
            "SELECT id, order_id, user_id, amount FROM payment",
        {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return Payment{rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2), rows.int64(0, 3), true};
}

std::vector<LedgerLine>
BillingRepository::statement(std::int64_t userId, std::optional<std::int64_t> before, int limit) {
    const auto rows =
        m_pool.exec("SELECT id, kind, amount, balance_after, order_id, " +
                        db::rfc3339("created_at") + " FROM " + m_schema +
                        ".ledger WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
                    {userId, before.value_or(INT64_MAX), limit});
    std::vector<LedgerLine> lines;
    lines.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        lines.push_back(LedgerLine{rows.int64(row, 0), rows.string(row, 1), rows.int64(row, 2),
                                   rows.int64(row, 3), rows.optionalInt64(row, 4),
                                   rows.string(row, 5)});
    }
    return lines;
}

} // namespace lotok::services::billing
