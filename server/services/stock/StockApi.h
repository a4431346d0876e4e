#pragma once

#include "CatalogueService.h"
#include "StockService.h"
#include "http/IdempotencyStore.h"
#include "http/Router.h"

namespace lotok::services::stock {

class StockApi {
public:
    StockApi(StockService& service, StockRepository& repository, CatalogueService& catalogue,
             const std::string& schema)
        : m_service(service), m_repository(repository), m_catalogue(catalogue),
          m_idempotency(schema) {}
    void registerRoutes(http::Router& router);

private:
    StockService& m_service;
    StockRepository& m_repository;
    CatalogueService& m_catalogue; // a change naming a category checks it exists
    // Staff changes move goods: a retried "receive 10" must not receive 20 (the contract's
    // Idempotency-Key rule, as for orders and top-ups).
    http::IdempotencyStore m_idempotency;
};

} // namespace lotok::services::stock
