#pragma once

#include <string>
#include <string_view>

namespace lotok::log {

// The request id (and W3C trace context) the current thread works for: set while the router
// runs a handler and while a consumer handles an event, so the service calls made and the
// events written meanwhile carry the id of the request that caused them, and every line
// logged meanwhile carries it too (one order can be followed across services and processes).
class RequestScope {
public:
    // traceparent: what the caller sent (a header, an event's header); checked here, and
    // dropped when malformed, so a stranger's bytes never reach a log or another service.
    explicit RequestScope(std::string requestId, std::string_view traceparent = {});
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

    // "" outside any request or event.
    static const std::string& current();
    // The traceparent to pass on: the caller's trace id and flags, with this scope's own
    // span id as the parent; "" when the cause carried none.
    static const std::string& traceparent();
    // The 32 hex digits of the trace id, "" when there is none.
    static std::string_view traceId();

private:
    std::string m_previousId;
    std::string m_previousTrace;
};

// A W3C traceparent (https://www.w3.org/TR/trace-context/#traceparent-header) in its version
// 00 form, or "" when `text` is not one: lower-case hex, trace and parent ids not all zero,
// version ff refused; a later version is read by its first four fields, as the spec asks.
std::string parseTraceparent(std::string_view text);

} // namespace lotok::log
