#include "DeliveryModule.h"

#include "DeliveryApi.h"
#include "DeliveryRepository.h"
#include "DeliveryService.h"
#include "UserClient.h"

namespace lotok::services::delivery {

std::vector<db::Migration> migrations();

namespace {

class DeliveryModule : public host::Service {
public:
    explicit DeliveryModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_users(context.directory.transport("user")),
          m_service(m_repository, m_users, context.outbox, context.schema), m_api(m_service),
          m_consumer(context.bus, context.pool, context.schema) {}

    std::vector<db::Migration> migrations() const override { return delivery::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus&) override { m_service.subscribeTo(m_consumer); }

private:
    DeliveryRepository m_repository;
    UserClient m_users;
    DeliveryService m_service;
    DeliveryApi m_api;
    events::Consumer m_consumer;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<DeliveryModule>(context);
}

} // namespace lotok::services::delivery
