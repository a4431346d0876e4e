#include "events/Inbox.h"

#include "events/EventMetrics.h"

namespace lotok::events {

bool Inbox::claim(db::Transaction& tx, const std::string& consumer,
                  const std::string& eventId) const {
    const bool claimed =
        tx.exec("INSERT INTO " + m_schema +
                    ".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                {consumer, eventId})
            .affected() == 1;
    if (!claimed) {
        eventMetrics::duplicateDropped(consumer);
    }
    return claimed;
}

bool Inbox::handled(db::Pool& pool, const std::string& consumer, const std::string& eventId) const {
    return !pool.exec("SELECT 1 FROM " + m_schema + ".inbox WHERE consumer = $1 AND event_id = $2",
                      {consumer, eventId})
                .empty();
}

} // namespace lotok::events
