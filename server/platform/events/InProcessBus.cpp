#include "events/InProcessBus.h"

#include "log/Log.h"
#include "util/TaskPool.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace lotok::events {

void InProcessBus::subscribe(std::string consumer, std::vector<std::string> types,
                             EventHandler handler, Delivery /*delivery*/) {
    std::unique_lock lock(m_mutex);
    m_subscriptions.push_back({std::move(consumer), std::move(types), std::move(handler)});
}

void InProcessBus::publish(const Event& event) {
    std::shared_lock lock(m_mutex);
    std::vector<const Subscription*> matching;
    for (const auto& subscription : m_subscriptions) {
        if (std::find(subscription.types.begin(), subscription.types.end(), event.type) !=
            subscription.types.end()) {
            matching.push_back(&subscription);
        }
    }
    // The consumers are separate services, each committing its own transaction: they run
    // side by side, so an event costs one commit's wait, not one per consumer (a confirmed
    // order has three: Stock, Delivery, Notification).
    std::vector<std::string> failures(matching.size());
    auto deliver = [&](std::size_t i) {
        try {
            matching[i]->handler(event);
        } catch (const std::exception& error) {
            log::warn("consumer {} refused {} {}: {}", matching[i]->consumer, event.type, event.id,
                      error.what());
            failures[i] = matching[i]->consumer + ": " + error.what();
        } catch (...) {
            log::warn("consumer {} refused {} {}: unknown exception", matching[i]->consumer,
                      event.type, event.id);
            failures[i] = matching[i]->consumer + ": unknown exception";
        }
    };
    std::vector<std::function<void()>> deliveries;
    for (std::size_t i = 0; i < matching.size(); ++i) {
        deliveries.emplace_back([&deliver, i] { deliver(i); });
    }
    util::TaskPool::shared().runAll(std::move(deliveries));
    std::string failed;
    for (const auto& failure : failures) {
        if (!failure.empty()) {
            failed += (failed.empty() ? "" : "; ") + failure;
        }
    }
    if (!failed.empty()) {
        throw std::runtime_error(failed);
    }
}

} // namespace lotok::events
