#pragma once

#include "BillingRepository.h"
#include "events/Consumer.h"

namespace lotok::services::billing {

struct PaymentResult {
    std::int64_t paymentId;
    std::int64_t orderId;
    std::int64_t amount;
};

// Money: balances, top-ups, and the one payment each order may take.
class BillingService {
public:
    BillingService(BillingRepository& repository, const std::string& schema)
        : m_repository(repository) {}

    std::int64_t balance(std::int64_t userId) { return m_repository.balance(userId); }
    // In the caller's transaction (the Api's, which holds the Idempotency-Key); returns the
    // new balance. Throws invalid_request when the balance would pass its maximum.
    std::int64_t topUp(db::Transaction& tx, std::int64_t userId, std::int64_t amount);
    db::Pool& pool() { return m_repository.pool(); }
    // Once per order: a repeat returns the first payment. Throws insufficient_funds.
    PaymentResult pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount);
    // The account's statement, newest first: `limit` lines with ids below `before`.
    std::vector<LedgerLine> statement(std::int64_t userId, std::optional<std::int64_t> before,
                                      int limit) {
        return m_repository.statement(userId, before, limit);
    }

    // Its event handlers: a registration opens the account (if the first top-up has not),
    // and a rejected or cancelled order keeps no money (its payment goes back).
    void subscribeTo(events::Consumer& consumer);

private:
    BillingRepository& m_repository;
};

} // namespace lotok::services::billing
