#include "AuthClient.h"

#include "http/ApiError.h"

namespace lotok::services::user {

void AuthClient::registerCredentials(std::int64_t userId, const std::string& login,
                                     const std::string& password, const std::string& role) {
    const auto response = m_transport.postJson(
        "/internal/api/v1/register",
        {{"user_id", userId}, {"login", login}, {"password", password}, {"role", role}});
    if (response.status != 201) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Unavailable, "auth answered " + std::to_string(response.status)));
    }
}

} // namespace lotok::services::user
