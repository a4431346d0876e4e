#include "lotok/Validation.h"

#include "lotok/Limits.h"

#include <algorithm>

namespace lotok::validation {
namespace {

Problem textLength(std::string_view value, std::size_t min, std::size_t max) {
    const auto length = utf8Length(value);
    if (!length) {
        return "must be valid UTF-8";
    }
    if (*length < min) {
        return min == 1 ? std::string("must not be empty")
                        : "must be at least " + std::to_string(min) + " characters";
    }
    if (*length > max) {
        return "must be at most " + std::to_string(max) + " characters";
    }
    return std::nullopt;
}

bool hasControlCharacters(std::string_view value) {
    return std::any_of(value.begin(), value.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool isBlank(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) { return c == ' ' || c == '\t'; });
}

Problem visibleText(std::string_view value, std::size_t max) {
    if (auto problem = textLength(value, 1, max)) {
        return problem;
    }
    if (isBlank(value)) {
        return "must not be blank";
    }
    if (hasControlCharacters(value)) {
        return "must not contain control characters";
    }
    return std::nullopt;
}

Problem inRange(std::int64_t value, std::int64_t min, std::int64_t max) {
    if (value < min) {
        return "must be at least " + std::to_string(min);
    }
    if (value > max) {
        return "must be at most " + std::to_string(max);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::size_t> utf8Length(std::string_view value) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < value.size();) {
        const auto lead = static_cast<unsigned char>(value[i]);
        std::size_t width = 0;
        if (lead < 0x80) {
            width = 1;
        } else if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) {
            width = 2;
        } else if ((lead & 0xF0) == 0xE0) {
            width = 3;
        } else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) {
            width = 4;
        } else {
            return std::nullopt;
        }
        if (i + width > value.size()) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < width; ++k) {
            if ((static_cast<unsigned char>(value[i + k]) & 0xC0) != 0x80) {
                return std::nullopt;
            }
        }
        // RFC 3629: no overlong forms (E0 80..9F, F0 80..8F), no UTF-16 surrogates (ED A0..BF)
        // and nothing past U+10FFFF (F4 90..BF).
        const auto second = width > 1 ? static_cast<unsigned char>(value[i + 1]) : 0;
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
            (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
            return std::nullopt;
        }
        i += width;
        ++count;
    }
    return count;
}

Problem login(std::string_view value) {
    if (auto problem = textLength(value, limits::kLoginMin, limits::kLoginMax)) {
        return problem;
    }
    const bool allowed = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-';
    });
    if (!allowed) {
        return "may contain only Latin letters, digits, '.', '_' and '-'";
    }
    return std::nullopt;
}

std::string canonicalLogin(std::string_view value) {
    std::string out(value);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

Problem password(std::string_view value) {
    if (auto problem = textLength(value, limits::kPasswordMin, limits::kPasswordMax)) {
        return problem;
    }
    return std::nullopt;
}

Problem email(std::string_view value) {
    if (auto problem = textLength(value, 3, limits::kEmailMax)) {
        return problem;
    }
    const auto at = value.find('@');
    if (at == std::string_view::npos || at == 0 || value.find('@', at + 1) != value.npos) {
        return "must be an email address such as name@example.com";
    }
    const auto domain = value.substr(at + 1);
    const auto dot = domain.find('.');
    if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot == domain.size() - 1 ||
        value.find(' ') != value.npos || hasControlCharacters(value)) {
        return "must be an email address such as name@example.com";
    }
    return std::nullopt;
}

Problem personName(std::string_view value) {
    return visibleText(value, limits::kNameMax);
}

Problem phone(std::string_view value) {
    if (value.empty()) {
        return std::nullopt; // optional
    }
    if (value.size() > limits::kPhoneMax) {
        return "must be at most " + std::to_string(limits::kPhoneMax) + " characters";
    }
    int digits = 0;
    for (char c : value) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')') {
            return "may contain only digits, spaces and + - ( )";
        }
    }
    if (digits < 5) {
        return "must have at least 5 digits";
    }
    return std::nullopt;
}

Problem address(std::string_view value) {
    return visibleText(value, limits::kAddressMax);
}

Problem positionName(std::string_view value) {
    return visibleText(value, limits::kPositionNameMax);
}

Problem description(std::string_view value) {
    if (auto problem = textLength(value, 0, limits::kDescriptionMax)) {
        return problem;
    }
    const bool control = std::any_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\n') || byte == 0x7f;
    });
    if (control) {
        return "must not contain control characters other than line feeds";
    }
    return std::nullopt;
}

Problem categoryName(std::string_view value) {
    return visibleText(value, limits::kCategoryNameMax);
}

Problem amount(std::int64_t value) {
    return inRange(value, limits::kMinAmount, limits::kMaxAmount);
}

Problem price(std::int64_t value) {
    return inRange(value, limits::kMinAmount, limits::kMaxAmount);
}

Problem orderCount(std::int64_t value) {
    return inRange(value, limits::kMinCount, limits::kMaxCount);
}

Problem stockCount(std::int64_t value) {
    return inRange(value, 0, limits::kMaxCount);
}

Problem stockAdjustment(std::int64_t value) {
    if (value == 0) {
        return "must not be zero";
    }
    return inRange(value, -limits::kMaxCount, limits::kMaxCount);
}

} // namespace lotok::validation
