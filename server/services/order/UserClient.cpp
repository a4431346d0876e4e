#include "UserClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {

std::optional<Customer> UserClient::customer(std::int64_t userId) {
    const auto response =
        m_transport.get("/internal/api/v1/user/" + std::to_string(userId) + "/profile");
    if (response.status == 404) {
        return std::nullopt;
    }
    http::ApiError::throwUnless(response, 200, "user");
    const auto profile = response.json();
    return Customer{userId, profile.at("login").get<std::string>(), profile.value("first_name", ""),
                    profile.value("last_name", "")};
}

} // namespace lotok::services::order
