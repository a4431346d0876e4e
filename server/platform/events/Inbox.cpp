#include "events/Inbox.h"

namespace lotok::events {

bool Inbox::claim(db::Transaction& tx, const std::string& consumer,
                  const std::string& eventId) const {
    return tx.exec("INSERT INTO " + m_schema +
                       ".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   {consumer, eventId})
               .affected() == 1;
}

} // namespace lotok::events
