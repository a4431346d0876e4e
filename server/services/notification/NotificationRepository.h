#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::notification {

struct Notification {
    std::int64_t id = 0;
    std::int64_t userId = 0;
    std::string type;
    std::int64_t orderId = 0;
    std::string message;
    std::string createdAt;
    bool read = false;

    nlohmann::json toJson() const;
};

class NotificationRepository {
public:
    NotificationRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}
    db::Pool& pool() { return m_pool; }

    // nullopt when this event already produced its notification.
    std::optional<Notification> insert(db::Transaction& tx, const Notification& notification,
                                       const std::string& eventId);
    std::vector<Notification> listAfter(std::int64_t userId, std::int64_t afterId, int limit);
    // Marks the user's notifications up to upTo (one of theirs) read; the unread count left,
    // or nullopt when upTo is not one of the user's notifications.
    std::optional<std::int64_t> markRead(std::int64_t userId, std::int64_t upTo);

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::notification
