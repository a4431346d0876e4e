#include "BillingModule.h"

#include "BillingApi.h"
#include "BillingRepository.h"
#include "BillingService.h"
#include "lotok/Events.h"

namespace lotok::services::billing {

std::vector<db::Migration> migrations();

namespace {

class BillingModule : public host::Service {
public:
    explicit BillingModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_service(m_repository, context.schema),
          m_api(m_service, context.schema) {}

    std::vector<db::Migration> migrations() const override { return billing::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus& bus) override {
        bus.subscribe("billing", {std::string(events::kUserRegistered)},
                      [this](const events::Event& event) { m_service.onUserRegistered(event); });
        bus.subscribe("billing", {std::string(events::kOrderRejected)},
                      [this](const events::Event& event) { m_service.onOrderRejected(event); });
    }

private:
    BillingRepository m_repository;
    BillingService m_service;
    BillingApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<BillingModule>(context);
}

} // namespace lotok::services::billing
