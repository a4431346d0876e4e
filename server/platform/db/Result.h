#pragma once

#include <cstdint>
#include <libpq-fe.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lotok::db {

// Owns a PGresult. Values come back in text format; the getters convert.
class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) : m_result(result, &PQclear) {}

    int rows() const { return m_result ? PQntuples(m_result.get()) : 0; }
    bool empty() const { return rows() == 0; }
    // Rows touched by INSERT/UPDATE/DELETE.
    std::int64_t affected() const;

    bool isNull(int row, int column) const { return PQgetisnull(m_result.get(), row, column); }
    std::string_view text(int row, int column) const;
    std::string string(int row, int column) const { return std::string(text(row, column)); }
    std::int64_t int64(int row, int column) const;
    bool boolean(int row, int column) const { return text(row, column) == "t"; }
    std::optional<std::string> optionalString(int row, int column) const;
    std::optional<std::int64_t> optionalInt64(int row, int column) const;

private:
    std::shared_ptr<PGresult> m_result;
};

} // namespace lotok::db
