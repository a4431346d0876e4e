#pragma once

#include "lotok/ErrorCode.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace lotok::http {

struct HttpResponse;

// The one error type of every service. The router turns it into the contract's body
// {"error": {"code", "message", "field"?}} with the status the code implies.
class ApiError : public std::runtime_error {
public:
    ApiError(ErrorCode code, std::string message, std::optional<std::string> field = std::nullopt)
        : std::runtime_error(std::move(message)), m_code(code), m_field(std::move(field)) {}

    static ApiError invalid(std::string field, std::string message) {
        return ApiError(ErrorCode::InvalidRequest, std::move(message), std::move(field));
    }
    static ApiError notFound(std::string message) {
        return ApiError(ErrorCode::NotFound, std::move(message));
    }

    ErrorCode code() const { return m_code; }
    int status() const { return httpStatusOf(m_code); }
    const std::optional<std::string>& field() const { return m_field; }

    HttpResponse toResponse() const;
    // Rebuilds the error another service answered with, so it travels on unchanged.
    static std::optional<ApiError> fromResponse(const HttpResponse& response);
    // What a service client does with another service's answer: nothing when its status is
    // `expected`, else throws the error it carries (or `unavailable`, naming `service`).
    static void throwUnless(const HttpResponse& response, int expected, const std::string& service);

private:
    ErrorCode m_code;
    std::optional<std::string> m_field;
};

} // namespace lotok::http
