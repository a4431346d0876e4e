#pragma once

#include "DeliveryService.h"
#include "http/Router.h"

namespace lotok::services::delivery {

class DeliveryApi {
public:
    explicit DeliveryApi(DeliveryService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    DeliveryService& m_service;
};

} // namespace lotok::services::delivery
