#include "OrderRepository.h"

#include "db/Sql.h"
#include "lotok/Money.h"

#include <unordered_map>

namespace lotok::services::order {
namespace {

std::string columns() {
    return "id, user_id, status, reason, total, " + db::rfc3339("created_at") + ", " +
           db::rfc3339("updated_at") + ", " + db::rfc3339("decided_at") +
           ", idempotency_key, request_hash";
}

Order toOrder(const db::Result& rows, int row) {
    Order order;
    order.id = rows.int64(row, 0);
    order.userId = rows.int64(row, 1);
    order.status = rows.string(row, 2);
    order.reason = rows.optionalString(row, 3);
    order.total = rows.int64(row, 4);
    order.createdAt = rows.string(row, 5);
    order.updatedAt = rows.string(row, 6);
    order.decidedAt = rows.optionalString(row, 7);
    order.idempotencyKey = rows.optionalString(row, 8);
    order.requestHash = rows.optionalString(row, 9);
    return order;
}

} // namespace

nlohmann::json Order::itemsJson() const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : items) {
        out.push_back({{"position_id", item.positionId},
                       {"name", item.name},
                       {"count", item.count},
                       {"price", item.price}});
    }
    return out;
}

nlohmann::json Order::toJson() const {
    nlohmann::json out{{"id", id},
                       {"user_id", userId},
                       {"status", status},
                       {"items", itemsJson()},
                       {"total", total},
                       {"currency", kCurrency},
                       {"created_at", createdAt},
                       {"updated_at", updatedAt},
                       {"decided_at", decidedAt ? nlohmann::json(*decidedAt) : nlohmann::json()}};
    if (reason) {
        out["reason"] = *reason;
    }
    return out;
}

std::optional<Order> OrderRepository::insertPending(const Order& order, int leaseSeconds) {
    return m_pool.transact([&](db::Transaction& tx) -> std::optional<Order> {
        const auto rows = tx.exec(
            "INSERT INTO " + m_schema +
                ".orders (user_id, status, total, idempotency_key, request_hash, lease_until) "
                "VALUES ($1, 'pending', $2, $3, $4, now() + make_interval(secs => $5)) "
                "ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL "
                "DO NOTHING RETURNING " +
                columns(),
            {order.userId, order.total, order.idempotencyKey, order.requestHash, leaseSeconds});
        if (rows.empty()) {
            return std::nullopt;
        }
        auto stored = toOrder(rows, 0);
        stored.items = order.items;
        for (const auto& item : order.items) {
            tx.exec("INSERT INTO " + m_schema +
                        ".order_items (order_id, position_id, name, count, price) VALUES ($1, $2, "
                        "$3, $4, $5)",
                    {stored.id, item.positionId, item.name, item.count, item.price});
        }
        return stored;
    });
}

void OrderRepository::loadItems(std::vector<Order>& orders) {
    if (orders.empty()) {
        return;
    }
    std::string ids = "{";
    std::unordered_map<std::int64_t, Order*> byId;
    for (auto& order : orders) {
        ids += (byId.empty() ? "" : ",") + std::to_string(order.id);
        byId[order.id] = &order;
    }
    ids += "}";
    const auto rows =
        m_pool.exec("SELECT order_id, position_id, name, count, price FROM " + m_schema +
                        ".order_items WHERE order_id = ANY($1::bigint[]) ORDER BY "
                        "order_id, position_id",
                    {ids});
    for (int row = 0; row < rows.rows(); ++row) {
        byId[rows.int64(row, 0)]->items.push_back(
            {rows.int64(row, 1), rows.string(row, 2), rows.int64(row, 3), rows.int64(row, 4)});
    }
}

std::optional<Order> OrderRepository::find(std::int64_t id) {
    const auto rows =
        m_pool.exec("SELECT " + columns() + " FROM " + m_schema + ".orders WHERE id = $1", {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    std::vector<Order> orders{toOrder(rows, 0)};
    loadItems(orders);
    return orders.front();
}

std::optional<Order> OrderRepository::findByIdempotencyKey(std::int64_t userId,
                                                           const std::string& key) {
    const auto rows = m_pool.exec("SELECT " + columns() + " FROM " + m_schema +
                                      ".orders WHERE user_id = $1 AND idempotency_key = $2",
                                  {userId, key});
    if (rows.empty()) {
        return std::nullopt;
    }
    std::vector<Order> orders{toOrder(rows, 0)};
    loadItems(orders);
    return orders.front();
}

std::vector<Order> OrderRepository::listForUser(std::int64_t userId,
                                                std::optional<std::int64_t> before, int limit) {
    const auto rows = m_pool.exec("SELECT " + columns() + " FROM " + m_schema +
                                      ".orders WHERE user_id = $1 AND id < $2 ORDER BY id DESC "
                                      "LIMIT $3",
                                  {userId, before.value_or(INT64_MAX), limit});
    std::vector<Order> orders;
    for (int row = 0; row < rows.rows(); ++row) {
        orders.push_back(toOrder(rows, row));
    }
    loadItems(orders);
    return orders;
}

std::optional<Order> OrderRepository::decide(db::Transaction& tx, std::int64_t id,
                                             const std::string& status,
                                             const std::optional<std::string>& reason) {
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".orders SET status = $2, reason = $3, updated_at = now(), "
                                  "decided_at = now() WHERE id = $1 AND status = 'pending' "
                                  "RETURNING " +
                                  columns(),
                              {id, status, reason});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toOrder(rows, 0);
}

std::vector<std::int64_t> OrderRepository::claimAbandoned(int leaseSeconds, int limit) {
    const auto rows = m_pool.exec(
        "UPDATE " + m_schema +
            ".orders SET lease_until = now() + make_interval(secs => $1) WHERE id IN (SELECT id "
            "FROM " +
            m_schema +
            ".orders WHERE status = 'pending' AND lease_until < now() ORDER BY id LIMIT $2 FOR "
            "UPDATE SKIP LOCKED) RETURNING id",
        {leaseSeconds, limit});
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

} // namespace lotok::services::order
