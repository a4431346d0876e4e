#pragma once

#include "auth/Caller.h"
#include "http/HttpMessage.h"
#include "http/JsonInput.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lotok::http {

// Everything a route handler gets: the request, its path parameters and the caller.
class RequestContext {
public:
    RequestContext(const HttpRequest& request, std::map<std::string, std::string> pathParams,
                   std::optional<auth::Caller> caller, std::string requestId)
        : m_request(request), m_pathParams(std::move(pathParams)), m_caller(std::move(caller)),
          m_requestId(std::move(requestId)) {}

    const HttpRequest& request() const { return m_request; }
    const std::string& requestId() const { return m_requestId; }
    // The signed-in caller; only routes with an access rule other than Anyone may call it.
    const auth::Caller& caller() const;
    const std::optional<auth::Caller>& maybeCaller() const { return m_caller; }

    // A positive integer path parameter such as {id}; anything else is 404 (no such thing).
    std::int64_t idParam(const std::string& name) const;
    JsonInput json() const { return JsonInput::parse(m_request.body); }
    // ?limit= within [1, max], default when absent.
    int limitParam(int defaultValue, int maxValue) const;
    // An optional positive-integer query parameter (cursors such as before= and after=).
    std::optional<std::int64_t> idQueryParam(const std::string& name) const;

private:
    const HttpRequest& m_request;
    std::map<std::string, std::string> m_pathParams;
    std::optional<auth::Caller> m_caller;
    std::string m_requestId;
};

} // namespace lotok::http
