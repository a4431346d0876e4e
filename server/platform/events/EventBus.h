#pragma once

#include "events/Event.h"

#include <functional>
#include <string>
#include <vector>

namespace lotok::events {

// A handler throws to refuse an event; the bus then reports the delivery as failed and the
// publisher retries later. Handlers must be idempotent (see Inbox).
using EventHandler = std::function<void(const Event&)>;

// Who gets an event when a service runs as several replicas.
enum class Delivery {
    // One replica of the consumer handles each event (what changes a database).
    Shared,
    // Every process gets every event (what pushes to the WebSockets connected to it).
    EachReplica,
};

// The seam between services: one implementation per transport (InProcessBus in one
// process, NatsBus over NATS JetStream when services run apart).
class EventBus {
public:
    virtual ~EventBus() = default;
    // Throws when the event was not taken: the outbox keeps it and tries again. InProcessBus
    // returns once every subscriber handled it; NatsBus once JetStream stored it.
    virtual void publish(const Event& event) = 0;
    virtual void subscribe(std::string consumer, std::vector<std::string> types,
                           EventHandler handler, Delivery delivery = Delivery::Shared) = 0;
    // Subscriptions are declared while services are built; delivery starts here.
    virtual void start() {}
    virtual void stop() {}
};

} // namespace lotok::events
