#pragma once

#include "AuthService.h"
#include "http/Router.h"

namespace lotok::services::auth {

// The Auth routes of the contract: login, logout, and the internal auth and register calls.
class AuthApi {
public:
    // behindTls: clients come over HTTPS through a proxy ([server] public_https), so every
    // request counts as secure. allowPlainSessions: sign-ins over plain HTTP from other
    // machines are served anyway ([server] allow_plain_http_sessions).
    AuthApi(AuthService& service, bool behindTls, bool allowPlainSessions)
        : m_service(service), m_behindTls(behindTls), m_allowPlainSessions(allowPlainSessions) {}
    void registerRoutes(http::Router& router);

private:
    // The cookie is Secure whenever the client's connection is TLS: a browser then never
    // sends it over plain HTTP.
    std::string cookie(const http::HttpRequest& request, const std::string& value,
                       int maxAgeSeconds) const;
    bool secure(const http::HttpRequest& request) const { return m_behindTls || request.secure; }

    AuthService& m_service;
    bool m_behindTls;
    bool m_allowPlainSessions;
};

} // namespace lotok::services::auth
