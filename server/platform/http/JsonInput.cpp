#include "http/JsonInput.h"

#include "http/ApiError.h"

#include <algorithm>

namespace lotok::http {

bool JsonInput::nestsTooDeep(std::string_view text) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth) {
                return true;
            }
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

JsonInput JsonInput::parse(std::string_view body) {
    if (nestsTooDeep(body)) {
        throw ApiError(ErrorCode::InvalidRequest,
                       "the body nests deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    // nlohmann's parser takes a raw NUL for the end of the input, so "{...}\0{...}" would
    // read as its first object alone; no JSON text holds one (in strings it is escaped).
    if (body.find('\0') != std::string_view::npos) {
        throw ApiError(ErrorCode::InvalidRequest, "the body is not valid JSON");
    }
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        throw ApiError(ErrorCode::InvalidRequest, "the body is not valid JSON");
    }
    if (!json.is_object()) {
        throw ApiError(ErrorCode::InvalidRequest, "the body must be a JSON object");
    }
    return JsonInput(std::move(json));
}

std::string JsonInput::fieldName(std::string_view name) const {
    return m_prefix.empty() ? std::string(name) : m_prefix + "." + std::string(name);
}

const nlohmann::json* JsonInput::find(std::string_view name) const {
    const auto found = m_json.find(name);
    if (found == m_json.end() || found->is_null()) {
        return nullptr;
    }
    return &*found;
}

bool JsonInput::has(std::string_view name) const {
    return find(name) != nullptr;
}

std::optional<std::string> JsonInput::optionalString(std::string_view name) const {
    return stringField(name, false);
}

std::optional<std::string> JsonInput::optionalText(std::string_view name) const {
    return stringField(name, true);
}

std::optional<std::string> JsonInput::stringField(std::string_view name, bool lineFeeds) const {
    const auto* value = find(name);
    if (!value) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        throw ApiError::invalid(fieldName(name), "must be a string");
    }
    // Control characters (NUL above all: C strings and the database stop there, a limiter
    // keyed on the whole string does not) have no place in any text field of the API.
    const auto& text = value->get_ref<const std::string&>();
    if (std::any_of(text.begin(), text.end(), [lineFeeds](char c) {
            return (static_cast<unsigned char>(c) < 0x20 && !(lineFeeds && c == '\n')) || c == 0x7f;
        })) {
        throw ApiError::invalid(fieldName(name),
                                lineFeeds ? "must not contain control characters other than "
                                            "line feeds"
                                          : "must not contain control characters");
    }
    return text;
}

std::string JsonInput::requireString(std::string_view name) const {
    auto value = optionalString(name);
    if (!value) {
        throw ApiError::invalid(fieldName(name), "is required");
    }
    return *value;
}

std::optional<std::int64_t> JsonInput::optionalInt64(std::string_view name) const {
    const auto* value = find(name);
    if (!value) {
        return std::nullopt;
    }
    if (value->is_number_integer() && !value->is_number_unsigned()) {
        return value->get<std::int64_t>();
    }
    if (value->is_number_unsigned()) {
        const auto unsignedValue = value->get<std::uint64_t>();
        if (unsignedValue > static_cast<std::uint64_t>(INT64_MAX)) {
            throw ApiError::invalid(fieldName(name), "is out of range");
        }
        return static_cast<std::int64_t>(unsignedValue);
    }
    if (value->is_number_float()) {
        throw ApiError::invalid(fieldName(name), "must be a whole number");
    }
    throw ApiError::invalid(fieldName(name), "must be an integer");
}

std::optional<bool> JsonInput::optionalBool(std::string_view name) const {
    const auto* value = find(name);
    if (!value) {
        return std::nullopt;
    }
    if (!value->is_boolean()) {
        throw ApiError::invalid(fieldName(name), "must be true or false");
    }
    return value->get<bool>();
}

std::int64_t JsonInput::requireInt64(std::string_view name) const {
    auto value = optionalInt64(name);
    if (!value) {
        throw ApiError::invalid(fieldName(name), "is required");
    }
    return *value;
}

std::vector<JsonInput> JsonInput::requireObjectArray(std::string_view name) const {
    const auto* value = find(name);
    if (!value) {
        throw ApiError::invalid(fieldName(name), "is required");
    }
    if (!value->is_array()) {
        throw ApiError::invalid(fieldName(name), "must be an array");
    }
    std::vector<JsonInput> out;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const auto element = fieldName(name) + "[" + std::to_string(i) + "]";
        if (!(*value)[i].is_object()) {
            throw ApiError::invalid(element, "must be an object");
        }
        out.emplace_back((*value)[i], element);
    }
    return out;
}

} // namespace lotok::http
