#include "lotok/Money.h"

#include <cstdlib>

namespace lotok::money {

std::optional<std::int64_t> add(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return std::nullopt;
    }
    return sum;
}

std::optional<std::int64_t> multiply(std::int64_t amount, std::int64_t count) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(amount, count, &product)) {
        return std::nullopt;
    }
    return product;
}

std::string toDecimalString(std::int64_t minor) {
    const bool negative = minor < 0;
    // Work in unsigned so that INT64_MIN has a magnitude too.
    const auto magnitude =
        negative ? std::uint64_t(0) - static_cast<std::uint64_t>(minor) : std::uint64_t(minor);
    std::string fraction = std::to_string(magnitude % 100);
    if (fraction.size() < 2) {
        fraction.insert(0, "0");
    }
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

std::optional<std::int64_t> parseDecimal(std::string_view text) {
    if (text.empty() || text.size() > 20) {
        return std::nullopt;
    }
    std::int64_t whole = 0;
    std::int64_t fraction = 0;
    int fractionDigits = -1;
    bool anyDigit = false;
    for (char c : text) {
        if (c == '.' || c == ',') {
            if (fractionDigits >= 0 || !anyDigit) {
                return std::nullopt;
            }
            fractionDigits = 0;
            continue;
        }
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        anyDigit = true;
        if (fractionDigits >= 0) {
            if (++fractionDigits > 2) {
                return std::nullopt;
            }
            fraction = fraction * 10 + (c - '0');
        } else {
            auto next = multiply(whole, 10);
            if (!next || !(next = add(*next, c - '0'))) {
                return std::nullopt;
            }
            whole = *next;
        }
    }
    if (fractionDigits == 1) {
        fraction *= 10;
    }
    auto scaled = multiply(whole, 100);
    if (!scaled) {
        return std::nullopt;
    }
    return add(*scaled, fraction);
}

} // namespace lotok::money
