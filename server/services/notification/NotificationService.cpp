#include "NotificationService.h"

#include "lotok/Events.h"
#include "lotok/Limits.h"

namespace lotok::services::notification {
namespace {

struct Wording {
    std::string_view type;
    std::string_view text;
};

Wording wordingFor(const events::Event& event) {
    if (event.type == events::kOrderConfirmed) {
        return {"order_ready_for_delivery", "is confirmed and ready for delivery"};
    }
    if (event.type == events::kOrderRejected) {
        return {"order_rejected", event.payload.value("reason", "") == "insufficient_funds"
                                      ? "was rejected: the balance was too low"
                                      : "was rejected: not enough goods in stock"};
    }
    if (event.type == events::kOrderSent) {
        return {"order_sent", "has been sent"};
    }
    return {"order_delivered", "has been delivered"};
}

} // namespace

std::string NotificationService::pushMessage(const Notification& notification) {
    return nlohmann::json{{"type", "notification"}, {"notification", notification.toJson()}}.dump();
}

std::vector<ws::NumberedMessage> NotificationService::history(std::int64_t userId,
                                                              std::int64_t afterId) {
    std::vector<ws::NumberedMessage> out;
    // Page through so that a client long offline still gets everything, in order.
    for (;;) {
        const auto page = m_repository.listAfter(userId, afterId, limits::kNotificationsPageMax);
        for (const auto& notification : page) {
            out.push_back({notification.id, pushMessage(notification)});
            afterId = notification.id;
        }
        if (page.size() < static_cast<std::size_t>(limits::kNotificationsPageMax)) {
            return out;
        }
    }
}

void NotificationService::onOrderEvent(const events::Event& event) {
    const auto wording = wordingFor(event);
    Notification notification;
    notification.userId = event.payload.at("user_id").get<std::int64_t>();
    notification.orderId = event.payload.at("order_id").get<std::int64_t>();
    notification.type = std::string(wording.type);
    notification.message =
        "Order #" + std::to_string(notification.orderId) + " " + std::string(wording.text);
    m_repository.pool().transact([&](db::Transaction& tx) {
        // The notifications table's unique event_id is this consumer's inbox.
        if (auto stored = m_repository.insert(tx, notification, event.id)) {
            tx.afterCommit([this, stored = *stored] {
                m_hub.sendToUser("notifications", stored.userId, {stored.id, pushMessage(stored)});
            });
        }
    });
}

void NotificationService::onStaffEvent(const events::Event& event) {
    // Staff screens refresh from the latest state; nothing to store or deduplicate.
    if (event.payload.contains("position")) {
        m_hub.broadcast(
            "staff",
            nlohmann::json{{"type", "position"}, {"position", event.payload["position"]}}.dump());
    } else if (event.payload.contains("delivery")) {
        m_hub.broadcast(
            "staff",
            nlohmann::json{{"type", "delivery"}, {"delivery", event.payload["delivery"]}}.dump());
    }
}

void NotificationService::onSessionRevoked(const events::Event& event) {
    m_hub.closeSession(event.payload.value("session_key", ""));
}

} // namespace lotok::services::notification
