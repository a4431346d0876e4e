#include "OrderSaga.h"

#include "http/ApiError.h"
#include "log/FieldScope.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"
#include "metrics/Metrics.h"

#include <algorithm>

namespace lotok::services::order {

using http::ApiError;

std::vector<OrderSaga::Step> OrderSaga::steps() {
    return {
        {"reserve stock",
         [this](const Order& order) -> std::optional<std::string> {
             std::vector<Reservation> items;
             for (const auto& item : order.items) {
                 items.push_back({item.positionId, item.count});
             }
             if (m_stock.reserveAll(order.id, items) == ReserveResult::InsufficientStock) {
                 return "insufficient_stock";
             }
             return std::nullopt;
         },
         // Releases whatever this order holds (a crash may have left some reserved).
         [this](const Order& order) { m_stock.release(order.id); }},
        {"take payment",
         [this](const Order& order) -> std::optional<std::string> {
             if (m_billing.pay(order.userId, order.id, order.total) ==
                 PaymentResult::InsufficientFunds) {
                 return "insufficient_funds";
             }
             return std::nullopt;
         },
         {}},
    };
}

namespace {

// outcome: confirmed, rejected (with the step's reason, a code from the step table: a
// bounded label) or pending (a step could not complete; recovery resumes it).
void countOutcome(const std::string& outcome, const std::string& reason) {
    metrics::Registry::global()
        .counter("lotok_orders_total", "Saga runs by outcome (pending: a step could not complete)",
                 {{"outcome", outcome}, {"reason", reason}})
        .inc();
}

} // namespace

Order OrderSaga::run(const Order& order) {
    // Every line of the run, the clients' and the outbox's included, names the order.
    log::FieldScope fields;
    fields.add("order_id", order.id);
    const auto plan = steps();
    for (std::size_t i = 0; i < plan.size(); ++i) {
        std::optional<std::string> reason;
        try {
            reason = plan[i].action(order);
        } catch (const ApiError& error) {
            log::warn("order: step '{}' could not complete, order stays pending: {}", plan[i].name,
                      error.what());
            countOutcome("pending", "");
            throw ApiError(ErrorCode::Unavailable,
                           "the order could not be completed now; it will be retried");
        }
        if (reason) {
            for (std::size_t k = i + 1; k-- > 0;) {
                if (plan[k].compensation) {
                    plan[k].compensation(order);
                }
            }
            log::info("order rejected at '{}': {}", plan[i].name, *reason);
            countOutcome("rejected", *reason);
            return decide(order, "rejected", reason);
        }
    }
    countOutcome("confirmed", "");
    log::info("order confirmed");
    return decide(order, "confirmed", std::nullopt);
}

Order OrderSaga::decide(const Order& order, const std::string& status,
                        const std::optional<std::string>& reason) {
    std::optional<Order> decided;
    m_repository.pool().transact([&](db::Transaction& tx) {
        decided = m_repository.decide(tx, order.id, status, reason);
        if (!decided) {
            return; // decided meanwhile by another run of this saga
        }
        if (status == "confirmed") {
            events::OrderConfirmed confirmed{order.id, order.userId, {}, order.total};
            for (const auto& item : order.items) {
                confirmed.items.push_back({item.positionId, item.name, item.count, item.price});
            }
            m_outbox.add(tx, confirmed);
        } else {
            m_outbox.add(tx, events::OrderRejected{order.id, order.userId, *reason});
        }
    });
    if (!decided) {
        return *m_repository.find(order.id);
    }
    // The row as the UPDATE returned it, with the items the saga already holds (in the order
    // a read returns them): two queries fewer on every order.
    decided->items = order.items;
    std::sort(decided->items.begin(), decided->items.end(),
              [](const OrderItem& a, const OrderItem& b) { return a.positionId < b.positionId; });
    return *decided;
}

} // namespace lotok::services::order
