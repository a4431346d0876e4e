#include "events/EventBus.h"

#include <exception>

namespace lotok::events {

std::vector<EventBus::Published> EventBus::publishAll(const std::vector<const Event*>& events) {
    std::vector<Published> results(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        try {
            publish(*events[i]);
            results[i].stored = true;
            continue;
        } catch (const std::exception& error) {
            results[i].error = error.what();
        } catch (...) {
            results[i].error = "unknown exception";
        }
        break; // a refusal is most often the broker away: the rest would wait as long
    }
    return results;
}

} // namespace lotok::events
