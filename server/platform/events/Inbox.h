#pragma once

#include "db/Pool.h"
#include "db/Transaction.h"

#include <string>

namespace lotok::events {

// Records that a consumer handled an event, in the consumer's own transaction. claim()
// returns false for an event already handled: the caller commits and does nothing more.
class Inbox {
public:
    explicit Inbox(std::string schema) : m_schema(std::move(schema)) {}
    bool claim(db::Transaction& tx, const std::string& consumer, const std::string& eventId) const;
    // A look before any work: true when the event was handled already.
    bool handled(db::Pool& pool, const std::string& consumer, const std::string& eventId) const;

private:
    std::string m_schema;
};

} // namespace lotok::events
