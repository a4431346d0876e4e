#pragma once

#include "MailSender.h"
#include "NotificationRepository.h"
#include "events/Consumer.h"
#include "events/Outbox.h"
#include "ws/Hub.h"

namespace lotok::services::notification {

// Tells people what happened: stores a notification per order event and pushes it to the
// user's sockets (on every replica, through its notification_created event); relays stock
// and delivery changes to the staff stream.
class NotificationService {
public:
    NotificationService(NotificationRepository& repository, events::Outbox& outbox, ws::Hub& hub)
        : m_repository(repository), m_outbox(outbox), m_hub(hub) {}

    std::vector<Notification> listAfter(std::int64_t userId, std::int64_t afterId, int limit) {
        return m_repository.listAfter(userId, afterId, limit);
    }
    // The unread count left; 404 when upTo is not one of the user's notifications.
    std::int64_t markRead(std::int64_t userId, std::int64_t upTo);
    std::vector<ws::NumberedMessage> history(std::int64_t userId, std::int64_t afterId);

    // Its event handlers: one notification per order event, stored and pushed to the
    // user's sockets here; stock and delivery changes to this process's staff sockets; a
    // revoked session's sockets closed.
    void subscribeTo(events::Consumer& consumer);

    static std::string pushMessage(const Notification& notification);
    // Each notification is also mailed (queued in its transaction) once this is set.
    void setMailSender(MailSender* mail) { m_mail = mail; }

private:
    void notify(db::Transaction& tx, const std::string& eventId, std::int64_t userId,
                std::int64_t orderId, std::string_view type, std::string_view text,
                const std::string& detail = {});
    void toStaff(std::string_view kind, const nlohmann::json& body);

    NotificationRepository& m_repository;
    events::Outbox& m_outbox;
    ws::Hub& m_hub;
    MailSender* m_mail = nullptr;
};

} // namespace lotok::services::notification
