#include "UserClient.h"

#include "http/ApiError.h"

namespace lotok::services::notification {

Contact UserClient::contact(std::int64_t userId) {
    const auto response =
        m_transport.get("/internal/api/v1/user/" + std::to_string(userId) + "/profile");
    if (response.status != 200) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Unavailable, "user answered " + std::to_string(response.status)));
    }
    const auto profile = response.json();
    return Contact{
        profile.at("email").get<std::string>(), profile.at("first_name").get<std::string>(),
        profile.value("language", std::string("en")), profile.value("email_notifications", true)};
}

} // namespace lotok::services::notification
