#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
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
    // Every item in one call: all reserved, or none (the error Stock answered).
    void reserveAll(std::int64_t orderId, const nlohmann::json& items);
    void release(std::int64_t orderId);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
