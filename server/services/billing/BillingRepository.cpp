#include "BillingRepository.h"

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
    const auto rows = tx.exec(
        "INSERT INTO " + m_schema +
            ".accounts (user_id, balance) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET "
            "balance = accounts.balance + excluded.balance, updated_at = now() WHERE "
            "accounts.balance <= $3 - excluded.balance RETURNING balance",
        {userId, amount, maxBalance});
    if (rows.empty()) {
        return std::nullopt;
    }
    tx.exec("INSERT INTO " + m_schema + ".topups (user_id, amount) VALUES ($1, $2)",
            {userId, amount});
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

bool BillingRepository::debit(db::Transaction& tx, std::int64_t userId, std::int64_t amount) {
    return tx.exec("UPDATE " + m_schema +
                       ".accounts SET balance = balance - $2, updated_at = now() WHERE user_id = "
                       "$1 AND balance >= $2",
                   {userId, amount})
               .affected() == 1;
}

std::optional<Payment> BillingRepository::refund(db::Transaction& tx, std::int64_t orderId) {
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".payments SET refunded_at = now() WHERE order_id = $1 AND "
                                  "refunded_at IS NULL RETURNING id, order_id, user_id, amount",
                              {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    Payment payment{rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2), rows.int64(0, 3), true};
    tx.exec("UPDATE " + m_schema +
                ".accounts SET balance = balance + $2, updated_at = now() WHERE user_id = $1",
            {payment.userId, payment.amount});
    return payment;
}

} // namespace lotok::services::billing
