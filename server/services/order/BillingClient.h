#pragma once

#include "PaymentPort.h"
#include "http/ServiceTransport.h"

namespace lotok::services::order {

// PaymentPort over Billing's internal HTTP API.
class BillingClient : public PaymentPort {
public:
    explicit BillingClient(http::ServiceTransport& transport) : m_transport(transport) {}
    PaymentResult pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount) override;

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
