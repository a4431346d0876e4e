#include "DeliveryRepository.h"

#include "db/Sql.h"

namespace lotok::services::delivery {
namespace {

std::string columns() {
    return "order_id, user_id, status, address, customer_name, " + db::rfc3339("created_at") +
           ", " + db::rfc3339("sent_at") + ", " + db::rfc3339("received_at") + ", " +
           db::rfc3339("cancelled_at");
}

Delivery toDelivery(const db::Result& rows, int row) {
    return Delivery{
        rows.int64(row, 0),          rows.int64(row, 1),          rows.string(row, 2),
        rows.string(row, 3),         rows.string(row, 4),         rows.string(row, 5),
        rows.optionalString(row, 6), rows.optionalString(row, 7), rows.optionalString(row, 8)};
}

nlohmann::json orNull(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json Delivery::toJson() const {
    return {{"order_id", orderId},
            {"user_id", userId},
            {"status", status},
            {"address", address},
            {"customer_name", customerName},
            {"created_at", createdAt},
            {"sent_at", orNull(sentAt)},
            {"received_at", orNull(receivedAt)},
            {"cancelled_at", orNull(cancelledAt)}};
}

std::optional<Delivery> DeliveryRepository::insert(db::Transaction& tx, std::int64_t orderId,
                                                   std::int64_t userId, const std::string& address,
                                                   const std::string& customerName) {
    const auto rows = tx.exec("INSERT INTO " + m_schema +
                                  ".deliveries (order_id, user_id, status, address, "
                                  "customer_name) VALUES ($1, $2, 'awaiting_shipment', $3, $4) ON "
                                  "CONFLICT DO NOTHING RETURNING " +
                                  columns(),
                              {orderId, userId, address, customerName});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toDelivery(rows, 0);
}

std::optional<Delivery> DeliveryRepository::find(std::int64_t orderId) {
    const auto rows = m_pool.exec(
        "SELECT " + columns() + " FROM " + m_schema + ".deliveries WHERE order_id = $1", {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toDelivery(rows, 0);
}

std::optional<Delivery> DeliveryRepository::transition(db::Transaction& tx, std::int64_t orderId,
                                                       const std::string& from,
                                                       const std::string& to,
                                                       const std::string& timestampColumn) {
    const auto rows =
        tx.exec("UPDATE " + m_schema + ".deliveries SET status = $3, " + timestampColumn +
                    " = now(), updated_at = now() WHERE order_id = $1 AND status = "
                    "$2 RETURNING " +
                    columns(),
                {orderId, from, to});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toDelivery(rows, 0);
}

std::optional<Delivery> DeliveryRepository::insertCancelled(db::Transaction& tx,
                                                            std::int64_t orderId,
                                                            std::int64_t userId) {
    const auto rows = tx.exec("INSERT INTO " + m_schema +
                                  ".deliveries (order_id, user_id, status, address, customer_name, "
                                  "cancelled_at) VALUES ($1, $2, 'cancelled', '', '', now()) ON "
                                  "CONFLICT DO NOTHING RETURNING " +
                                  columns(),
                              {orderId, userId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toDelivery(rows, 0);
}

std::optional<Delivery> DeliveryRepository::lock(db::Transaction& tx, std::int64_t orderId) {
    const auto rows = tx.exec("SELECT " + columns() + " FROM " + m_schema +
                                  ".deliveries WHERE order_id = $1 FOR UPDATE",
                              {orderId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toDelivery(rows, 0);
}

std::vector<Delivery> DeliveryRepository::list(const std::optional<std::string>& status,
                                               std::optional<std::int64_t> before, int limit) {
    const auto rows = m_pool.exec("SELECT " + columns() + " FROM " + m_schema +
                                      ".deliveries WHERE ($1::text IS NULL OR status = $1) AND "
                                      "order_id < $2 ORDER BY order_id DESC LIMIT $3",
                                  {status, before.value_or(INT64_MAX), limit});
    std::vector<Delivery> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(toDelivery(rows, row));
    }
    return out;
}

} // namespace lotok::services::delivery
