#pragma once

#include "DeliveryPort.h"
#include "http/ServiceTransport.h"

namespace lotok::services::order {

// DeliveryPort over Delivery's internal HTTP API.
class DeliveryClient : public DeliveryPort {
public:
    explicit DeliveryClient(http::ServiceTransport& transport) : m_transport(transport) {}
    DeliveryCancel cancel(std::int64_t orderId, std::int64_t userId) override;

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
