#include "OrderRepository.h"

#include "db/Sql.h"
#include "lotok/Money.h"

#include <unordered_map>

namespace lotok::services::order {
namespace {

// The order's columns, qualified with `table` when a query joins another table.
std::string columns(const std::string& table = {}) {
    const auto t = table.empty() ? std::string() : table + ".";
    return t + "id, " + t + "user_id, " + t + "status, " + t + "reason, " + t + "total, " +
           db::rfc3339(t + "created_at") + ", " + db::rfc3339(t + "updated_at") + ", " +
           db::rfc3339(t + "decided_at") + ", " + t + "idempotency_key, " + t + "request_hash, " +
           t + "delivery_status, " + db::rfc3339(t + "cancelled_at");
}

constexpr int kColumnCount = 12;

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
    order.deliveryStatus = rows.optionalString(row, 10);
    order.cancelledAt = rows.optionalString(row, 11);
    return order;
}

constexpr const char* kCancellationColumns =
    "order_id, requested_by, state, idempotency_key, request_hash";

Cancellation toCancellation(const db::Result& rows, int row) {
    return Cancellation{rows.int64(row, 0), rows.int64(row, 1), rows.string(row, 2),
                        rows.optionalString(row, 3), rows.optionalString(row, 4)};
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
    nlohmann::json out{
        {"id", id},
        {"user_id", userId},
        {"status", status},
        {"items", itemsJson()},
        {"total", total},
        {"currency", kCurrency},
        {"created_at", createdAt},
        {"updated_at", updatedAt},
        {"decided_at", decidedAt ? nlohmann::json(*decidedAt) : nlohmann::json()},
        {"delivery_status", deliveryStatus ? nlohmann::json(*deliveryStatus) : nlohmann::json()},
        {"cancelled_at", cancelledAt ? nlohmann::json(*cancelledAt) : nlohmann::json()}};
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

nlohmann::json StaffOrder::toJson() const {
    auto out = order.toJson();
    out["customer"] = {{"user_id", order.userId},
                       {"login", customer ? nlohmann::json(customer->login) : nlohmann::json()},
                       {"name", customer ? nlohmann::json(customer->name()) : nlohmann::json()}};
    return out;
}

std::vector<StaffOrder> OrderRepository::listAll(const StaffOrderFilter& filter,
                                                 std::optional<std::int64_t> before, int limit) {
    db::Params params{before.value_or(INT64_MAX), limit};
    std::string where = "o.id < $1";
    // Each filter adds a condition; its '?'s become the numbers of the values it adds.
    const auto add = [&](std::string_view condition, std::initializer_list<db::Param> values) {
        auto value = values.begin();
        where += " AND ";
        for (const char c : condition) {
            if (c == '?') {
                params.push_back(*value++);
                where += "$" + std::to_string(params.size());
            } else {
                where += c;
            }
        }
    };
    if (filter.status) {
        add("o.status = ?", {*filter.status});
    }
    if (filter.from) {
        add("o.created_at >= ?::timestamptz", {*filter.from});
    }
    if (filter.to) {
        add("o.created_at < ?::timestamptz", {*filter.to});
    }
    if (filter.query) {
        // Wildcards the staff typed are literal text.
        std::string pattern = "%";
        for (const char c : *filter.query) {
            if (c == '%' || c == '_' || c == '\\') {
                pattern += '\\';
            }
            pattern += c;
        }
        pattern += "%";
        if (filter.orderId) {
            add("(o.id = ? OR c.login ILIKE ? OR (c.first_name || ' ' || c.last_name) ILIKE ?)",
                {*filter.orderId, pattern, pattern});
        } else {
            add("(c.login ILIKE ? OR (c.first_name || ' ' || c.last_name) ILIKE ?)",
                {pattern, pattern});
        }
    }
    const auto rows = m_pool.exec(
        "SELECT " + columns("o") + ", c.login, c.first_name, c.last_name FROM " + m_schema +
            ".orders o LEFT JOIN " + m_schema + ".customers c ON c.user_id = o.user_id WHERE " +
            where + " ORDER BY o.id DESC LIMIT $2",
        params);
    std::vector<Order> orders;
    for (int row = 0; row < rows.rows(); ++row) {
        orders.push_back(toOrder(rows, row));
    }
    loadItems(orders);
    std::vector<StaffOrder> out;
    for (int row = 0; row < rows.rows(); ++row) {
        StaffOrder staffOrder{std::move(orders[row]), std::nullopt};
        if (!rows.isNull(row, kColumnCount)) {
            staffOrder.customer =
                Customer{staffOrder.order.userId, rows.string(row, kColumnCount),
                         rows.string(row, kColumnCount + 1), rows.string(row, kColumnCount + 2)};
        }
        out.push_back(std::move(staffOrder));
    }
    return out;
}

void OrderRepository::upsertCustomer(db::Transaction& tx, const Customer& customer) {
    tx.exec("INSERT INTO " + m_schema +
                ".customers (user_id, login, first_name, last_name) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (user_id) DO UPDATE SET login = EXCLUDED.login, first_name = "
                "EXCLUDED.first_name, last_name = EXCLUDED.last_name",
            {customer.userId, customer.login, customer.firstName, customer.lastName});
}

bool OrderRepository::advanceDelivery(db::Transaction& tx, std::int64_t orderId,
                                      const std::string& stage) {
    // Stages only move forward, so a late or repeated event cannot take an order back; a
    // cancelled delivery is where it ends (a delivery_created still on its way after the
    // cancel must not bring it back).
    return tx.exec("UPDATE " + m_schema +
                       ".orders SET delivery_status = $2 WHERE id = $1 AND delivery_status IS "
                       "DISTINCT FROM 'cancelled' AND "
                       "COALESCE(array_position(ARRAY['awaiting_shipment', 'sent', 'received'], "
                       "delivery_status), 0) < array_position(ARRAY['awaiting_shipment', "
                       "'sent', 'received'], $2::text)",
                   {orderId, stage})
               .affected() == 1;
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
        {leaseSeconds, limit}, db::Plan::EachTime); // a poll over a growing table
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

std::optional<CancelRequest>
OrderRepository::requestCancel(std::int64_t orderId, std::int64_t requestedBy,
                               const std::optional<std::string>& key,
                               const std::optional<std::string>& requestHash, int leaseSeconds) {
    return m_pool.transact([&](db::Transaction& tx) -> std::optional<CancelRequest> {
        // The order's row lock orders this against the saga deciding it and against another
        // cancel request; the cancellation's primary key lets only one request in.
        const auto order = tx.exec("SELECT status, delivery_status FROM " + m_schema +
                                       ".orders WHERE id = $1 FOR UPDATE",
                                   {orderId});
        if (order.empty()) {
            return std::nullopt;
        }
        CancelRequest request{order.string(0, 0), order.optionalString(0, 1), false, {}};
        if (request.status == "confirmed" && request.deliveryStatus != "sent" &&
            request.deliveryStatus != "received") {
            const auto inserted = tx.exec(
                "INSERT INTO " + m_schema +
                    ".cancellations (order_id, requested_by, state, idempotency_key, "
                    "request_hash, lease_until) VALUES ($1, $2, 'requested', $3, $4, now() + "
                    "make_interval(secs => $5)) ON CONFLICT DO NOTHING RETURNING " +
                    kCancellationColumns,
                {orderId, requestedBy, key, requestHash, leaseSeconds});
            if (!inserted.empty()) {
                request.inserted = true;
                request.cancellation = toCancellation(inserted, 0);
                return request;
            }
        }
        const auto existing = tx.exec(std::string("SELECT ") + kCancellationColumns + " FROM " +
                                          m_schema + ".cancellations WHERE order_id = $1",
                                      {orderId});
        if (!existing.empty()) {
            request.cancellation = toCancellation(existing, 0);
        }
        return request;
    });
}

std::optional<Cancellation> OrderRepository::findCancellation(std::int64_t orderId) {
    const auto rows = m_pool.exec(std::string("SELECT ") + kCancellationColumns + " FROM " +
                                      m_schema + ".cancellations WHERE order_id = $1",
                                  {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toCancellation(rows, 0);
}

std::optional<Cancellation> OrderRepository::findCancellationByKey(std::int64_t requestedBy,
                                                                   const std::string& key) {
    const auto rows =
        m_pool.exec(std::string("SELECT ") + kCancellationColumns + " FROM " + m_schema +
                        ".cancellations WHERE requested_by = $1 AND idempotency_key = $2",
                    {requestedBy, key});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toCancellation(rows, 0);
}

std::optional<Order> OrderRepository::markCancelled(db::Transaction& tx, std::int64_t orderId) {
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".orders SET status = 'cancelled', delivery_status = "
                                  "'cancelled', cancelled_at = now(), updated_at = now() WHERE "
                                  "id = $1 AND status = 'confirmed' RETURNING " +
                                  columns(),
                              {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    tx.exec("UPDATE " + m_schema +
                ".cancellations SET state = 'done', done_at = now() WHERE order_id = $1",
            {orderId});
    return toOrder(rows, 0);
}

void OrderRepository::dropCancellation(std::int64_t orderId) {
    m_pool.exec("DELETE FROM " + m_schema +
                    ".cancellations WHERE order_id = $1 AND state = 'requested'",
                {orderId});
}

std::vector<std::int64_t> OrderRepository::claimAbandonedCancellations(int leaseSeconds,
                                                                       int limit) {
    const auto rows = m_pool.exec(
        "UPDATE " + m_schema +
            ".cancellations SET lease_until = now() + make_interval(secs => $1) WHERE order_id "
            "IN (SELECT order_id FROM " +
            m_schema +
            ".cancellations WHERE state = 'requested' AND lease_until < now() ORDER BY order_id "
            "LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING order_id",
        {leaseSeconds, limit}, db::Plan::EachTime);
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

} // namespace lotok::services::order
