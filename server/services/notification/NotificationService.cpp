#include "NotificationService.h"

#include "http/ApiError.h"
#include "lotok/IntegrationEvents.h"
#include "lotok/Limits.h"

namespace lotok::services::notification {
std::string NotificationService::pushMessage(const Notification& notification) {
    return nlohmann::json{{"type", "notification"}, {"notification", notification.toJson()}}.dump();
}

std::int64_t NotificationService::markRead(std::int64_t userId, std::int64_t upTo) {
    const auto unread = m_repository.markRead(userId, upTo);
    if (!unread) {
        throw http::ApiError::notFound("no notification " + std::to_string(upTo));
    }
    return *unread;
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

void NotificationService::notify(db::Transaction& tx, const std::string& eventId,
                                 std::int64_t userId, std::int64_t orderId, std::string_view type,
                                 std::string_view text, const std::string& detail) {
    Notification notification;
    notification.userId = userId;
    notification.orderId = orderId;
    notification.type = std::string(type);
    notification.message = "Order #" + std::to_string(orderId) + " " + std::string(text);
    // One user's notifications are numbered, and written to the outbox, in one order even
    // when two replicas store two of them at once: the client resumes by that number.
    tx.exec("SELECT pg_advisory_xact_lock(7240532, $1::int)",
            {static_cast<int>(userId % 2147483647)});
    // The notifications table's unique event_id keeps it to one per event, as the inbox does.
    if (auto stored = m_repository.insert(tx, notification, eventId)) {
        // Pushed by every replica that holds a socket of this user, not only by this one.
        m_outbox.add(tx, events::NotificationCreated{stored->userId, stored->id, stored->toJson()});
        if (m_mail) {
            m_mail->enqueue(tx, stored->id, stored->userId, detail);
        }
    }
}

void NotificationService::toStaff(std::string_view kind, const nlohmann::json& body) {
    // Staff screens refresh from the latest state; nothing to store or deduplicate.
    m_hub.broadcast("staff", nlohmann::json{{"type", kind}, {kind, body}}.dump());
}

void NotificationService::subscribeTo(events::Consumer& consumer) {
    using events::Event;
    consumer.handle<events::OrderConfirmed>(
        "notification",
        [this](db::Transaction& tx, const events::OrderConfirmed& event, const Event& headers) {
            notify(tx, headers.id, event.userId, event.orderId, "order_ready_for_delivery",
                   "is confirmed and ready for delivery");
        });
    consumer.handle<events::OrderRejected>(
        "notification",
        [this](db::Transaction& tx, const events::OrderRejected& event, const Event& headers) {
            notify(tx, headers.id, event.userId, event.orderId, "order_rejected",
                   event.reason == "insufficient_funds" ? "was rejected: the balance was too low"
                                                        : "was rejected: not enough goods in stock",
                   event.reason);
        });
    consumer.handle<events::OrderCancelled>(
        "notification",
        [this](db::Transaction& tx, const events::OrderCancelled& event, const Event& headers) {
            notify(tx, headers.id, event.userId, event.orderId, "order_cancelled",
                   "was cancelled; its payment goes back to your balance");
        });
    consumer.handle<events::OrderSent>(
        "notification",
        [this](db::Transaction& tx, const events::OrderSent& event, const Event& headers) {
            notify(tx, headers.id, event.userId, event.orderId, "order_sent", "has been sent");
        });
    consumer.handle<events::OrderReceived>(
        "notification",
        [this](db::Transaction& tx, const events::OrderReceived& event, const Event& headers) {
            notify(tx, headers.id, event.userId, event.orderId, "order_delivered",
                   "has been delivered");
        });
    // Each replica pushes to the sockets it holds and closes the sockets it holds.
    consumer.observe<events::NotificationCreated>(
        "notification-pushes", [this](const events::NotificationCreated& event) {
            m_hub.sendToUser(
                "notifications", event.userId,
                {event.notificationId,
                 nlohmann::json{{"type", "notification"}, {"notification", event.notification}}
                     .dump()});
        });
    consumer.observe<events::PositionChanged>(
        "notification-staff",
        [this](const events::PositionChanged& event) { toStaff("position", event.position); });
    consumer.observe<events::DeliveryCreated>(
        "notification-staff",
        [this](const events::DeliveryCreated& event) { toStaff("delivery", event.delivery); });
    consumer.observe<events::DeliveryCancelled>(
        "notification-staff",
        [this](const events::DeliveryCancelled& event) { toStaff("delivery", event.delivery); });
    consumer.observe<events::OrderSent>(
        "notification-staff",
        [this](const events::OrderSent& event) { toStaff("delivery", event.delivery); });
    consumer.observe<events::OrderReceived>(
        "notification-staff",
        [this](const events::OrderReceived& event) { toStaff("delivery", event.delivery); });
    consumer.observe<events::SessionRevoked>(
        "notification-sessions",
        [this](const events::SessionRevoked& event) { m_hub.closeSession(event.sessionKey); });
}

} // namespace lotok::services::notification
