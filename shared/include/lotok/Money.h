#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lotok {

inline constexpr std::string_view kCurrency = "RUB";

// Money is a count of minor units (kopecks); arithmetic is checked so that no sum or product
// can wrap around silently.
namespace money {

std::optional<std::int64_t> add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> multiply(std::int64_t amount, std::int64_t count);
// "1234.50" for 123450; locale-free, for logs, the CLI and messages.
std::string toDecimalString(std::int64_t minor);
// Parses "1234", "1234.5", "1234.50" (a dot or a comma); nullopt for anything else or for
// more than two fractional digits.
std::optional<std::int64_t> parseDecimal(std::string_view text);

} // namespace money
} // namespace lotok
