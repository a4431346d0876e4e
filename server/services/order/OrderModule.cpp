#include "OrderModule.h"

#include "BillingClient.h"
#include "CancelSaga.h"
#include "DeliveryClient.h"
#include "OrderApi.h"
#include "OrderHandlers.h"
#include "OrderRepository.h"
#include "OrderSaga.h"
#include "OrderService.h"
#include "StockClient.h"
#include "UserClient.h"
#include "events/Consumer.h"

namespace lotok::services::order {

std::vector<db::Migration> migrations();

namespace {

// The lease of a pending order before recovery resumes it.
const config::Setting kSagaRecovery{"order", "saga_recovery_seconds", 30};

class OrderModule : public host::Service {
public:
    explicit OrderModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_stock(context.directory.transport("stock")),
          m_billing(context.directory.transport("billing")),
          m_users(context.directory.transport("user")),
          m_delivery(context.directory.transport("delivery")),
          m_saga(m_repository, m_stock, m_billing, context.outbox),
          m_cancelSaga(m_repository, m_delivery, context.outbox),
          m_service(m_repository, m_stock, m_saga, m_cancelSaga,
                    context.config.value(kSagaRecovery)),
          m_handlers(m_repository, m_users), m_api(m_service),
          m_consumer(context.bus, context.pool, context.schema) {}

    std::vector<db::Migration> migrations() const override { return order::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus&) override { m_handlers.subscribeTo(m_consumer); }
    void start() override { m_service.startRecovery(); }
    void stop() override { m_service.stopRecovery(); }

private:
    OrderRepository m_repository;
    StockClient m_stock;
    BillingClient m_billing;
    UserClient m_users;
    DeliveryClient m_delivery;
    OrderSaga m_saga;
    CancelSaga m_cancelSaga;
    OrderService m_service;
    OrderHandlers m_handlers;
    OrderApi m_api;
    events::Consumer m_consumer;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<OrderModule>(context);
}

std::vector<config::Setting> settings() {
    return {kSagaRecovery};
}

} // namespace lotok::services::order
