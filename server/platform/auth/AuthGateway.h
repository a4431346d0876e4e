#pragma once

#include "auth/Authenticator.h"
#include "http/ServiceTransport.h"

namespace lotok::auth {

// Authenticates by asking the Auth service (GET /internal/api/v1/auth), wherever it runs.
// Nothing is cached: a logout must take effect on the very next request.
class AuthGateway : public Authenticator {
public:
    explicit AuthGateway(http::ServiceTransport& authService) : m_authService(authService) {}
    std::optional<Caller> authenticate(const std::string& token) override;

private:
    http::ServiceTransport& m_authService;
};

} // namespace lotok::auth
