#include "DeliveryClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {

DeliveryCancel DeliveryClient::cancel(std::int64_t orderId, std::int64_t userId) {
    const auto response = m_transport.postJson("/internal/api/v1/delivery/cancel",
                                               {{"order_id", orderId}, {"user_id", userId}});
    if (response.status == 200) {
        return {true, "cancelled"};
    }
    const auto error = http::ApiError::fromResponse(response);
    if (error && error->code() == ErrorCode::InvalidTransition) {
        const auto body = response.json();
        return {false, body["error"].value("delivery_status", std::string("sent"))};
    }
    throw http::ApiError(ErrorCode::Unavailable,
                         "delivery answered " + std::to_string(response.status) +
                             (error ? std::string(": ") + error->what() : std::string()));
}

} // namespace lotok::services::order
