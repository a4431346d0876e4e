#include "BillingModule.h"

#include "BillingApi.h"
#include "BillingRepository.h"
#include "BillingService.h"

namespace lotok::services::billing {

std::vector<db::Migration> migrations();

namespace {

class BillingModule : public host::Service {
public:
    explicit BillingModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_service(m_repository, context.schema),
          m_api(m_service, context.schema), m_consumer(context.bus, context.pool, context.schema) {}

    std::vector<db::Migration> migrations() const override { return billing::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus&) override { m_service.subscribeTo(m_consumer); }

private:
    BillingRepository m_repository;
    BillingService m_service;
    BillingApi m_api;
    events::Consumer m_consumer;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<BillingModule>(context);
}

} // namespace lotok::services::billing
