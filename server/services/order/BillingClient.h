#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>

namespace lotok::services::order {

// The Order service's view of Billing: take the payment for an order, once.
class BillingClient {
public:
    explicit BillingClient(http::ServiceTransport& transport) : m_transport(transport) {}
    void pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
