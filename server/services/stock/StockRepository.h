#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::stock {

struct Position {
    std::int64_t id = 0;
    std::string name;
    std::int64_t price = 0;
    std::int64_t count = 0;
    bool archived = false;
    std::string description;
    std::optional<std::int64_t> categoryId;
    std::optional<std::string> categoryName;
    std::optional<std::string> pictureVersion;

    // The public shape (also the stock.position_changed payload, which only gains fields).
    nlohmann::json toJson() const;
};

// The catalogue's filters on a page of positions.
struct PositionFilter {
    bool withArchived = false;
    std::optional<std::string> text; // contains, case-insensitive, over name and description
    std::optional<std::int64_t> categoryId;
};

// What a staff change asks for; absent fields stay as they are. `count` is an absolute
// stock-take, `add` a relative receipt or write-off (never both).
struct PositionChange {
    std::optional<std::string> name;
    std::optional<std::int64_t> price;
    std::int64_t add = 0;
    std::optional<std::int64_t> count;
    std::optional<bool> archived;
    std::optional<std::string> description;
    // 0 removes the category (null in JSON means "not given", as everywhere in the API).
    std::optional<std::int64_t> categoryId;
};

struct Reservation {
    std::int64_t orderId;
    std::int64_t positionId;
    std::int64_t count;
    std::string status;
};

class StockRepository {
public:
    StockRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}

    db::Pool& pool() { return m_pool; }

    std::optional<Position> find(std::int64_t id);
    std::optional<Position> find(db::Transaction& tx, std::int64_t id);
    // The catalogue in id order; archived positions only when asked (staff).
    std::vector<Position> list(std::int64_t afterId, int limit, bool withArchived = false);
    std::vector<Position> list(std::int64_t afterId, int limit, const PositionFilter& filter);
    std::vector<Position> findMany(const std::vector<std::int64_t>& ids);
    Position insert(db::Transaction& tx, const std::string& name, std::int64_t price,
                    std::int64_t count, const std::string& description = {},
                    std::optional<std::int64_t> categoryId = std::nullopt);
    // Applies the given changes; nullopt when the position does not exist or `add` would take
    // the count below zero (exists tells which).
    std::optional<Position> update(db::Transaction& tx, std::int64_t id,
                                   const std::optional<std::string>& name,
                                   const std::optional<std::int64_t>& price, std::int64_t add);
    std::optional<Position> update(db::Transaction& tx, std::int64_t id,
                                   const PositionChange& change);
    bool exists(db::Transaction& tx, std::int64_t id);

    // False when a reservation for this order and position exists already.
    bool insertReservation(db::Transaction& tx, std::int64_t orderId, std::int64_t positionId,
                           std::int64_t count);
    std::optional<Reservation> findReservation(db::Transaction& tx, std::int64_t orderId,
                                               std::int64_t positionId);
    // Moves reservations of an order from one status to another; returns those moved.
    std::vector<Reservation> moveReservations(db::Transaction& tx, std::int64_t orderId,
                                              const std::string& from, const std::string& to);
    // Reservations still 'reserved' after the timeout, oldest first, locked for release.
    std::vector<std::int64_t> staleOrders(db::Transaction& tx, int timeoutSeconds, int limit);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::stock
