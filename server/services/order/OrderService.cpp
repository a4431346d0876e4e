#include "OrderService.h"

#include "http/ApiError.h"
#include "log/FieldScope.h"
#include "log/Log.h"
#include "lotok/Limits.h"
#include "lotok/Money.h"
#include "metrics/Metrics.h"

namespace lotok::services::order {

using http::ApiError;

PlaceOutcome OrderService::replay(std::int64_t userId, const std::string& idempotencyKey,
                                  const std::string& fingerprint) {
    const auto existing = m_repository.findByIdempotencyKey(userId, idempotencyKey);
    if (!existing) {
        throw ApiError(ErrorCode::Unavailable, "the order with this Idempotency-Key is gone");
    }
    if (existing->requestHash != fingerprint) {
        throw ApiError(ErrorCode::IdempotencyKeyReused,
                       "this Idempotency-Key was used for a different order");
    }
    return PlaceOutcome{existing->status == "pending" ? m_saga.run(*existing) : *existing, true};
}

PlaceOutcome OrderService::place(std::int64_t userId, std::vector<OrderItem> items,
                                 const std::optional<std::string>& idempotencyKey,
                                 const std::string& fingerprint) {
    std::vector<std::int64_t> ids;
    for (const auto& item : items) {
        ids.push_back(item.positionId);
    }
    const auto catalogue = m_stock.positions(ids);
    Order order;
    order.userId = userId;
    order.idempotencyKey = idempotencyKey;
    order.requestHash = idempotencyKey ? std::optional(fingerprint) : std::nullopt;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto& item = items[i];
        const auto found = catalogue.find(item.positionId);
        if (found == catalogue.end()) {
            throw ApiError(ErrorCode::NotFound, "no position " + std::to_string(item.positionId),
                           "items[" + std::to_string(i) + "].position_id");
        }
        item.name = found->second.name;
        item.price = found->second.price;
        const auto line = money::multiply(item.price, item.count);
        const auto total = line ? money::add(order.total, *line) : std::nullopt;
        if (!total || *total > limits::kMaxAmount) {
            throw ApiError::invalid("items", "the order total may not exceed " +
                                                 money::toDecimalString(limits::kMaxAmount));
        }
        order.total = *total;
    }
    order.items = std::move(items);

    // A repeated Idempotency-Key is found by the insert itself (ON CONFLICT): a first
    // request, the common case, costs no lookup before it.
    auto pending = m_repository.insertPending(order, m_leaseSeconds);
    if (!pending) {
        if (!idempotencyKey) {
            throw ApiError(ErrorCode::Internal, "the order was not stored");
        }
        return replay(userId, *idempotencyKey, fingerprint);
    }
    log::debug("order {} placed by user {}", pending->id, userId);
    return PlaceOutcome{m_saga.run(*pending), false};
}

std::optional<std::string> OrderService::statusOf(std::int64_t id) {
    const auto order = m_repository.find(id);
    if (!order) {
        return std::nullopt;
    }
    return order->status;
}

Order OrderService::get(std::int64_t id, const lotok::auth::Caller& caller) {
    auto order = m_repository.find(id);
    // Someone else's order is as good as missing: no hint that it exists.
    if (!order || (order->userId != caller.userId && !caller.isStaff() && !caller.isService())) {
        throw ApiError::notFound("no order " + std::to_string(id));
    }
    return *order;
}

std::vector<Order> OrderService::list(std::int64_t userId, std::optional<std::int64_t> before,
                                      int limit) {
    return m_repository.listForUser(userId, before, limit);
}

std::vector<StaffOrder> OrderService::listAll(const StaffOrderFilter& filter,
                                              std::optional<std::int64_t> before, int limit) {
    return m_repository.listAll(filter, before, limit);
}

CancelOutcome OrderService::cancel(std::int64_t orderId, const lotok::auth::Caller& caller,
                                   const std::optional<std::string>& idempotencyKey,
                                   const std::string& fingerprint) {
    const auto order = get(orderId, caller); // someone else's order is 404
    // The same request again: its first answer, or the saga resumed if it is still running.
    const auto replay = [&](const Cancellation& existing) {
        if (existing.requestHash != fingerprint) {
            throw ApiError(ErrorCode::IdempotencyKeyReused,
                           "this Idempotency-Key was used for a different request");
        }
        auto outcome = existing.state == "requested"
                           ? m_cancelSaga.run(existing)
                           : CancelOutcome{*m_repository.find(orderId), std::nullopt, {}};
        outcome.replayed = true;
        return outcome;
    };
    if (idempotencyKey) {
        if (const auto existing =
                m_repository.findCancellationByKey(caller.userId, *idempotencyKey)) {
            return replay(*existing);
        }
    }
    const auto request = m_repository.requestCancel(
        orderId, caller.userId, idempotencyKey,
        idempotencyKey ? std::optional(fingerprint) : std::nullopt, m_leaseSeconds);
    if (!request) {
        throw ApiError::notFound("no order " + std::to_string(orderId));
    }
    if (request->inserted) {
        return m_cancelSaga.run(*request->cancellation);
    }
    // A concurrent repeat of this very request got its row in first: wait for its answer.
    if (idempotencyKey && request->cancellation &&
        request->cancellation->requestedBy == caller.userId &&
        request->cancellation->idempotencyKey == idempotencyKey) {
        return replay(*request->cancellation);
    }
    const auto refuse = [&](std::string reason, std::string message) {
        return CancelOutcome{order, std::move(reason), std::move(message)};
    };
    if (request->status == "pending") {
        return refuse("not_cancellable", "the order is still being placed; try again in a moment");
    }
    if (request->status == "rejected") {
        return refuse("not_cancellable", "a rejected order has nothing to cancel");
    }
    if (request->status == "cancelled") {
        return refuse("already_cancelled", "the order is already cancelled");
    }
    if (request->cancellation) {
        return refuse("already_cancelled", "the order is already being cancelled");
    }
    return refuse("already_sent",
                  std::string("the order has already been ") +
                      (request->deliveryStatus == "received" ? "delivered" : "sent"));
}

int OrderService::recoverAbandoned() {
    int resumed = 0;
    for (auto id : m_repository.claimAbandonedCancellations(m_leaseSeconds, 50)) {
        const auto cancellation = m_repository.findCancellation(id);
        if (!cancellation || cancellation->state != "requested") {
            continue;
        }
        log::FieldScope fields;
        fields.add("order_id", id);
        try {
            const auto outcome = m_cancelSaga.run(*cancellation);
            log::info("resumed cancel: {}", outcome.refusal.value_or(outcome.order.status));
            ++resumed;
        } catch (const std::exception& error) {
            log::warn("could not resume the cancel yet: {}", error.what());
        }
    }
    for (auto id : m_repository.claimAbandoned(m_leaseSeconds, 50)) {
        const auto order = m_repository.find(id);
        if (!order || order->status != "pending") {
            continue;
        }
        log::FieldScope fields;
        fields.add("order_id", id);
        try {
            const auto decided = m_saga.run(*order);
            log::info("resumed order: {}", decided.status);
            metrics::Registry::global()
                .counter("lotok_orders_recovered_total",
                         "Pending orders whose lease ran out that recovery decided")
                .inc();
            ++resumed;
        } catch (const std::exception& error) {
            log::warn("could not resume the order yet: {}", error.what());
        }
    }
    return resumed;
}

void OrderService::startRecovery() {
    m_recovery.start();
}

void OrderService::stopRecovery() {
    m_recovery.stop();
}

} // namespace lotok::services::order
