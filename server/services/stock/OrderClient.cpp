#include "OrderClient.h"

#include "http/ApiError.h"

namespace lotok::services::stock {

std::optional<std::string> OrderClient::status(std::int64_t orderId) {
    if (!m_transport) {
        throw http::ApiError(ErrorCode::Unavailable, "Order is not reachable from here");
    }
    const auto response =
        m_transport->get("/internal/api/v1/order/" + std::to_string(orderId) + "/status");
    if (response.status == 404) {
        return std::nullopt;
    }
    const auto body = response.json();
    if (response.status != 200 || !body.is_object() || !body.contains("status") ||
        !body["status"].is_string()) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Unavailable, "order answered " + std::to_string(response.status)));
    }
    return body["status"].get<std::string>();
}

} // namespace lotok::services::stock
