#include "lotok/ErrorCode.h"

#include <array>
#include <utility>

namespace lotok {
namespace {

struct CodeInfo {
    ErrorCode code;
    std::string_view text;
    int status;
};

constexpr std::array kCodes{
    CodeInfo{ErrorCode::InvalidRequest, "invalid_request", 400},
    CodeInfo{ErrorCode::Unauthorized, "unauthorized", 401},
    CodeInfo{ErrorCode::Forbidden, "forbidden", 403},
    CodeInfo{ErrorCode::NotFound, "not_found", 404},
    CodeInfo{ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
    CodeInfo{ErrorCode::LoginTaken, "login_taken", 409},
    CodeInfo{ErrorCode::InvalidCredentials, "invalid_credentials", 401},
    CodeInfo{ErrorCode::InsufficientStock, "insufficient_stock", 409},
    CodeInfo{ErrorCode::InsufficientFunds, "insufficient_funds", 402},
    CodeInfo{ErrorCode::InvalidTransition, "invalid_transition", 409},
    CodeInfo{ErrorCode::PayloadTooLarge, "payload_too_large", 413},
    CodeInfo{ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    CodeInfo{ErrorCode::TooManyRequests, "too_many_requests", 429},
    CodeInfo{ErrorCode::Unavailable, "unavailable", 503},
    CodeInfo{ErrorCode::IdempotencyKeyReused, "idempotency_key_reused", 422},
    CodeInfo{ErrorCode::NameTaken, "name_taken", 409},
    CodeInfo{ErrorCode::Internal, "internal", 500},
};

const CodeInfo& infoOf(ErrorCode code) {
    for (const auto& info : kCodes) {
        if (info.code == code) {
            return info;
        }
    }
    return kCodes.back();
}

} // namespace

std::string_view toString(ErrorCode code) {
    return infoOf(code).text;
}

int httpStatusOf(ErrorCode code) {
    return infoOf(code).status;
}

std::optional<ErrorCode> errorCodeFromString(std::string_view text) {
    for (const auto& info : kCodes) {
        if (info.text == text) {
            return info.code;
        }
    }
    return std::nullopt;
}

} // namespace lotok
