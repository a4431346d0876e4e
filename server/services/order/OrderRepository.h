#pragma once

#include "Customer.h"
#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::order {

struct OrderItem {
    std::int64_t positionId = 0;
    std::string name;
    std::int64_t count = 0;
    std::int64_t price = 0;
};

struct Order {
    std::int64_t id = 0;
    std::int64_t userId = 0;
    std::string status = "pending";
    std::optional<std::string> reason;
    std::int64_t total = 0;
    std::string createdAt;
    std::string updatedAt;
    std::optional<std::string> decidedAt;
    std::optional<std::string> cancelledAt;
    std::optional<std::string> idempotencyKey;
    std::optional<std::string> requestHash;
    // Delivery's stage as Order last heard it (awaiting_shipment, sent, received).
    std::optional<std::string> deliveryStatus;
    std::vector<OrderItem> items;

    nlohmann::json toJson() const;
    nlohmann::json itemsJson() const;
};

// A row of the staff board: the order and who placed it (nullopt: not known to Order yet).
struct StaffOrder {
    Order order;
    std::optional<Customer> customer;

    nlohmann::json toJson() const;
};

struct StaffOrderFilter {
    std::optional<std::string> status;
    std::optional<std::string> from; // inclusive, a timestamp PostgreSQL reads
    std::optional<std::string> to;   // exclusive
    std::optional<std::string> query;
    std::optional<std::int64_t> orderId; // the query read as an order id, when it is one
};

// A request to cancel a confirmed order, recorded before Delivery is asked (migration 003).
struct Cancellation {
    std::int64_t orderId = 0;
    std::int64_t requestedBy = 0;
    std::string state; // requested | done
    std::optional<std::string> idempotencyKey;
    std::optional<std::string> requestHash;
};

// What recording a cancel request found: the order's status under its row lock, and the
// cancellation (new when `inserted`, else the one recorded before, if any).
struct CancelRequest {
    std::string status;
    std::optional<std::string> deliveryStatus;
    bool inserted = false;
    std::optional<Cancellation> cancellation;
};

class OrderRepository {
public:
    OrderRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}
    db::Pool& pool() { return m_pool; }

    // Inserts a pending order with its items and a lease; nullopt when the user already
    // used this idempotency key (the caller then loads that order).
    std::optional<Order> insertPending(const Order& order, int leaseSeconds);
    std::optional<Order> find(std::int64_t id);
    std::optional<Order> findByIdempotencyKey(std::int64_t userId, const std::string& key);
    std::vector<Order> listForUser(std::int64_t userId, std::optional<std::int64_t> before,
                                   int limit);
    // Every customer's orders, newest first, filtered for the staff board.
    std::vector<StaffOrder> listAll(const StaffOrderFilter& filter,
                                    std::optional<std::int64_t> before, int limit);
    void upsertCustomer(db::Transaction& tx, const Customer& customer);
    // Moves the order's delivery stage forward; false when it is already there or beyond.
    bool advanceDelivery(db::Transaction& tx, std::int64_t orderId, const std::string& stage);
    // pending -> confirmed/rejected: the order as decided (without items); nullopt when it
    // was no longer pending.
    std::optional<Order> decide(db::Transaction& tx, std::int64_t id, const std::string& status,
                                const std::optional<std::string>& reason);
    // Takes over pending orders whose lease ran out, extending the lease.
    std::vector<std::int64_t> claimAbandoned(int leaseSeconds, int limit);

    // With the order's row locked: records a cancel request when the order is confirmed and
    // none is recorded yet (nullopt status: no such order).
    std::optional<CancelRequest> requestCancel(std::int64_t orderId, std::int64_t requestedBy,
                                               const std::optional<std::string>& key,
                                               const std::optional<std::string>& requestHash,
                                               int leaseSeconds);
    std::optional<Cancellation> findCancellation(std::int64_t orderId);
    std::optional<Cancellation> findCancellationByKey(std::int64_t requestedBy,
                                                      const std::string& key);
    // confirmed -> cancelled, the request done: the order as cancelled (without items);
    // nullopt when it was not confirmed any more.
    std::optional<Order> markCancelled(db::Transaction& tx, std::int64_t orderId);
    // Forgets a request Delivery refused (the order was sent already).
    void dropCancellation(std::int64_t orderId);
    // Takes over requested cancellations whose lease ran out, extending the lease.
    std::vector<std::int64_t> claimAbandonedCancellations(int leaseSeconds, int limit);

private:
    void loadItems(std::vector<Order>& orders);

    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::order
