#include "StockModule.h"

#include "CatalogueApi.h"
#include "CatalogueRepository.h"
#include "CatalogueService.h"
#include "StockApi.h"
#include "StockRepository.h"
#include "StockService.h"
#include "log/Log.h"

namespace lotok::services::stock {

std::vector<db::Migration> migrations();

namespace {

// A reservation older than this, of an order never decided, is released.
const config::Setting kReservationTimeout{"stock", "reservation_timeout_seconds", 15 * 60};

// Order, when this process can reach it (hosted here or given in [service_urls]).
http::ServiceTransport* orderTransport(host::ServiceContext& context) {
    try {
        return &context.directory.transport("order");
    } catch (const std::exception& error) {
        log::warn("stock: {}; stale reservations are released by the timeout alone", error.what());
        return nullptr;
    }
}

class StockModule : public host::Service {
public:
    explicit StockModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema),
          m_service(m_repository, context.outbox, context.schema,
                    context.config.value(kReservationTimeout),
                    OrderClient(orderTransport(context))),
          m_catalogueRepository(context.pool, context.schema),
          m_catalogue(m_catalogueRepository, m_repository, context.outbox),
          m_api(m_service, m_repository, m_catalogue, context.schema),
          m_catalogueApi(m_catalogue, context.pool, context.schema),
          m_consumer(context.bus, context.pool, context.schema) {}

    std::vector<db::Migration> migrations() const override { return stock::migrations(); }
    void registerRoutes(http::Router& router) override {
        m_api.registerRoutes(router);
        m_catalogueApi.registerRoutes(router);
    }
    void subscribe(events::EventBus&) override { m_service.subscribeTo(m_consumer); }
    void start() override { m_service.startSweeper(); }
    void stop() override { m_service.stopSweeper(); }

private:
    StockRepository m_repository;
    StockService m_service;
    CatalogueRepository m_catalogueRepository;
    CatalogueService m_catalogue;
    StockApi m_api;
    CatalogueApi m_catalogueApi;
    events::Consumer m_consumer;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<StockModule>(context);
}

std::vector<config::Setting> settings() {
    return {kReservationTimeout};
}

} // namespace lotok::services::stock
