#pragma once

#include <stdexcept>
#include <string>

namespace lotok::db {

// A statement failed; sqlState() holds PostgreSQL's five-character code.
class DbError : public std::runtime_error {
public:
    DbError(std::string message, std::string sqlState)
        : std::runtime_error(std::move(message)), m_sqlState(std::move(sqlState)) {}
    const std::string& sqlState() const { return m_sqlState; }
    bool isUniqueViolation() const { return m_sqlState == "23505"; }
    bool isCheckViolation() const { return m_sqlState == "23514"; }
    // Serialization failures and deadlocks: the whole transaction may be retried.
    bool isRetryable() const { return m_sqlState == "40001" || m_sqlState == "40P01"; }

private:
    std::string m_sqlState;
};

// The database cannot be reached, or the pool had no connection in time.
class UnavailableError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace lotok::db
