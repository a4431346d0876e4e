#include "StockRepository.h"

#include "lotok/Money.h"

namespace lotok::services::stock {
namespace {

// A position's row and its category's name: `p` is the positions table (or a CTE of the
// rows a statement changed), `c` its category.
constexpr const char* kColumns = "p.id, p.name, p.price, p.count, p.archived, p.description, "
                                 "p.category_id, c.name, p.picture_version";

std::string withCategory(const std::string& schema) {
    return " LEFT JOIN " + schema + ".categories c ON c.id = p.category_id";
}

Position toPosition(const db::Result& rows, int row) {
    return Position{
        rows.int64(row, 0),         rows.string(row, 1),         rows.int64(row, 2),
        rows.int64(row, 3),         rows.boolean(row, 4),        rows.string(row, 5),
        rows.optionalInt64(row, 6), rows.optionalString(row, 7), rows.optionalString(row, 8)};
}

// LIKE's own characters, taken literally: a search for "100%" finds "100%", not "100".
std::string likeContains(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "%";
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
    nlohmann::json out = {{"id", id},
                          {"name", name},
                          {"price", price},
                          {"currency", kCurrency},
                          {"count", count},
                          {"archived", archived},
                          {"description", description},
                          {"category_id", nullptr},
                          {"category", nullptr},
                          {"image_url", nullptr},
                          {"thumbnail_url", nullptr}};
    if (categoryId) {
        out["category_id"] = *categoryId;
        out["category"] = categoryName.value_or("");
    }
    if (pictureVersion) {
        // Versioned: a new picture is a new URL, so a cached one never needs asking again.
        const auto url =
            "/api/v1/stock/positions/" + std::to_string(id) + "/picture?v=" + *pictureVersion;
        out["image_url"] = url;
        out["thumbnail_url"] = url + "&size=thumbnail";
    }
    return out;
}

std::optional<Position> StockRepository::find(std::int64_t id) {
    const auto rows = m_pool.exec(std::string("SELECT ") + kColumns + " FROM " + m_schema +
                                      ".positions p" + withCategory(m_schema) + " WHERE p.id = $1",
                                  {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toPosition(rows, 0);
}

std::optional<Position> StockRepository::find(db::Transaction& tx, std::int64_t id) {
    const auto rows = tx.exec(std::string("SELECT ") + kColumns + " FROM " + m_schema +
                                  ".positions p" + withCategory(m_schema) + " WHERE p.id = $1",
                              {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toPosition(rows, 0);
}

std::vector<Position> StockRepository::list(std::int64_t afterId, int limit, bool withArchived) {
    return list(afterId, limit, PositionFilter{withArchived, std::nullopt, std::nullopt});
}

std::vector<Position> StockRepository::list(std::int64_t afterId, int limit,
                                            const PositionFilter& filter) {
    // One statement text per combination of filters, not "$4 IS NULL OR ...": a prepared
    // statement's generic plan could not use the search index behind an OR.
    std::string sql = std::string("SELECT ") + kColumns + " FROM " + m_schema + ".positions p" +
                      withCategory(m_schema) + " WHERE p.id > $1 AND ($3 OR NOT p.archived)";
    db::Params params{afterId, limit, filter.withArchived};
    if (filter.text) {
        params.emplace_back(likeContains(*filter.text));
        sql += " AND p.search_text LIKE " + m_schema + ".search_fold($" +
               std::to_string(params.size()) + ")";
    }
    if (filter.categoryId) {
        params.emplace_back(*filter.categoryId);
        sql += " AND p.category_id = $" + std::to_string(params.size());
    }
    sql += " ORDER BY p.id LIMIT $2";
    return toPositions(m_pool.exec(sql, params));
}

std::vector<Position> StockRepository::findMany(const std::vector<std::int64_t>& ids) {
    std::string array = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        array += (i ? "," : "") + std::to_string(ids[i]);
    }
    array += "}";
    return toPositions(m_pool.exec(std::string("SELECT ") + kColumns + " FROM " + m_schema +
                                       ".positions p" + withCategory(m_schema) +
                                       " WHERE p.id = ANY($1::bigint[]) AND NOT p.archived "
                                       "ORDER BY p.id",
                                   {array}));
}

Position StockRepository::insert(db::Transaction& tx, const std::string& name, std::int64_t price,
                                 std::int64_t count, const std::string& description,
                                 std::optional<std::int64_t> categoryId) {
    const auto rows = tx.exec("WITH p AS (INSERT INTO " + m_schema +
                                  ".positions (name, price, count, description, category_id) "
                                  "VALUES ($1, $2, $3, $4, $5) RETURNING *) SELECT " +
                                  kColumns + " FROM p" + withCategory(m_schema),
                              {name, price, count, description, categoryId});
    return toPosition(rows, 0);
}

std::optional<Position> StockRepository::update(db::Transaction& tx, std::int64_t id,
                                                const std::optional<std::string>& name,
                                                const std::optional<std::int64_t>& price,
                                                std::int64_t add) {
    return update(
        tx, id,
        PositionChange{name, price, add, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
}

std::optional<Position> StockRepository::update(db::Transaction& tx, std::int64_t id,
                                                const PositionChange& change) {
    // count: a stock-take ($5) replaces the available count, otherwise $4 is added to it.
    // category_id: $8 = 0 removes it, NULL keeps it.
    const auto rows =
        tx.exec("WITH p AS (UPDATE " + m_schema +
                    ".positions SET name = COALESCE($2, name), price = COALESCE($3, "
                    "price), count = COALESCE($5, count + $4), archived = "
                    "COALESCE($6, archived), description = COALESCE($7, description), "
                    "category_id = CASE WHEN $8::bigint IS NULL THEN category_id WHEN $8 = 0 "
                    "THEN NULL ELSE $8 END, updated_at = now() WHERE id = $1 AND "
                    "COALESCE($5, count + $4) >= 0 RETURNING *) SELECT " +
                    kColumns + " FROM p" + withCategory(m_schema),
                {id, change.name, change.price, change.add, change.count, change.archived,
                 change.description, change.categoryId});
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
