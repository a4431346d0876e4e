#include "NotificationModule.h"

#include "NotificationApi.h"
#include "NotificationRepository.h"
#include "NotificationService.h"
#include "lotok/Events.h"

namespace lotok::services::notification {

std::vector<db::Migration> migrations();

namespace {

class NotificationModule : public host::Service {
public:
    explicit NotificationModule(host::ServiceContext& context)
        : m_repository(context.pool, context.schema), m_service(m_repository, context.hub),
          m_api(m_service) {
        context.hub.addChannel({"notifications", "/api/v1/notifications/ws", false,
                                [this](std::int64_t userId, std::int64_t afterId) {
                                    return m_service.history(userId, afterId);
                                }});
        context.hub.addChannel({"staff", "/api/v1/staff/ws", true, {}});
    }

    std::vector<db::Migration> migrations() const override { return notification::migrations(); }
    void registerRoutes(http::Router& router) override { m_api.registerRoutes(router); }
    void subscribe(events::EventBus& bus) override {
        bus.subscribe("notification",
                      {std::string(events::kOrderConfirmed), std::string(events::kOrderRejected),
                       std::string(events::kOrderSent), std::string(events::kOrderReceived)},
                      [this](const events::Event& event) { m_service.onOrderEvent(event); });
        bus.subscribe(
            "notification-staff",
            {std::string(events::kPositionChanged), std::string(events::kDeliveryCreated),
             std::string(events::kOrderSent), std::string(events::kOrderReceived)},
            [this](const events::Event& event) { m_service.onStaffEvent(event); },
            events::Delivery::EachReplica); // pushes to the sockets of this process
        bus.subscribe(
            "notification-sessions", {"auth.session_revoked"},
            [this](const events::Event& event) { m_service.onSessionRevoked(event); },
            events::Delivery::EachReplica); // closes the sockets of this process
    }

private:
    NotificationRepository m_repository;
    NotificationService m_service;
    NotificationApi m_api;
};

} // namespace

std::unique_ptr<host::Service> createModule(host::ServiceContext& context) {
    return std::make_unique<NotificationModule>(context);
}

} // namespace lotok::services::notification
