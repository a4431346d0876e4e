#pragma once

#include "LedgerLine.h"
#include "db/Pool.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace lotok::services::billing {

struct Payment {
    std::int64_t id;
    std::int64_t orderId;
    std::int64_t userId;
    std::int64_t amount;
    bool refunded;
};

// Every statement that changes a balance also writes its ledger line (one SQL statement, so
// neither can happen without the other): the balance is the sum of the account's lines.
class BillingRepository {
public:
    BillingRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}
    db::Pool& pool() { return m_pool; }

    std::int64_t balance(std::int64_t userId);
    void openAccount(db::Transaction& tx, std::int64_t userId);
    // New balance, or nullopt when it would exceed the cap.
    std::optional<std::int64_t> topUp(db::Transaction& tx, std::int64_t userId, std::int64_t amount,
                                      std::int64_t maxBalance);
    // nullopt when a payment for the order exists already.
    std::optional<std::int64_t> insertPayment(db::Transaction& tx, std::int64_t orderId,
                                              std::int64_t userId, std::int64_t amount);
    std::optional<Payment> paymentForOrder(db::Transaction& tx, std::int64_t orderId);
    // Takes the order's payment off the balance, with its ledger line; false when the
    // balance is short.
    bool debit(db::Transaction& tx, std::int64_t userId, std::int64_t orderId, std::int64_t amount);
    // Marks the order's payment refunded and credits it back with a refund line; returns the
    // payment refunded (nullopt: none, or refunded already). The one refund path: a rejected
    // order's and a cancelled order's refunds both come here.
    std::optional<Payment> refund(db::Transaction& tx, std::int64_t orderId);
    // The account's lines, newest first, with ids below `before` (all when absent).
    std::vector<LedgerLine> statement(std::int64_t userId, std::optional<std::int64_t> before,
                                      int limit);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::billing
