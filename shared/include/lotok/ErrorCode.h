#pragma once

#include <optional>
#include <string_view>

namespace lotok {

// The contract's error codes; the wire spelling comes from toString().
enum class ErrorCode {
    InvalidRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    LoginTaken,
    InvalidCredentials,
    InsufficientStock,
    InsufficientFunds,
    InvalidTransition,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Unavailable,
    IdempotencyKeyReused,
    NameTaken, // a category name in use (409)
    Internal,
};

std::string_view toString(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view text);
// The HTTP status the contract pairs with each code.
int httpStatusOf(ErrorCode code);

} // namespace lotok
