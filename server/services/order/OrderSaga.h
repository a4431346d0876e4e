#pragma once

#include "OrderRepository.h"
#include "PaymentPort.h"
#include "StockPort.h"
#include "events/Outbox.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lotok::services::order {

// Order creation as a saga: a list of steps, each with its compensation. Every step is
// idempotent on the other side (Stock reserves once per order, Billing pays once per order),
// so the saga can be run again from the top after a crash. It talks to the other services
// through ports, in the domain's terms: a refusal is a result, "no answer" an exception.
class OrderSaga {
public:
    OrderSaga(OrderRepository& repository, StockPort& stock, PaymentPort& billing,
              events::Outbox& outbox)
        : m_repository(repository), m_stock(stock), m_billing(billing), m_outbox(outbox) {}

    // Drives a pending order to confirmed or rejected and returns it as decided. When a
    // step cannot be completed (a service is down) it throws ApiError(unavailable) and the
    // order stays pending, for recovery to resume.
    Order run(const Order& order);

private:
    struct Step {
        std::string_view name;
        // A reason ("insufficient_stock") when the step decides the order is rejected.
        std::function<std::optional<std::string>(const Order&)> action;
        std::function<void(const Order&)> compensation; // empty: nothing to undo
    };
    std::vector<Step> steps();
    Order decide(const Order& order, const std::string& status,
                 const std::optional<std::string>& reason);

    OrderRepository& m_repository;
    StockPort& m_stock;
    PaymentPort& m_billing;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::order
