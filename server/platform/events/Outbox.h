#pragma once

#include "db/Pool.h"
#include "events/EventBus.h"
#include "metrics/Metrics.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace lotok::events {

// A service's outbox: events are written in the same transaction as the change they
// describe, then a relay thread publishes them to the bus. A row is marked published only
// after the bus accepted it; failures are retried with exponential back-off, forever. The
// first refusal ends a batch (docs/architecture.md: "When the broker refuses").
class Outbox {
public:
    // `service` names it in metrics (lotok_outbox_published_total); the schema by default.
    Outbox(db::Pool& pool, std::string schema, EventBus& bus, std::string service = {});
    ~Outbox();

    // Adds one of the contract's events (lotok/IntegrationEvents.h) to the transaction; the
    // relay is woken once it commits. Returns the event id.
    template <typename T> std::string add(db::Transaction& tx, const T& event) {
        return add(tx, T::kType, event.toJson(), T::kVersion, event.key().value);
    }
    // The same by its parts. Fills event_id and occurred_at into the payload; the request
    // id is the current one (log::RequestScope).
    std::string add(db::Transaction& tx, std::string_view type, nlohmann::json payload,
                    int version = 1, const std::string& orderingKey = {});

    void start();
    void stop();
    // Publishes what is due now, on the caller's thread; returns how many were published.
    int relayOnce();

private:
    void run();
    void wake();

    db::Pool& m_pool;
    std::string m_schema;
    EventBus& m_bus;
    metrics::Counter& m_published;
    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    bool m_pending = false;
    bool m_refusedLastRound = false; // relay thread only
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace lotok::events
