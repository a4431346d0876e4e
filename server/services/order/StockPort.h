#pragma once

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

struct Reservation {
    std::int64_t positionId;
    std::int64_t count;
};

enum class ReserveResult {
    Reserved,
    // Some item is short (or its position is gone): nothing was reserved.
    InsufficientStock,
};

// What the Order service needs from Stock, in its own terms. StockClient (HTTP, local or
// remote) is the implementation lotokd uses. A port that cannot get an answer (the service
// is down or failed) throws ApiError(unavailable): the saga then leaves the order pending.
class StockPort {
public:
    virtual ~StockPort() = default;
    // The positions Stock knows among ids, with today's names and prices.
    virtual std::map<std::int64_t, CataloguePosition>
    positions(const std::vector<std::int64_t>& ids) = 0;
    // Every item in one call and one transaction: all reserved, or none. Safe to repeat.
    virtual ReserveResult reserveAll(std::int64_t orderId,
                                     const std::vector<Reservation>& items) = 0;
    // Gives back whatever the order holds; safe to repeat.
    virtual void release(std::int64_t orderId) = 0;
};

} // namespace lotok::services::order
