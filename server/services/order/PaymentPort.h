#pragma once

#include <cstdint>

namespace lotok::services::order {

enum class PaymentResult {
    Paid,
    InsufficientFunds,
};

// What the Order service needs from Billing: the payment for an order, taken once however
// often it is asked. BillingClient is the HTTP implementation; no answer at all throws
// ApiError(unavailable), as every port does.
class PaymentPort {
public:
    virtual ~PaymentPort() = default;
    virtual PaymentResult pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount) = 0;
};

} // namespace lotok::services::order
