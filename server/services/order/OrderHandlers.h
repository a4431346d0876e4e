#pragma once

#include "OrderRepository.h"
#include "UserClient.h"
#include "events/Event.h"
#include "events/Inbox.h"

namespace lotok::services::order {

// What Order learns from other services' events: who its customers are (user.user_registered)
// and where each confirmed order's delivery is (delivery.*), for the staff board and the
// customer's list.
class OrderHandlers {
public:
    OrderHandlers(OrderRepository& repository, UserClient& users, std::string schema)
        : m_repository(repository), m_users(users), m_inbox(std::move(schema)) {}

    void onUserRegistered(const events::Event& event);
    void onDeliveryEvent(const events::Event& event);

private:
    OrderRepository& m_repository;
    UserClient& m_users;
    events::Inbox m_inbox;
};

} // namespace lotok::services::order
