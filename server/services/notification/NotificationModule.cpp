#include "NotificationModule.h"

#include "NotificationApi.h"
#include "NotificationRepository.h"
#include "NotificationService.h"

namespace lotok::services::notification {

std::vector<db::Migration> migrations();

namespace {

class NotificationModule : public host::Service {
public:
    explicit NotificationModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema),
          m_service(m_repository, context.outbox, context.hub), m_api(m_service),
          m_consumer(context.bus, context.pool, context.schema) {
        context.hub.addChannel({"notifications", "/api/v1/notifications/ws", false,
                                [this](std::int64_t userId, std::int64_t afterId) {
                                    return m_service.history(userId, afterId);
                                }});
        context.hub.addChannel({"staff", "/api/v1/staff/ws", true, {}});
    }

    std::vector<db::Migration> migrations() const override { return notification::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus&) override { m_service.subscribeTo(m_consumer); }

private:
    NotificationRepository m_repository;
    NotificationService m_service;
    NotificationApi m_api;
    events::Consumer m_consumer;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<NotificationModule>(context);
}

} // namespace lotok::services::notification
