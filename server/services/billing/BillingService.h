#pragma once

#include "BillingRepository.h"
#include "events/Event.h"
#include "events/Inbox.h"
#include "http/IdempotencyStore.h"

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
        : m_repository(repository), m_inbox(schema), m_idempotency(schema) {}

    std::int64_t balance(std::int64_t userId) { return m_repository.balance(userId); }
    // The whole response, so an Idempotency-Key replay returns it byte for byte.
    http::HttpResponse topUp(std::int64_t userId, std::int64_t amount,
                             const std::optional<std::string>& idempotencyKey,
                             const std::string& fingerprint);
    // Once per order: a repeat returns the first payment. Throws insufficient_funds.
    PaymentResult pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount);

    void onUserRegistered(const events::Event& event);
    // A rejected order keeps no money: a payment taken before the rejection is returned.
    void onOrderRejected(const events::Event& event);

private:
    BillingRepository& m_repository;
    events::Inbox m_inbox;
    http::IdempotencyStore m_idempotency;
};

} // namespace lotok::services::billing
