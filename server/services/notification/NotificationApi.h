#pragma once

#include "NotificationService.h"
#include "http/Router.h"

namespace lotok::services::notification {

class NotificationApi {
public:
    explicit NotificationApi(NotificationService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    NotificationService& m_service;
};

} // namespace lotok::services::notification
