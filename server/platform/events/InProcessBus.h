#pragma once

#include "events/EventBus.h"

#include <shared_mutex>

namespace lotok::events {

// Delivers each event to every local subscriber before publish() returns (side by side).
// If any handler throws, publish() throws after trying the rest, so the outbox row stays
// unpublished and is retried; the handlers that succeeded drop the repeat via their inbox.
class InProcessBus : public EventBus {
public:
    void publish(const Event& event) override;
    // In one process both kinds of delivery are the same.
    void subscribe(std::string consumer, std::vector<std::string> types, EventHandler handler,
                   Delivery delivery = Delivery::Shared) override;

private:
    struct Subscription {
        std::string consumer;
        std::vector<std::string> types;
        EventHandler handler;
    };
    std::shared_mutex m_mutex;
    std::vector<Subscription> m_subscriptions;
};

} // namespace lotok::events
