#pragma once

#include <string>

namespace lotok::log {

// The request id the current thread works for: set while the router runs a handler and
// while a consumer handles an event, so the events written meanwhile carry the id of the
// request that caused them (one order can be followed across services and processes).
class RequestScope {
public:
    explicit RequestScope(std::string requestId);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

    // "" outside any request or event.
    static const std::string& current();

private:
    std::string m_previous;
};

} // namespace lotok::log
