#include "db/Result.h"

#include <charconv>
#include <stdexcept>

namespace lotok::db {

std::int64_t Result::affected() const {
    const char* tuples = m_result ? PQcmdTuples(m_result.get()) : "";
    std::int64_t value = 0;
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), value);
    return value;
}

std::string_view Result::text(int row, int column) const {
    return {PQgetvalue(m_result.get(), row, column),
            static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
}

std::int64_t Result::int64(int row, int column) const {
    const auto value = text(row, column);
    std::int64_t out = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (error != std::errc() || end != value.data() + value.size()) {
        throw std::runtime_error("column is not an integer: " + std::string(value));
    }
    return out;
}

std::optional<std::string> Result::optionalString(int row, int column) const {
    if (isNull(row, column)) {
        return std::nullopt;
    }
    return string(row, column);
}

std::optional<std::int64_t> Result::optionalInt64(int row, int column) const {
    if (isNull(row, column)) {
        return std::nullopt;
    }
    return int64(row, column);
}

} // namespace lotok::db
