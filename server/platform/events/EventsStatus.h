#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lotok::events {

class NatsBus;

// What `lotokd events status` reports (and /metrics, as lotok_outbox_* and
// lotok_consumer_lag): how far the events of a running (or stopped) shop
// are from being handled. Read from the tables and the broker, never from a process's
// memory, so it is the same whichever process asks and whether the services run or not.
struct EventsStatus {
    struct Outbox {
        std::string service;
        std::int64_t unpublished = 0; // rows the relay has not had accepted by the bus yet
        double oldestSeconds = 0;     // age of the oldest of them; 0 when none
    };
    struct Consumer {
        std::string consumer;
        // Where its deliveries wait: the consumer's schema (in-process), or the stream
        // (JetStream) whose events this durable takes.
        std::string source;
        std::int64_t pending = 0;  // stored for it, not handled yet (in flight included)
        std::int64_t inFlight = 0; // handed to a handler, not finished yet
        double oldestSeconds = 0;  // age of its oldest pending delivery (in-process only)
    };

    std::string bus; // "in-process" or "jetstream"
    std::vector<Outbox> outboxes;
    std::vector<Consumer> consumers;
    std::map<std::string, std::int64_t> deadLetters; // by consumer

    bool drained() const;
};

// One service's outbox.
EventsStatus::Outbox readOutbox(db::Pool& pool, const std::string& service,
                                const std::string& schema);
// The in-process bus's deliveries kept in `schema` (table bus_deliveries), per consumer,
// with the consumers that have handled events there (its inbox) listed at 0; their dead
// letters are added to `status.deadLetters`.
void readStoredConsumers(db::Pool& pool, const std::string& schema, EventsStatus& status);
// JetStream's durable consumers (pending = NumPending + NumAckPending) and, unless told not
// to (reading them walks the dead-letter stream), its dead letters.
void readBrokerConsumers(NatsBus& bus, EventsStatus& status, bool withDeadLetters = true);

std::string renderTable(const EventsStatus& status);
nlohmann::json toJson(const EventsStatus& status);

} // namespace lotok::events
