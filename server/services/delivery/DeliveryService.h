#pragma once

#include "DeliveryRepository.h"
#include "UserClient.h"
#include "auth/Caller.h"
#include "events/Consumer.h"
#include "events/Outbox.h"

namespace lotok::services::delivery {

// Deliveries: created for each confirmed order, then sent and received by staff.
class DeliveryService {
public:
    DeliveryService(DeliveryRepository& repository, UserClient& users, events::Outbox& outbox,
                    const std::string& schema)
        : m_repository(repository), m_users(users), m_outbox(outbox) {}

    Delivery get(std::int64_t orderId, const lotok::auth::Caller& caller);
    Delivery markSent(std::int64_t orderId);
    Delivery markReceived(std::int64_t orderId);
    // For Order's cancel saga: the delivery of the order cancelled, or nothing to send ever
    // (a row that keeps the delivery from being created) when the confirmation has not
    // arrived yet. Safe to repeat. The delivery's row lock decides a race with markSent:
    // once sent (or received) the answer is a refusal with that status.
    struct CancelOutcome {
        std::optional<Delivery> cancelled; // nullopt: refused, the delivery is `status`
        std::string status;
    };
    CancelOutcome cancel(std::int64_t orderId, std::int64_t userId);
    std::vector<Delivery> list(const std::optional<std::string>& status,
                               std::optional<std::int64_t> before, int limit);

    // Its event handler: a confirmed order gets its delivery, to the customer's address.
    void subscribeTo(events::Consumer& consumer);

private:
    // Moves a delivery on and announces it with the event Moved (OrderSent, OrderReceived).
    template <typename Moved>
    Delivery advance(std::int64_t orderId, const std::string& from, const std::string& to,
                     const std::string& timestampColumn);

    DeliveryRepository& m_repository;
    UserClient& m_users;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::delivery
