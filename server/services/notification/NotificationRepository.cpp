#include "NotificationRepository.h"

#include "db/Sql.h"

namespace lotok::services::notification {
namespace {

std::string columns() {
    return "id, user_id, type, order_id, message, " + db::rfc3339("created_at") + ", read";
}

Notification toNotification(const db::Result& rows, int row) {
    return Notification{rows.int64(row, 0),  rows.int64(row, 1),  rows.string(row, 2),
                        rows.int64(row, 3),  rows.string(row, 4), rows.string(row, 5),
                        rows.boolean(row, 6)};
}

} // namespace

nlohmann::json Notification::toJson() const {
    return {{"id", id},
            {"type", type},
            {"order_id", orderId},
            {"message", message},
            {"created_at", createdAt},
            {"read", read}};
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

std::optional<std::int64_t> NotificationRepository::markRead(std::int64_t userId,
                                                             std::int64_t upTo) {
    return m_pool.transact([&](db::Transaction& tx) -> std::optional<std::int64_t> {
        // Someone else's id and a missing one answer alike: nothing says the id exists.
        if (tx.exec("SELECT 1 FROM " + m_schema + ".notifications WHERE id = $1 AND user_id = $2",
                    {upTo, userId})
                .empty()) {
            return std::nullopt;
        }
        tx.exec("UPDATE " + m_schema +
                    ".notifications SET read = true WHERE user_id = $1 AND id <= $2 AND NOT read",
                {userId, upTo});
        const auto rows = tx.exec("SELECT count(*) FROM " + m_schema +
                                      ".notifications WHERE user_id = $1 AND NOT read",
                                  {userId});
        return rows.int64(0, 0);
    });
}

} // namespace lotok::services::notification
