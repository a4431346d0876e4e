#include "DeliveryService.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/Events.h"

namespace lotok::services::delivery {

using http::ApiError;

Delivery DeliveryService::get(std::int64_t orderId, const lotok::auth::Caller& caller) {
    auto delivery = m_repository.find(orderId);
    if (!delivery || (delivery->userId != caller.userId && !caller.isStaff())) {
        throw ApiError::notFound("no delivery for order " + std::to_string(orderId));
    }
    return *delivery;
}

Delivery DeliveryService::advance(std::int64_t orderId, const std::string& from,
                                  const std::string& to, const std::string& timestampColumn,
                                  std::string_view eventType) {
    return m_repository.pool().transact([&](db::Transaction& tx) {
        auto delivery = m_repository.transition(tx, orderId, from, to, timestampColumn);
        if (!delivery) {
            const auto current = m_repository.find(orderId);
            if (!current) {
                throw ApiError::notFound("no delivery for order " + std::to_string(orderId));
            }
            throw ApiError(ErrorCode::InvalidTransition,
                           "the delivery is " + current->status + ", not " + from);
        }
        m_outbox.add(tx, eventType,
                     {{"order_id", orderId},
                      {"user_id", delivery->userId},
                      {"delivery", delivery->toJson()}});
        return *delivery;
    });
}

Delivery DeliveryService::markSent(std::int64_t orderId) {
    return advance(orderId, "awaiting_shipment", "sent", "sent_at", events::kOrderSent);
}

Delivery DeliveryService::markReceived(std::int64_t orderId) {
    return advance(orderId, "sent", "received", "received_at", events::kOrderReceived);
}

std::vector<Delivery> DeliveryService::list(const std::optional<std::string>& status,
                                            std::optional<std::int64_t> before, int limit) {
    return m_repository.list(status, before, limit);
}

void DeliveryService::onOrderConfirmed(const events::Event& event) {
    const auto orderId = event.payload.at("order_id").get<std::int64_t>();
    const auto userId = event.payload.at("user_id").get<std::int64_t>();
    if (m_repository.find(orderId)) {
        return; // a repeat: the delivery exists
    }
    // Asked before the transaction: no database connection waits on another service.
    const auto recipient = m_users.recipient(userId);
    m_repository.pool().transact([&](db::Transaction& tx) {
        if (!m_inbox.claim(tx, "delivery", event.id)) {
            return;
        }
        if (auto delivery =
                m_repository.insert(tx, orderId, userId, recipient.address, recipient.name)) {
            m_outbox.add(
                tx, events::kDeliveryCreated,
                {{"order_id", orderId}, {"user_id", userId}, {"delivery", delivery->toJson()}});
        }
    });
}

} // namespace lotok::services::delivery
