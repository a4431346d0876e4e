#include "AuthClient.h"

#include "http/ApiError.h"

namespace lotok::services::user {

void AuthClient::registerCredentials(std::int64_t userId, const std::string& login,
                                     const std::string& password, const std::string& role) {
    const auto response = m_transport.postJson(
        "/internal/api/v1/register",
        {{"user_id", userId}, {"login", login}, {"password", password}, {"role", role}});
    http::ApiError::throwUnless(response, 201, "auth");
}

} // namespace lotok::services::user
