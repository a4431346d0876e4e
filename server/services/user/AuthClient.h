#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <string>

namespace lotok::services::user {

// The User service's view of Auth: it hands over the credentials of a new user.
class AuthClient {
public:
    explicit AuthClient(http::ServiceTransport& transport) : m_transport(transport) {}
    // Throws ApiError (login_taken, invalid_request, unavailable) as Auth answered.
    void registerCredentials(std::int64_t userId, const std::string& login,
                             const std::string& password, const std::string& role);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::user
