#include "UserClient.h"

#include "http/ApiError.h"

namespace lotok::services::delivery {

Recipient UserClient::recipient(std::int64_t userId) {
    const auto response =
        m_transport.get("/internal/api/v1/user/" + std::to_string(userId) + "/profile");
    http::ApiError::throwUnless(response, 200, "user");
    const auto profile = response.json();
    return Recipient{profile.at("first_name").get<std::string>() + " " +
                         profile.at("last_name").get<std::string>(),
                     profile.at("address").get<std::string>()};
}

} // namespace lotok::services::delivery
