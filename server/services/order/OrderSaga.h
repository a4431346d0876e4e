#pragma once

#include "BillingClient.h"
#include "OrderRepository.h"
#include "StockClient.h"
#include "events/Outbox.h"

#include <functional>
#include <string_view>
#include <vector>

namespace lotok::services::order {

// Order creation as a saga: a list of steps, each with its compensation. Every step is
// idempotent on the other side (Stock reserves once per order and position, Billing pays
// once per order), so the saga can be run again from the top after a crash.
class OrderSaga {
public:
    OrderSaga(OrderRepository& repository, StockClient& stock, BillingClient& billing,
              events::Outbox& outbox)
        : m_repository(repository), m_stock(stock), m_billing(billing), m_outbox(outbox) {}

    // Drives a pending order to confirmed or rejected and returns it as decided. When a
    // step cannot be completed (a service is down) it throws ApiError(unavailable) and the
    // order stays pending, for recovery to resume.
    Order run(const Order& order);

private:
    struct Step {
        std::string_view name;
        std::function<void(const Order&)> action;
        std::function<void(const Order&)> compensation; // empty: nothing to undo
    };
    std::vector<Step> steps();
    Order decide(const Order& order, const std::string& status,
                 const std::optional<std::string>& reason);

    OrderRepository& m_repository;
    StockClient& m_stock;
    BillingClient& m_billing;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::order
