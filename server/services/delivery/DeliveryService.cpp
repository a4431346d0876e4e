#include "DeliveryService.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"

namespace lotok::services::delivery {

using http::ApiError;

Delivery DeliveryService::get(std::int64_t orderId, const lotok::auth::Caller& caller) {
    auto delivery = m_repository.find(orderId);
    if (!delivery || (delivery->userId != caller.userId && !caller.isStaff())) {
        throw ApiError::notFound("no delivery for order " + std::to_string(orderId));
    }
    return *delivery;
}

template <typename Moved>
Delivery DeliveryService::advance(std::int64_t orderId, const std::string& from,
                                  const std::string& to, const std::string& timestampColumn) {
    return m_repository.pool().transact([&](db::Transaction& tx) {
        auto delivery = m_repository.transition(tx, orderId, from, to, timestampColumn);
        if (!delivery) {
            const auto current = m_repository.find(orderId);
            if (!current) {
                throw ApiError::notFound("no delivery for order " + std::to_string(orderId));
            }
            // In the state asked for after all: the delivery was created (its order's event
            // handled) after the update looked and before the lookup, so the move goes ahead.
            if (current->status == from) {
                delivery = m_repository.transition(tx, orderId, from, to, timestampColumn);
            }
            if (!delivery) {
                throw ApiError(ErrorCode::InvalidTransition,
                               "the delivery is " + current->status + ", not " + from);
            }
        }
        Moved moved;
        moved.orderId = orderId;
        moved.userId = delivery->userId;
        moved.delivery = delivery->toJson();
        m_outbox.add(tx, moved);
        return *delivery;
    });
}

Delivery DeliveryService::markSent(std::int64_t orderId) {
    return advance<events::OrderSent>(orderId, "awaiting_shipment", "sent", "sent_at");
}

Delivery DeliveryService::markReceived(std::int64_t orderId) {
    return advance<events::OrderReceived>(orderId, "sent", "received", "received_at");
}

DeliveryService::CancelOutcome DeliveryService::cancel(std::int64_t orderId, std::int64_t userId) {
    return m_repository.pool().transact([&](db::Transaction& tx) -> CancelOutcome {
        auto current = m_repository.lock(tx, orderId);
        if (!current) {
            if (auto cancelled = m_repository.insertCancelled(tx, orderId, userId)) {
                log::info("delivery of order {} cancelled before it was created", orderId);
                m_outbox.add(tx, events::DeliveryCancelled{{orderId, userId, cancelled->toJson()}});
                return {cancelled, "cancelled"};
            }
            // The confirmation's handler created the delivery meanwhile (the insert waited
            // for it): decide on that row.
            current = m_repository.lock(tx, orderId);
            if (!current) {
                throw ApiError(ErrorCode::Unavailable, "the delivery could not be locked");
            }
        }
        if (current->status == "cancelled") {
            return {current, "cancelled"}; // a repeat of the saga's step
        }
        if (current->status == "awaiting_shipment") {
            // Locked above, so markSent waits for this commit and then finds it cancelled.
            const auto cancelled = m_repository.transition(tx, orderId, "awaiting_shipment",
                                                           "cancelled", "cancelled_at");
            m_outbox.add(
                tx, events::DeliveryCancelled{{orderId, cancelled->userId, cancelled->toJson()}});
            return {cancelled, "cancelled"};
        }
        return {std::nullopt, current->status};
    });
}

std::vector<Delivery> DeliveryService::list(const std::optional<std::string>& status,
                                            std::optional<std::int64_t> before, int limit) {
    return m_repository.list(status, before, limit);
}

void DeliveryService::subscribeTo(events::Consumer& consumer) {
    consumer.handle<events::OrderConfirmed>(
        "delivery",
        // Asked before the transaction: no database connection waits on another service.
        [this](const events::OrderConfirmed& event) { return m_users.recipient(event.userId); },
        [this](db::Transaction& tx, const events::OrderConfirmed& event, const events::Event&,
               const Recipient& recipient) {
            if (auto delivery = m_repository.insert(tx, event.orderId, event.userId,
                                                    recipient.address, recipient.name)) {
                events::DeliveryCreated created;
                created.orderId = event.orderId;
                created.userId = event.userId;
                created.delivery = delivery->toJson();
                m_outbox.add(tx, created);
            }
        });
}

} // namespace lotok::services::delivery
