#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <string>

namespace lotok::services::delivery {

struct Recipient {
    std::string name;
    std::string address;
};

// The Delivery service's view of User: where and to whom an order goes.
class UserClient {
public:
    explicit UserClient(http::ServiceTransport& transport) : m_transport(transport) {}
    Recipient recipient(std::int64_t userId);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::delivery
