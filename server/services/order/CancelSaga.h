#pragma once

#include "DeliveryPort.h"
#include "OrderRepository.h"
#include "events/Outbox.h"

#include <optional>
#include <string>

namespace lotok::services::order {

// What a cancel came to: the order (cancelled, or as it was when refused) and, when refused,
// why: `refusal` is not_cancellable (pending, rejected), already_cancelled or already_sent
// (sent or received), with a message for people.
struct CancelOutcome {
    Order order;
    std::optional<std::string> refusal;
    std::string message;
    bool replayed = false;
};

// Cancelling a confirmed order as a saga of its own, run after the request is recorded
// (OrderRepository::requestCancel):
//
// | step | action (idempotent on the other side) | on refusal |
// |---|---|---|
// | cancel the delivery | `POST /internal/api/v1/delivery/cancel` (Delivery's row lock decides
// against "mark sent") | forget the request: nothing was changed | | decide | `cancelled` +
// `order.order_cancelled` in one transaction | — |
//
// The event does the rest, each consumer exactly once by its inbox: Stock returns the goods,
// Billing refunds the payment, Notification tells the customer. A step that cannot complete
// (Delivery down) leaves the request recorded, for recovery to resume when its lease runs out.
class CancelSaga {
public:
    CancelSaga(OrderRepository& repository, DeliveryPort& delivery, events::Outbox& outbox)
        : m_repository(repository), m_delivery(delivery), m_outbox(outbox) {}

    // Throws ApiError(unavailable) when Delivery gave no answer.
    CancelOutcome run(const Cancellation& cancellation);

private:
    OrderRepository& m_repository;
    DeliveryPort& m_delivery;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::order
