#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Field rules shared by the server (which enforces them) and the desktop app (which checks
// them inline before sending). Each returns nullopt when the value is fine, or a short
// English reason that names no field: the caller knows which field it asked about.
namespace lotok::validation {

using Problem = std::optional<std::string>;

Problem login(std::string_view value);
// The form a login is stored, compared and rate-limited in: logins are case-insensitive
// ("Alice" and "alice" are one account), and a valid login is ASCII, so this lower-cases.
std::string canonicalLogin(std::string_view value);
Problem password(std::string_view value);
Problem email(std::string_view value);
Problem personName(std::string_view value);
Problem phone(std::string_view value);
Problem address(std::string_view value);
Problem positionName(std::string_view value);
// Plain text, 0 to kDescriptionMax code points; line feeds allowed, no other control
// character (a carriage return neither: clients send lines as "\n").
Problem description(std::string_view value);
Problem categoryName(std::string_view value);
Problem amount(std::int64_t value);
Problem price(std::int64_t value);
Problem orderCount(std::int64_t value);
Problem stockCount(std::int64_t value);
Problem stockAdjustment(std::int64_t value);

// Length in Unicode code points of valid UTF-8, or nullopt when the bytes are not UTF-8.
std::optional<std::size_t> utf8Length(std::string_view value);

} // namespace lotok::validation
