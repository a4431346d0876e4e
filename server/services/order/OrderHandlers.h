#pragma once

#include "OrderRepository.h"
#include "UserClient.h"
#include "events/Consumer.h"

namespace lotok::services::order {

// What Order learns from other services' events: who its customers are (user.user_registered)
// and where each confirmed order's delivery is (delivery.*), for the staff board and the
// customer's list.
class OrderHandlers {
public:
    OrderHandlers(OrderRepository& repository, UserClient& users)
        : m_repository(repository), m_users(users) {}

    void subscribeTo(events::Consumer& consumer);

private:
    OrderRepository& m_repository;
    UserClient& m_users;
};

} // namespace lotok::services::order
