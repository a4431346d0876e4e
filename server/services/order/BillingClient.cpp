#include "BillingClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {

PaymentResult BillingClient::pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount) {
    const auto response =
        m_transport.postJson("/internal/api/v1/payment",
                             {{"user_id", userId}, {"order_id", orderId}, {"amount", amount}});
    if (response.status == 200) {
        return PaymentResult::Paid;
    }
    const auto error = http::ApiError::fromResponse(response);
    if (error && error->code() == ErrorCode::InsufficientFunds) {
        return PaymentResult::InsufficientFunds;
    }
    throw http::ApiError(ErrorCode::Unavailable,
                         "billing answered " + std::to_string(response.status) +
                             (error ? std::string(": ") + error->what() : std::string()));
}

} // namespace lotok::services::order
