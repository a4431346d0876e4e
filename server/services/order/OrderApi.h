#pragma once

#include "OrderService.h"
#include "http/Router.h"

namespace lotok::services::order {

class OrderApi {
public:
    explicit OrderApi(OrderService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    OrderService& m_service;
};

} // namespace lotok::services::order
