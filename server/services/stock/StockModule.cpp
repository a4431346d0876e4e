#include "StockModule.h"

#include "StockApi.h"
#include "StockRepository.h"
#include "StockService.h"
#include "log/Log.h"
#include "lotok/Events.h"

namespace lotok::services::stock {

std::vector<db::Migration> migrations();

namespace {

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
                    context.config.reservationTimeoutSeconds, OrderClient(orderTransport(context))),
          m_api(m_service, m_repository, context.schema) {}

    std::vector<db::Migration> migrations() const override { return stock::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus& bus) override {
        bus.subscribe("stock", {std::string(events::kOrderConfirmed)},
                      [this](const events::Event& event) { m_service.onOrderConfirmed(event); });
        bus.subscribe("stock", {std::string(events::kOrderRejected)},
                      [this](const events::Event& event) { m_service.onOrderRejected(event); });
    }
    void start() override { m_service.startSweeper(); }
    void stop() override { m_service.stopSweeper(); }

private:
    StockRepository m_repository;
    StockService m_service;
    StockApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<StockModule>(context);
}

} // namespace lotok::services::stock
