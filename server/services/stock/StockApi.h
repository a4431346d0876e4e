#pragma once

#include "StockService.h"
#include "http/Router.h"

namespace lotok::services::stock {

class StockApi {
public:
    StockApi(StockService& service, StockRepository& repository)
        : m_service(service), m_repository(repository) {}
    void registerRoutes(http::Router& router);

private:
    StockService& m_service;
    StockRepository& m_repository;
};

} // namespace lotok::services::stock
