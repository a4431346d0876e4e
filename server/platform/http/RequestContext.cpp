#include "http/RequestContext.h"

#include "http/ApiError.h"

#include <charconv>

namespace lotok::http {
namespace {

std::optional<std::int64_t> parsePositive(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace

const auth::Caller& RequestContext::caller() const {
    if (!m_caller) {
        throw ApiError(ErrorCode::Unauthorized, "sign in first");
    }
    return *m_caller;
}

std::int64_t RequestContext::idParam(const std::string& name) const {
    const auto found = m_pathParams.find(name);
    const auto value = found == m_pathParams.end() ? std::nullopt : parsePositive(found->second);
    if (!value) {
        throw ApiError::notFound("no such " + name + ": ids are positive integers");
    }
    return *value;
}

int RequestContext::limitParam(int defaultValue, int maxValue) const {
    const auto text = m_request.queryParam("limit");
    if (!text || text->empty()) {
        return defaultValue;
    }
    const auto value = parsePositive(*text);
    if (!value || *value > maxValue) {
        throw ApiError::invalid("limit",
                                "must be an integer from 1 to " + std::to_string(maxValue));
    }
    return static_cast<int>(*value);
}

std::optional<std::int64_t> RequestContext::idQueryParam(const std::string& name) const {
    const auto text = m_request.queryParam(name);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    if (*text == "0") {
        return 0;
    }
    const auto value = parsePositive(*text);
    if (!value) {
        throw ApiError::invalid(name, "must be a non-negative integer");
    }
    return value;
}

} // namespace lotok::http
