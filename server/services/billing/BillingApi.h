#pragma once

#include "BillingService.h"
#include "http/IdempotencyStore.h"
#include "http/Router.h"

namespace lotok::services::billing {

class BillingApi {
public:
    BillingApi(BillingService& service, const std::string& schema)
        : m_service(service), m_idempotency(schema) {}
    void registerRoutes(http::Router& router);

private:
    BillingService& m_service;
    // Top-ups move money: a retry with the same key must not pay in twice.
    http::IdempotencyStore m_idempotency;
};

} // namespace lotok::services::billing
