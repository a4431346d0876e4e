#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace lotok::events {

// An integration event as it travels on the bus: its headers beside the payload (which
// carries event_id and occurred_at too, as the contract's event shapes say). The typed
// structs of the contract (lotok/IntegrationEvents.h) are what services build and read.
struct Event {
    Event() = default;
    Event(std::string eventId, std::string eventType, nlohmann::json body)
        : id(std::move(eventId)), type(std::move(eventType)), payload(std::move(body)) {}

    std::string id; // uuid
    std::string type;
    nlohmann::json payload;
    int version = 1;
    std::string key;         // what orders it (OrderingKey), as its producer said
    std::string occurredAt;  // RFC 3339
    std::string requestId;   // of the request that caused it, when one did
    std::string traceparent; // W3C trace context of that request, when it carried one
};

} // namespace lotok::events
