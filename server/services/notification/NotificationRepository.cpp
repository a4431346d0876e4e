#include "NotificationRepository.h"

#include "db/Sql.h"

namespace lotok::services::notification {
namespace {

std::string columns() {
    return "id, user_id, type, order_id, message, " + db::rfc3339("created_at");
}

Notification toNotification(const db::Result& rows, int row) {
    return Notification{rows.int64(row, 0), rows.int64(row, 1),  rows.string(row, 2),
                        rows.int64(row, 3), rows.string(row, 4), rows.string(row, 5)};
}

} // namespace

nlohmann::json Notification::toJson() const {
    return {{"id", id},
            {"type", type},
            {"order_id", orderId},
            {"message", message},
            {"created_at", createdAt}};
}

std::optional<Notification> NotificationRepository::insert(db::Transaction& tx,
                                                           const Notification& notification,
                                                           const std::string& eventId) {
    const auto rows = tx.exec("INSERT INTO " + m_schema +
                                  ".notifications (user_id, type, order_id, message, event_id) "
                                  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING "
                                  "RETURNING " +
                                  columns(),
                              {notification.userId, notification.type, notification.orderId,
                               notification.message, eventId});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toNotification(rows, 0);
}

std::vector<Notification> NotificationRepository::listAfter(std::int64_t userId,
                                                            std::int64_t afterId, int limit) {
    const auto rows = m_pool.exec("SELECT " + columns() + " FROM " + m_schema +
                                      ".notifications WHERE user_id = $1 AND id > $2 ORDER BY id "
                                      "LIMIT $3",
                                  {userId, afterId, limit});
    std::vector<Notification> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(toNotification(rows, row));
    }
    return out;
}

} // namespace lotok::services::notification
