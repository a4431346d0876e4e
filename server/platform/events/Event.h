#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace lotok::events {

// An integration event as it travels on the bus. The payload carries event_id and
// occurred_at too, as the contract's event shapes say.
struct Event {
    std::string id; // uuid
    std::string type;
    nlohmann::json payload;
};

} // namespace lotok::events
