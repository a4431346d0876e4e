#include "CancelSaga.h"

#include "http/ApiError.h"
#include "log/FieldScope.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"
#include "metrics/Metrics.h"

namespace lotok::services::order {

using http::ApiError;

namespace {

// outcome: cancelled, refused (the delivery was on its way) or pending (Delivery gave no
// answer; recovery resumes it).
void countOutcome(const std::string& outcome) {
    metrics::Registry::global()
        .counter("lotok_order_cancels_total",
                 "Cancel saga runs by outcome (pending: Delivery could not be asked)",
                 {{"outcome", outcome}})
        .inc();
}

} // namespace

CancelOutcome CancelSaga::run(const Cancellation& cancellation) {
    log::FieldScope fields;
    fields.add("order_id", cancellation.orderId);
    auto order = m_repository.find(cancellation.orderId);
    if (!order) {
        throw ApiError(ErrorCode::Internal, "the order to cancel is gone");
    }
    if (order->status == "cancelled") {
        return {*order, std::nullopt, {}}; // another run of this saga got there first
    }

    DeliveryCancel delivery;
    try {
        delivery = m_delivery.cancel(order->id, order->userId);
    } catch (const ApiError& error) {
        log::warn("order: delivery could not be cancelled now, the cancel stays requested: {}",
                  error.what());
        countOutcome("pending");
        throw ApiError(ErrorCode::Unavailable,
                       "the order could not be cancelled now; it will be retried");
    }
    if (!delivery.cancelled) {
        // Nothing was changed anywhere: the request is forgotten, as any refused request.
        m_repository.dropCancellation(order->id);
        log::info("cancel refused: the delivery is {}", delivery.status);
        countOutcome("refused");
        return {*order, "already_sent",
                std::string("the order has already been ") +
                    (delivery.status == "received" ? "delivered" : "sent")};
    }

    m_repository.pool().transact([&](db::Transaction& tx) {
        if (!m_repository.markCancelled(tx, order->id)) {
            return; // cancelled meanwhile by another run of this saga
        }
        events::OrderCancelled cancelled;
        cancelled.orderId = order->id;
        cancelled.userId = order->userId;
        cancelled.total = order->total;
        cancelled.cancelledBy = cancellation.requestedBy;
        for (const auto& item : order->items) {
            cancelled.items.push_back({item.positionId, item.name, item.count, item.price});
        }
        m_outbox.add(tx, cancelled);
    });
    log::info("order cancelled");
    countOutcome("cancelled");
    return {*m_repository.find(order->id), std::nullopt, {}};
}

} // namespace lotok::services::order
