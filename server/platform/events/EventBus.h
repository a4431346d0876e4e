#pragma once

#include "events/Event.h"

#include <functional>
#include <string>
#include <vector>

namespace lotok::events {

// A handler throws to refuse an event; the bus then reports the delivery as failed and the
// publisher retries later. Handlers must be idempotent (see Inbox).
using EventHandler = std::function<void(const Event&)>;

// The seam between services: one implementation per transport (in-process today, a
// broker when services run apart).
class EventBus {
public:
    virtual ~EventBus() = default;
    // Returns once every subscriber has accepted the event durably; throws otherwise.
    virtual void publish(const Event& event) = 0;
    virtual void subscribe(std::string consumer, std::vector<std::string> types,
                           EventHandler handler) = 0;
};

} // namespace lotok::events
