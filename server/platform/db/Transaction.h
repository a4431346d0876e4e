#pragma once

#include "db/Connection.h"
#include "db/Errors.h"
#include "db/Params.h"
#include "db/PooledConnection.h"
#include "db/Result.h"

#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace lotok::db {

// BEGIN with the first statement (one round trip for both), ROLLBACK on destruction unless
// committed. Callbacks registered
// with afterCommit() run once the commit has succeeded (waking the outbox relay, pushing
// to sockets): never for a transaction that rolled back.
class Transaction {
public:
    explicit Transaction(PooledConnection connection);
    Transaction(Transaction&& other) noexcept
        : m_connection(std::move(other.m_connection)), m_open(std::exchange(other.m_open, false)),
          m_begun(std::exchange(other.m_begun, false)),
          m_atCommit(std::move(other.m_atCommit)), m_afterCommit(std::move(other.m_afterCommit)) {}
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    Result exec(std::string_view sql, const Params& params = {}, Plan plan = Plan::Cached);
    // A statement whose result nobody reads (marking rows, SET LOCAL), sent with COMMIT in one
    // round trip; one that fails makes commit() throw, and the transaction rolls back.
    void execAtCommit(std::string sql, Params params = {});
    void commit();
    void afterCommit(std::function<void()> callback);

private:
    PooledConnection m_connection;
    bool m_open = true;
    bool m_begun = false; // BEGIN has been sent
    std::vector<Connection::Statement> m_atCommit;
    std::vector<std::function<void()>> m_afterCommit;
};

} // namespace lotok::db
