#pragma once

#include "StockService.h"
#include "http/IdempotencyStore.h"
#include "http/Router.h"

namespace lotok::services::stock {

class StockApi {
public:
    StockApi(StockService& service, StockRepository& repository, const std::string& schema)
        : m_service(service), m_repository(repository), m_idempotency(schema) {}
    void registerRoutes(http::Router& router);

private:
    StockService& m_service;
    StockRepository& m_repository;
    // Staff changes move goods: a retried "receive 10" must not receive 20 (the contract's
    // Idempotency-Key rule, as for orders and top-ups).
    http::IdempotencyStore m_idempotency;
};

} // namespace lotok::services::stock
