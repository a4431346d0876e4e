#pragma once

#include "events/Event.h"
#include "log/FieldScope.h"
#include "log/RequestScope.h"

#include <string>

namespace lotok::events {

// While a bus hands an event to a consumer: the request id and trace of the event's cause
// (so the events the handler writes and the services it calls carry them on), and the
// event's id, type, consumer and order id on every line logged meanwhile, the bus's own
// retry and dead-letter lines included. Grepping one request id then finds the order in
// every process it passed through (docs/operations.md, "Following one order").
class EventLogScope {
public:
    EventLogScope(const Event& event, const std::string& consumer)
        : m_request(event.requestId, event.traceparent) {
        m_fields.add("event_id", event.id).add("event_type", event.type).add("consumer", consumer);
        const auto order = event.payload.find("order_id");
        if (order != event.payload.end() && order->is_number_integer()) {
            m_fields.add("order_id", order->get<std::int64_t>());
        }
    }

private:
    log::RequestScope m_request;
    log::FieldScope m_fields;
};

} // namespace lotok::events
