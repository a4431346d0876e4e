#include "OrderHandlers.h"

#include "lotok/IntegrationEvents.h"

namespace lotok::services::order {

void OrderHandlers::subscribeTo(events::Consumer& consumer) {
    consumer.handle<events::UserRegistered>(
        "order-customers",
        // The event has the login but not the name: User is asked once, before the
        // transaction, so no database connection waits on another service.
        [this](const events::UserRegistered& event) {
            return m_users.customer(event.userId)
                .value_or(Customer{event.userId, event.login, {}, {}});
        },
        [this](db::Transaction& tx, const events::UserRegistered&, const events::Event&,
               const Customer& customer) { m_repository.upsertCustomer(tx, customer); });
    // The stage only moves forward, so events arriving late or out of order change nothing.
    consumer.handle<events::DeliveryCreated>(
        "order-delivery-created", [this](db::Transaction& tx, const events::DeliveryCreated& e) {
            m_repository.advanceDelivery(tx, e.orderId, "awaiting_shipment");
        });
    consumer.handle<events::OrderSent>("order-delivery-sent",
                                       [this](db::Transaction& tx, const events::OrderSent& e) {
                                           m_repository.advanceDelivery(tx, e.orderId, "sent");
                                       });
    consumer.handle<events::OrderReceived>(
        "order-delivery-received", [this](db::Transaction& tx, const events::OrderReceived& e) {
            m_repository.advanceDelivery(tx, e.orderId, "received");
        });
}

} // namespace lotok::services::order
