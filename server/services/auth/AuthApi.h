#pragma once

#include "AuthService.h"
#include "http/Router.h"

namespace lotok::services::auth {

// The Auth routes of the contract: login, logout, and the internal auth and register calls.
class AuthApi {
public:
    explicit AuthApi(AuthService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    AuthService& m_service;
};

} // namespace lotok::services::auth
