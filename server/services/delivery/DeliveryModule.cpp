#include "DeliveryModule.h"

#include "DeliveryApi.h"
#include "DeliveryRepository.h"
#include "DeliveryService.h"
#include "UserClient.h"
#include "lotok/Events.h"

namespace lotok::services::delivery {

std::vector<db::Migration> migrations();

namespace {

class DeliveryModule : public host::Service {
public:
    explicit DeliveryModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_users(context.directory.transport("user")),
          m_service(m_repository, m_users, context.outbox, context.schema), m_api(m_service) {}

    std::vector<db::Migration> migrations() const override { return delivery::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus& bus) override {
        bus.subscribe("delivery", {std::string(events::kOrderConfirmed)},
                      [this](const events::Event& event) { m_service.onOrderConfirmed(event); });
    }

private:
    DeliveryRepository m_repository;
    UserClient m_users;
    DeliveryService m_service;
    DeliveryApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<DeliveryModule>(context);
}

} // namespace lotok::services::delivery
