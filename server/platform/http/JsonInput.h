#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace lotok::http {

// Reads a request body field by field. Every failure is an ApiError(invalid_request) that
// names the field, so handlers never see a value of the wrong type.
class JsonInput {
public:
    // Parses the body; it must be a JSON object, nested at most kMaxDepth deep.
    static JsonInput parse(std::string_view body);

    // No request body or client message needs more; deeper ones would only cost stack where
    // JSON is walked recursively (serializing it, for one).
    static constexpr int kMaxDepth = 64;
    // True when the arrays and objects of `text` nest deeper than kMaxDepth. A cheap scan of
    // the bytes (strings skipped), meant to run before any parser.
    static bool nestsTooDeep(std::string_view text);
    explicit JsonInput(nlohmann::json object, std::string prefix = {})
        : m_json(std::move(object)), m_prefix(std::move(prefix)) {}

    bool has(std::string_view name) const;
    std::string requireString(std::string_view name) const;
    std::optional<std::string> optionalString(std::string_view name) const;
    // A multi-line text field (a description): the same, but line feeds are allowed.
    std::optional<std::string> optionalText(std::string_view name) const;
    std::int64_t requireInt64(std::string_view name) const;
    std::optional<std::int64_t> optionalInt64(std::string_view name) const;
    // true or false only: not 0/1, not "true".
    std::optional<bool> optionalBool(std::string_view name) const;
    // An array of objects, each wrapped so its fields are named "items[2].count".
    std::vector<JsonInput> requireObjectArray(std::string_view name) const;

    const nlohmann::json& raw() const { return m_json; }

private:
    std::string fieldName(std::string_view name) const;
    std::optional<std::string> stringField(std::string_view name, bool lineFeeds) const;
    const nlohmann::json* find(std::string_view name) const;

    nlohmann::json m_json;
    std::string m_prefix;
};

} // namespace lotok::http
