#include "BillingClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {

void BillingClient::pay(std::int64_t userId, std::int64_t orderId, std::int64_t amount) {
    const auto response =
        m_transport.postJson("/internal/api/v1/payment",
                             {{"user_id", userId}, {"order_id", orderId}, {"amount", amount}});
    if (response.status != 200) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Unavailable, "billing answered " + std::to_string(response.status)));
    }
}

} // namespace lotok::services::order
