#pragma once

#include "metrics/Metrics.h"

#include <chrono>
#include <string>

// The events' metrics, shared by both buses and the inbox. Consumer names come from the
// code (a service's subscriptions), so the label stays bounded.
namespace lotok::events::eventMetrics {

inline void retried(const std::string& consumer) {
    metrics::Registry::global()
        .counter("lotok_consumer_retries_total",
                 "Event deliveries a consumer refused and will get again", {{"consumer", consumer}})
        .inc();
}

inline void deadLettered(const std::string& consumer) {
    metrics::Registry::global()
        .counter("lotok_consumer_dead_letters_total",
                 "Events a consumer gave up on after max_deliver attempts (lotokd events dead)",
                 {{"consumer", consumer}})
        .inc();
}

inline void duplicateDropped(const std::string& consumer) {
    metrics::Registry::global()
        .counter("lotok_inbox_duplicates_dropped_total",
                 "Events delivered again that a consumer's inbox had already handled",
                 {{"consumer", consumer}})
        .inc();
}

// Where an event's time goes between its commit and its consumers' effects, by stage, so a
// slow hop shows which one it is (docs/operations.md "Events"): a relay round's select,
// publish and mark (its commit), and on a broker the wait for a consumer's lane, the handler
// and the wait for its commit to be on disk.
inline void stageTook(const std::string& stage, std::chrono::steady_clock::duration took) {
    metrics::Registry::global()
        .histogram("lotok_event_stage_seconds",
                   "Time an event spent in each stage of its way from the outbox to its consumers",
                   {{"stage", stage}}, metrics::Registry::secondsBuckets())
        .observe(std::chrono::duration<double>(took).count());
}

} // namespace lotok::events::eventMetrics
