#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lotok::services::order {

struct CataloguePosition {
    std::int64_t id;
    std::string name;
    std::int64_t price;
};

// The Order service's view of Stock. Errors arrive as the ApiError Stock answered.
class StockClient {
public:
    explicit StockClient(http::ServiceTransport& transport) : m_transport(transport) {}

    std::map<std::int64_t, CataloguePosition> positions(const std::vector<std::int64_t>& ids);
    void reserve(std::int64_t positionId, std::int64_t orderId, std::int64_t count);
    void release(std::int64_t orderId);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
