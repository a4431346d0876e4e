#pragma once

#include "db/Connection.h"

#include <cstdint>
#include <string>

// The small database reads the end-to-end tests check their sums and counts with.
namespace lotok::test {

// One number from the database (a sum or a count; NULL counts as 0).
inline std::int64_t scalar(db::Connection& db, const std::string& sql,
                           const db::Params& params = {}) {
    const auto rows = db.exec(sql, params);
    return rows.isNull(0, 0) ? 0 : rows.int64(0, 0);
}

// A PostgreSQL array literal of ids, for `= ANY($1::bigint[])`: a test counts only what it
// made itself (on the cluster other suites write to the same databases meanwhile).
template <typename Ids> std::string idArray(const Ids& ids) {
    std::string text = "{";
    for (const auto id : ids) {
        text += (text.size() > 1 ? "," : "") + std::to_string(id);
    }
    return text + "}";
}

// Goods of one position sold (to orders that were confirmed), and what confirmed orders
// bought of it: the two must agree, whatever failed on the way.
inline std::int64_t soldOf(db::Connection& db, std::int64_t position) {
    return scalar(db,
                  "SELECT sum(count)::bigint FROM stock.reservations WHERE position_id = $1 AND "
                  "status = 'sold'",
                  {position});
}
inline std::int64_t boughtOf(db::Connection& db, std::int64_t position) {
    return scalar(db,
                  "SELECT sum(i.count)::bigint FROM orders.order_items i JOIN orders.orders o ON "
                  "o.id = i.order_id WHERE o.status = 'confirmed' AND i.position_id = $1",
                  {position});
}

} // namespace lotok::test
