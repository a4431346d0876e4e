#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lotok::log {

// Fields every line this thread writes carries while the scope lives: the saga's order id,
// a consumer's event id and type. Scopes nest; an inner one adds to the outer's fields.
class FieldScope {
public:
    FieldScope() = default;
    ~FieldScope();
    FieldScope(const FieldScope&) = delete;
    FieldScope& operator=(const FieldScope&) = delete;

    FieldScope& add(std::string_view key, std::string value);
    FieldScope& add(std::string_view key, std::int64_t value);

    struct Entry {
        std::string key;
        std::string value;
        bool number = false;
    };
    // The fields in force on this thread, outermost first.
    static const std::vector<Entry>& current();

private:
    std::size_t m_added = 0;
};

} // namespace lotok::log
