#include "log/FieldScope.h"

namespace lotok::log {
namespace {
thread_local std::vector<FieldScope::Entry> t_fields;
}

FieldScope::~FieldScope() {
    t_fields.resize(t_fields.size() - m_added);
}

FieldScope& FieldScope::add(std::string_view key, std::string value) {
    t_fields.push_back({std::string(key), std::move(value), false});
    ++m_added;
    return *this;
}

FieldScope& FieldScope::add(std::string_view key, std::int64_t value) {
    t_fields.push_back({std::string(key), std::to_string(value), true});
    ++m_added;
    return *this;
}

const std::vector<FieldScope::Entry>& FieldScope::current() {
    return t_fields;
}

} // namespace lotok::log
