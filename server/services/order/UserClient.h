#pragma once

#include "Customer.h"
#include "http/ServiceTransport.h"

#include <optional>

namespace lotok::services::order {

// The Order service's view of User: who placed an order, for the staff board.
class UserClient {
public:
    explicit UserClient(http::ServiceTransport& transport) : m_transport(transport) {}
    // nullopt when User has no such profile.
    std::optional<Customer> customer(std::int64_t userId);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
