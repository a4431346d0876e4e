#pragma once

#include "db/Connection.h"

#include <memory>

namespace lotok::db {

class Pool;

// A connection borrowed from the pool; returned (or dropped when broken) on destruction.
class PooledConnection {
public:
    PooledConnection(Pool& pool, std::unique_ptr<Connection> connection, bool eventWork = false)
        : m_pool(&pool), m_connection(std::move(connection)), m_eventWork(eventWork) {}
    PooledConnection(PooledConnection&& other) noexcept = default;
    PooledConnection& operator=(PooledConnection&&) = delete;
    ~PooledConnection();

    Connection& operator*() { return *m_connection; }
    Connection* operator->() { return m_connection.get(); }

private:
    Pool* m_pool;
    std::unique_ptr<Connection> m_connection;
    bool m_eventWork; // taken by event work: counted against its share of the pool
};

} // namespace lotok::db
