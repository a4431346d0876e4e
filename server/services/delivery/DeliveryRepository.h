#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::delivery {

struct Delivery {
    std::int64_t orderId = 0;
    std::int64_t userId = 0;
    std::string status;
    std::string address;
    std::string customerName;
    std::string createdAt;
    std::optional<std::string> sentAt;
    std::optional<std::string> receivedAt;
    std::optional<std::string> cancelledAt;

    nlohmann::json toJson() const;
};

class DeliveryRepository {
public:
    DeliveryRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}
    db::Pool& pool() { return m_pool; }

    std::optional<Delivery> insert(db::Transaction& tx, std::int64_t orderId, std::int64_t userId,
                                   const std::string& address, const std::string& customerName);
    std::optional<Delivery> find(std::int64_t orderId);
    // Moves from one status to the next; nullopt when the delivery was not in `from`.
    std::optional<Delivery> transition(db::Transaction& tx, std::int64_t orderId,
                                       const std::string& from, const std::string& to,
                                       const std::string& timestampColumn);
    // The order's delivery as cancelled, written as a row of its own when the delivery does
    // not exist yet (no address: the confirmation event that comes later creates nothing);
    // nullopt when there is a delivery in another status than awaiting_shipment.
    std::optional<Delivery> insertCancelled(db::Transaction& tx, std::int64_t orderId,
                                            std::int64_t userId);
    // The delivery, locked for the rest of the transaction; nullopt when there is none.
    std::optional<Delivery> lock(db::Transaction& tx, std::int64_t orderId);
    std::vector<Delivery> list(const std::optional<std::string>& status,
                               std::optional<std::int64_t> before, int limit);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::delivery
