#pragma once

#include "UserService.h"
#include "http/Router.h"

namespace lotok::services::user {

class UserApi {
public:
    explicit UserApi(UserService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    UserService& m_service;
};

} // namespace lotok::services::user
