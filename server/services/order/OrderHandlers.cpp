#include "OrderHandlers.h"

#include "lotok/Events.h"

namespace lotok::services::order {

void OrderHandlers::onUserRegistered(const events::Event& event) {
    const auto userId = event.payload.at("user_id").get<std::int64_t>();
    // The event has the login but not the name: User is asked once, before the transaction,
    // so no database connection waits on another service.
    auto customer = m_users.customer(userId).value_or(
        Customer{userId, event.payload.value("login", ""), {}, {}});
    m_repository.pool().transact([&](db::Transaction& tx) {
        if (m_inbox.claim(tx, "order-customers", event.id)) {
            m_repository.upsertCustomer(tx, customer);
        }
    });
}

void OrderHandlers::onDeliveryEvent(const events::Event& event) {
    const auto orderId = event.payload.at("order_id").get<std::int64_t>();
    std::string stage = "awaiting_shipment";
    if (event.type == events::kOrderSent) {
        stage = "sent";
    } else if (event.type == events::kOrderReceived) {
        stage = "received";
    }
    // No inbox needed: the stage only moves forward, so a repeat changes nothing.
    m_repository.advanceDelivery(orderId, stage);
}

} // namespace lotok::services::order
