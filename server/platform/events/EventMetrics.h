#pragma once

#include "metrics/Metrics.h"

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

} // namespace lotok::events::eventMetrics
