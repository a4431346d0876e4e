#include "db/Pool.h"

#include "log/Log.h"
#include "metrics/Metrics.h"

namespace lotok::db {

PooledConnection::~PooledConnection() {
    if (m_connection) {
        m_pool->release(std::move(m_connection));
    }
}

Pool::Pool(std::string url, std::size_t size, std::chrono::milliseconds acquireTimeout)
    : m_url(std::move(url)), m_size(size == 0 ? 1 : size), m_acquireTimeout(acquireTimeout) {
    // Open one connection now so a wrong URL fails at start-up, not at the first request.
    m_idle.push_back(std::make_unique<Connection>(m_url));
    m_open = 1;
}

Pool::~Pool() = default;

std::size_t Pool::inUse() {
    std::lock_guard lock(m_mutex);
    return m_open - m_idle.size();
}

PooledConnection Pool::acquire() {
    // One histogram for every pool: how long callers wait for a free connection.
    static auto& waitSeconds = metrics::Registry::global().histogram(
        "lotok_db_pool_wait_seconds", "Time a caller waited for a free database connection", {},
        metrics::Registry::secondsBuckets());
    const auto started = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    const bool available = m_available.wait_for(
        lock, m_acquireTimeout, [this] { return !m_idle.empty() || m_open < m_size; });
    waitSeconds.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!available) {
        throw UnavailableError("no database connection became free in time");
    }
    if (!m_idle.empty()) {
        auto connection = std::move(m_idle.back());
        m_idle.pop_back();
        lock.unlock();
        try {
            connection->resetIfBroken();
        } catch (...) {
            lock.lock();
            --m_open;
            m_available.notify_one();
            throw;
        }
        return PooledConnection(*this, std::move(connection));
    }
    ++m_open;
    lock.unlock();
    try {
        return PooledConnection(*this, std::make_unique<Connection>(m_url));
    } catch (...) {
        lock.lock();
        --m_open;
        m_available.notify_one();
        throw;
    }
}

void Pool::release(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(m_mutex);
    if (connection->healthy()) {
        m_idle.push_back(std::move(connection));
    } else {
        --m_open;
    }
    m_available.notify_one();
}

Transaction Pool::begin() {
    return Transaction(acquire());
}

Result Pool::exec(std::string_view sql, const Params& params) {
    auto connection = acquire();
    return connection->exec(sql, params);
}

} // namespace lotok::db
