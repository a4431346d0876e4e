#pragma once

#include "CatalogueService.h"
#include "http/IdempotencyStore.h"
#include "http/Router.h"

namespace lotok::services::stock {

// The catalogue's routes: categories (a public list, staff changes) and pictures (staff
// upload and removal, a public cacheable download).
class CatalogueApi {
public:
    CatalogueApi(CatalogueService& service, db::Pool& pool, const std::string& schema)
        : m_service(service), m_pool(pool), m_idempotency(schema) {}
    void registerRoutes(http::Router& router);

private:
    CatalogueService& m_service;
    db::Pool& m_pool;
    // Creating a category is a POST that creates: the contract's Idempotency-Key rule.
    http::IdempotencyStore m_idempotency;
};

} // namespace lotok::services::stock
