#pragma once

#include "AuthService.h"
#include "http/Router.h"

namespace lotok::services::auth {

// The Auth routes of the contract: login, logout, and the internal auth and register calls.
class AuthApi {
public:
    // secureCookie: clients come over HTTPS, so the session cookie is never sent in clear.
    AuthApi(AuthService& service, bool secureCookie)
        : m_service(service), m_secureCookie(secureCookie) {}
    void registerRoutes(http::Router& router);

private:
    std::string cookie(const std::string& value, int maxAgeSeconds) const;

    AuthService& m_service;
    bool m_secureCookie;
};

} // namespace lotok::services::auth
