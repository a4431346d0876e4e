#pragma once

#include "DeliveryRepository.h"
#include "UserClient.h"
#include "auth/Caller.h"
#include "events/Inbox.h"
#include "events/Outbox.h"

namespace lotok::services::delivery {

// Deliveries: created for each confirmed order, then sent and received by staff.
class DeliveryService {
public:
    DeliveryService(DeliveryRepository& repository, UserClient& users, events::Outbox& outbox,
                    const std::string& schema)
        : m_repository(repository), m_users(users), m_outbox(outbox), m_inbox(schema) {}

    Delivery get(std::int64_t orderId, const lotok::auth::Caller& caller);
    Delivery markSent(std::int64_t orderId);
    Delivery markReceived(std::int64_t orderId);
    std::vector<Delivery> list(const std::optional<std::string>& status,
                               std::optional<std::int64_t> before, int limit);

    void onOrderConfirmed(const events::Event& event);

private:
    Delivery advance(std::int64_t orderId, const std::string& from, const std::string& to,
                     const std::string& timestampColumn, std::string_view eventType);

    DeliveryRepository& m_repository;
    UserClient& m_users;
    events::Outbox& m_outbox;
    events::Inbox m_inbox;
};

} // namespace lotok::services::delivery
