#pragma once

#include "BillingService.h"
#include "http/Router.h"

namespace lotok::services::billing {

class BillingApi {
public:
    explicit BillingApi(BillingService& service) : m_service(service) {}
    void registerRoutes(http::Router& router);

private:
    BillingService& m_service;
};

} // namespace lotok::services::billing
