#pragma once

#include "events/Event.h"

#include <functional>
#include <string>
#include <vector>

namespace lotok::db {
class Pool;
class Transaction;
} // namespace lotok::db

namespace lotok::events {

// A handler throws to refuse an event; the bus then delivers it again later, with back-off,
// and after a configured number of attempts keeps it as a dead letter. Handlers must be
// idempotent (see Inbox): every bus delivers at least once.
using EventHandler = std::function<void(const Event&)>;

// Who gets an event when a service runs as several replicas.
enum class Delivery {
    // One replica of the consumer handles each event (what changes a database).
    Shared,
    // Every process gets every event (what pushes to the WebSockets connected to it).
    EachReplica,
};

// Where a shared consumer's deliveries wait until it has handled them, for a bus that keeps
// them itself (InProcessBus): the consumer's own database and schema. A broker keeps them in
// its own store and ignores this.
struct ConsumerStore {
    db::Pool* pool = nullptr;
    std::string schema;
};

// The seam between services: one implementation per transport (InProcessBus in one
// process, NatsBus over NATS JetStream when services run apart). Both have a broker's
// semantics: publish() returns once the event is durably stored for its consumers (never
// "once they handled it"), and each consumer then gets it on its own, with its own retries.
class EventBus {
public:
    virtual ~EventBus() = default;
    // Throws when the event could not be stored: the outbox keeps it and tries again.
    virtual void publish(const Event& event) = 0;
    // Publishes a relay's batch inside the relay's own transaction on `pool`, when the bus
    // keeps its deliveries in that database (InProcessBus, every consumer of these events
    // there): stored and marked published then commit together, in one flush for the batch
    // instead of a commit per event, and the consumers get them once it commits. Returns
    // false, having done nothing, when it cannot (a broker; a consumer in another database):
    // the relay then calls publish() for each event.
    virtual bool publishWithin(db::Pool& /*pool*/, db::Transaction& /*tx*/,
                               const std::vector<Event>& /*events*/) {
        return false;
    }
    // What became of one event given to publishAll(): stored, refused (with why), or neither
    // (not tried, after a refusal).
    struct Published {
        bool stored = false;
        std::string error;
    };
    // Publishes events whose ordering keys all differ, as publish() does each: a relay's batch
    // goes as waves of these, the n-th event of every key in the n-th wave. A bus may have
    // them all on their way at once and wait once (NatsBus: one round trip to the broker for
    // the wave, not one per event). This one publishes them one after another and stops at
    // the first refusal. Never throws.
    virtual std::vector<Published> publishAll(const std::vector<const Event*>& events);
    virtual void subscribe(std::string consumer, std::vector<std::string> types,
                           EventHandler handler, Delivery delivery = Delivery::Shared,
                           ConsumerStore store = {}) = 0;
    // Whether a delivery stays stored in the consumer's own database until its handler's
    // transaction is durable (InProcessBus): then a handler may commit without waiting for the
    // disk, since a crash that loses its commit loses the later "done" mark too, and the event
    // comes again. A broker that is told "handled" once the commit returns needs it durable.
    virtual bool keepsDeliveriesWithConsumers() const { return false; }
    // Whether a handler may commit without waiting for the disk at all: when the bus keeps
    // the delivery with the consumer (above), or acks the broker only once the database has
    // flushed the handler's commit (NatsBus), so a commit a crash loses was never acked.
    virtual bool lazyCommitsAllowed() const { return keepsDeliveriesWithConsumers(); }
    // Called by a handler, on the thread the bus called it on, inside the transaction that
    // holds its effects (on `pool`): a bus that keeps the delivery in that database marks it
    // handled right there, so effect and "done" commit together, with no transaction of
    // their own for the mark (InProcessBus). A broker acks after the commit and ignores it.
    virtual void settleWithin(db::Pool& /*pool*/, db::Transaction& /*tx*/) {}
    // Why the bus cannot take or hand out events now ("" when it can), for /readyz. Cheap: a
    // broker's client knows its connection's state without asking the broker.
    virtual std::string problem() const { return {}; }
    // Subscriptions are declared while services are built; delivery starts here.
    virtual void start() {}
    virtual void stop() {}
};

} // namespace lotok::events
