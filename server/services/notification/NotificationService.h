#pragma once

#include "NotificationRepository.h"
#include "events/Event.h"
#include "ws/Hub.h"

namespace lotok::services::notification {

// Tells people what happened: stores a notification per order event and pushes it to the
// user's sockets; relays stock and delivery changes to the staff stream.
class NotificationService {
public:
    NotificationService(NotificationRepository& repository, ws::Hub& hub)
        : m_repository(repository), m_hub(hub) {}

    std::vector<Notification> listAfter(std::int64_t userId, std::int64_t afterId, int limit) {
        return m_repository.listAfter(userId, afterId, limit);
    }
    std::vector<ws::NumberedMessage> history(std::int64_t userId, std::int64_t afterId);

    void onOrderEvent(const events::Event& event);
    void onStaffEvent(const events::Event& event);
    void onSessionRevoked(const events::Event& event);

    static std::string pushMessage(const Notification& notification);

private:
    NotificationRepository& m_repository;
    ws::Hub& m_hub;
};

} // namespace lotok::services::notification
