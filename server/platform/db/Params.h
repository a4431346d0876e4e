#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lotok::db {

// How a statement is planned. Cached: prepared once per connection and its plan reused — what
// a hot query wants. EachTime: planned at every execution against the tables as they are
// then — for a query over a table that grows from empty in seconds (an outbox during a burst):
// a cached plan made while it was empty (a nested loop over a few rows) stays until the next
// ANALYZE, and on thousands of rows one statement took ten seconds (docs/performance.md).
enum class Plan { Cached, EachTime };

// One query parameter in libpq's text format; nullopt is SQL NULL.
class Param {
public:
    Param(std::nullptr_t) {}
    Param(std::string value) : m_value(std::move(value)) {}
    Param(std::string_view value) : m_value(std::string(value)) {}
    Param(const char* value) : m_value(std::string(value)) {}
    Param(std::int64_t value) : m_value(std::to_string(value)) {}
    Param(int value) : m_value(std::to_string(value)) {}
    Param(bool value) : m_value(value ? "t" : "f") {}
    template <typename T> Param(const std::optional<T>& value) {
        if (value) {
            m_value = Param(*value).m_value;
        }
    }

    const std::optional<std::string>& value() const { return m_value; }

private:
    std::optional<std::string> m_value;
};

using Params = std::vector<Param>;

} // namespace lotok::db
