#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <optional>

namespace lotok::services::billing {

struct Payment {
    std::int64_t id;
    std::int64_t orderId;
    std::int64_t userId;
    std::int64_t amount;
    bool refunded;
};

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
    // False when the balance is short.
    bool debit(db::Transaction& tx, std::int64_t userId, std::int64_t amount);
    // Marks the order's payment refunded and credits it back; returns the payment refunded.
    std::optional<Payment> refund(db::Transaction& tx, std::int64_t orderId);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::billing
