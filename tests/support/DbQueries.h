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

// Billing's ledger against its balances, for the accounts of `userIds` (an idArray) or, when
// it is empty, every account: how many accounts are out of step, 0 when none is. An account
// is in step when its balance is the sum of its lines and the lines chain: each one's
// balance_after is the one before's plus its amount (0 before the first), the newest one's
// is the balance.
inline std::int64_t ledgerMismatches(db::Connection& db, const std::string& userIds = {}) {
    const std::string which = userIds.empty() ? "true" : "user_id = ANY($1::bigint[])";
    const auto params = userIds.empty() ? db::Params{} : db::Params{userIds};
    return scalar(db,
                  "WITH lines AS (SELECT user_id, amount, balance_after, lag(balance_after, 1, "
                  "0::bigint) OVER (PARTITION BY user_id ORDER BY id) AS previous, "
                  "row_number() OVER (PARTITION BY user_id ORDER BY id DESC) AS newest FROM "
                  "billing.ledger WHERE " +
                      which +
                      "), sums AS (SELECT user_id, sum(amount) AS total, bool_and(balance_after "
                      "= previous + amount) AS chained, max(balance_after) FILTER (WHERE "
                      "newest = 1) AS last FROM lines GROUP BY user_id) "
                      "SELECT count(*) FROM billing.accounts a LEFT JOIN sums s USING (user_id) "
                      "WHERE " +
                      which +
                      " AND (a.balance <> coalesce(s.total, 0) OR a.balance <> coalesce(s.last, "
                      "0) OR NOT coalesce(s.chained, true))",
                  params);
}

} // namespace lotok::test
