#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lotok::services::stock {

// Stock's view of Order: what became of the order that holds a reservation.
class OrderClient {
public:
    // Order's transport, or none where this process has no way to reach Order.
    explicit OrderClient(http::ServiceTransport* transport) : m_transport(transport) {}
    bool reachable() const { return m_transport != nullptr; }
    // "pending", "confirmed", "rejected" ...; nullopt when Order knows no such order.
    // Throws when Order cannot be asked.
    std::optional<std::string> status(std::int64_t orderId);

private:
    http::ServiceTransport* m_transport;
};

} // namespace lotok::services::stock
