#include "StockRepository.h"

#include "lotok/Money.h"

namespace lotok::services::stock {
namespace {

constexpr const char* kColumns = "id, name, price, count, archived";

Position toPosition(const db::Result& rows, int row) {
    return Position{rows.int64(row, 0), rows.string(row, 1), rows.int64(row, 2), rows.int64(row, 3),
                    rows.boolean(row, 4)};
}

std::vector<Position> toPositions(const db::Result& rows) {
    std::vector<Position> out;
    out.reserve(rows.rows());
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(toPosition(rows, row));
    }
    return out;
}

std::vector<Reservation> toReservations(const db::Result& rows) {
    std::vector<Reservation> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(
            {rows.int64(row, 0), rows.int64(row, 1), rows.int64(row, 2), rows.string(row, 3)});
    }
    return out;
}

} // namespace

nlohmann::json Position::toJson() const {
    return {{"id", id},       {"name", name},        {"price", price}, {"currency", kCurrency},
            {"count", count}, {"archived", archived}};
}

std::optional<Position> StockRepository::find(std::int64_t id) {
    const auto rows = m_pool.exec(
        std::string("SELECT ") + kColumns + " FROM " + m_schema + ".positions WHERE id = $1", {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toPosition(rows, 0);
}

std::vector<Position> StockRepository::list(std::int64_t afterId, int limit, bool withArchived) {
    return toPositions(m_pool.exec(std::string("SELECT ") + kColumns + " FROM " + m_schema +
                                       ".positions WHERE id > $1 AND ($3 OR NOT archived) ORDER "
                                       "BY id LIMIT $2",
                                   {afterId, limit, withArchived}));
}

std::vector<Position> StockRepository::findMany(const std::vector<std::int64_t>& ids) {
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        array += (i ? "," : "") + std::to_string(ids[i]);
    }
    array += "}";
    return toPositions(m_pool.exec(std::string("SELECT ") + kColumns + " FROM " + m_schema +
                                       ".positions WHERE id = ANY($1::bigint[]) AND NOT archived "
                                       "ORDER BY id",
                                   {array}));
}

Position StockRepository::insert(db::Transaction& tx, const std::string& name, std::int64_t price,
                                 std::int64_t count) {
    const auto rows =
        tx.exec("INSERT INTO " + m_schema +
                    ".positions (name, price, count) VALUES ($1, $2, $3) RETURNING " + kColumns,
                {name, price, count});
    return toPosition(rows, 0);
}

std::optional<Position> StockRepository::update(db::Transaction& tx, std::int64_t id,
                                                const std::optional<std::string>& name,
                                                const std::optional<std::int64_t>& price,
                                                std::int64_t add) {
    return update(tx, id, PositionChange{name, price, add, std::nullopt, std::nullopt});
}

std::optional<Position> StockRepository::update(db::Transaction& tx, std::int64_t id,
                                                const PositionChange& change) {
    // count: a stock-take ($5) replaces the available count, otherwise $4 is added to it.
    const auto rows =
        tx.exec("UPDATE " + m_schema +
                    ".positions SET name = COALESCE($2, name), price = COALESCE($3, "
                    "price), count = COALESCE($5, count + $4), archived = "
                    "COALESCE($6, archived), updated_at = now() WHERE id = $1 AND "
                    "COALESCE($5, count + $4) >= 0 RETURNING " +
                    kColumns,
                {id, change.name, change.price, change.add, change.count, change.archived});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toPosition(rows, 0);
}

bool StockRepository::exists(db::Transaction& tx, std::int64_t id) {
    return !tx.exec("SELECT 1 FROM " + m_schema + ".positions WHERE id = $1", {id}).empty();
}

bool StockRepository::insertReservation(db::Transaction& tx, std::int64_t orderId,
                                        std::int64_t positionId, std::int64_t count) {
    return tx.exec("INSERT INTO " + m_schema +
                       ".reservations (order_id, position_id, count, status) VALUES ($1, $2, $3, "
                       "'reserved') ON CONFLICT DO NOTHING",
                   {orderId, positionId, count})
               .affected() == 1;
}

std::optional<Reservation> StockRepository::findReservation(db::Transaction& tx,
                                                            std::int64_t orderId,
                                                            std::int64_t positionId) {
    const auto rows = tx.exec("SELECT order_id, position_id, count, status FROM " + m_schema +
                                  ".reservations WHERE order_id = $1 AND position_id = $2",
                              {orderId, positionId});
    auto all = toReservations(rows);
    if (all.empty()) {
        return std::nullopt;
    }
    return all.front();
}

std::vector<Reservation> StockRepository::moveReservations(db::Transaction& tx,
                                                           std::int64_t orderId,
                                                           const std::string& from,
                                                           const std::string& to) {
    return toReservations(tx.exec("UPDATE " + m_schema +
                                      ".reservations SET status = $3, updated_at = now() WHERE "
                                      "order_id = $1 AND status = $2 RETURNING order_id, "
                                      "position_id, count, status",
                                  {orderId, from, to}));
}

std::vector<std::int64_t> StockRepository::staleOrders(db::Transaction& tx, int timeoutSeconds,
                                                       int limit) {
    const auto rows = tx.exec("SELECT DISTINCT order_id FROM " + m_schema +
                                  ".reservations WHERE status = 'reserved' AND created_at < now() "
                                  "- make_interval(secs => $1) LIMIT $2",
                              {timeoutSeconds, limit});
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

} // namespace lotok::services::stock
