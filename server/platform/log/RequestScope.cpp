#include "log/RequestScope.h"

namespace lotok::log {
namespace {
thread_local std::string t_requestId;
}

RequestScope::RequestScope(std::string requestId) : m_previous(std::move(t_requestId)) {
    t_requestId = std::move(requestId);
}

RequestScope::~RequestScope() {
    t_requestId = std::move(m_previous);
}

const std::string& RequestScope::current() {
    return t_requestId;
}

} // namespace lotok::log
