#include "http/ApiError.h"

#include "http/HttpMessage.h"

namespace lotok::http {

HttpResponse ApiError::toResponse() const {
    nlohmann::json error{{"code", toString(m_code)}, {"message", what()}};
    if (m_field) {
        error["field"] = *m_field;
    }
    auto response = HttpResponse::json(status(), {{"error", error}});
    if (response.status == 401) {
        // RFC 9110 11.6.1: a 401 names the scheme that would work.
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"lotok\"");
    }
    return response;
}

std::optional<ApiError> ApiError::fromResponse(const HttpResponse& response) {
    if (response.status < 400) {
        return std::nullopt;
    }
    const auto body = response.json();
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        const auto& error = body["error"];
        const auto code = errorCodeFromString(error.value("code", ""));
        std::optional<std::string> field;
        if (error.contains("field") && error["field"].is_string()) {
            field = error["field"].get<std::string>();
        }
        if (code) {
            return ApiError(*code, error.value("message", ""), field);
        }
    }
    if (response.status >= 500) {
        return ApiError(ErrorCode::Unavailable,
                        "a service answered " + std::to_string(response.status));
    }
    return ApiError(ErrorCode::Internal, "unexpected answer " + std::to_string(response.status));
}

void ApiError::throwUnless(const HttpResponse& response, int expected, const std::string& service) {
    if (response.status == expected) {
        return;
    }
    throw fromResponse(response).value_or(
        ApiError(ErrorCode::Unavailable, service + " answered " + std::to_string(response.status)));
}

} // namespace lotok::http
