#include "events/InProcessBus.h"

#include "log/Log.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace lotok::events {

void InProcessBus::subscribe(std::string consumer, std::vector<std::string> types,
                             EventHandler handler) {
    std::unique_lock lock(m_mutex);
    m_subscriptions.push_back({std::move(consumer), std::move(types), std::move(handler)});
}

void InProcessBus::publish(const Event& event) {
    std::shared_lock lock(m_mutex);
    std::string failures;
    for (const auto& subscription : m_subscriptions) {
        if (std::find(subscription.types.begin(), subscription.types.end(), event.type) ==
            subscription.types.end()) {
            continue;
        }
        try {
            subscription.handler(event);
        } catch (const std::exception& error) {
            log::warn("consumer {} refused {} {}: {}", subscription.consumer, event.type, event.id,
                      error.what());
            failures += (failures.empty() ? "" : "; ") + subscription.consumer + ": " + error.what();
        }
    }
    if (!failures.empty()) {
        throw std::runtime_error(failures);
    }
}

} // namespace lotok::events
