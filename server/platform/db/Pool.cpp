#include "db/Pool.h"

#include "log/Log.h"
#include "metrics/Metrics.h"

namespace lotok::db {

PooledConnection::~PooledConnection() {
    if (m_connection) {
        m_pool->release(std::move(m_connection), m_eventWork);
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

namespace {
thread_local int t_eventWork = 0;
}

Pool::EventWork::EventWork() {
    ++t_eventWork;
}

Pool::EventWork::~EventWork() {
    --t_eventWork;
}

PooledConnection Pool::acquire() {
    // One histogram for every pool: how long callers wait for a free connection.
    static auto& waitSeconds = metrics::Registry::global().histogram(
        "lotok_db_pool_wait_seconds", "Time a caller waited for a free database connection", {},
        metrics::Registry::secondsBuckets());
    const auto started = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    const auto free = [this] { return !m_idle.empty() || m_open < m_size; };
    // Event work goes first only within three quarters of the pool: past that it queues with
    // the requests, which always keep some connections however far the events are behind.
    const bool eventWork = t_eventWork > 0;
    const bool first = eventWork && m_heldByEventWork < m_size - m_size / 4;
    bool available;
    if (first) {
        ++m_waitingFirst;
        available = m_availableFirst.wait_for(lock, m_acquireTimeout, free);
        --m_waitingFirst;
    } else {
        available = m_available.wait_for(lock, m_acquireTimeout,
                                         [&] { return free() && m_waitingFirst == 0; });
    }
    waitSeconds.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!available) {
        throw UnavailableError("no database connection became free in time");
    }
    // Requests that waited behind event work: a connection freed while it waited may be
    // left over, and its release woke event work, not them.
    const auto passOn = [&] {
        if (m_waitingFirst == 0 && free()) {
            m_available.notify_one();
        }
    };
    if (eventWork) {
        ++m_heldByEventWork;
    }
    if (!m_idle.empty()) {
        auto connection = std::move(m_idle.back());
        m_idle.pop_back();
        passOn();
        lock.unlock();
        try {
            connection->resetIfBroken();
        } catch (...) {
            lock.lock();
            --m_open;
            m_heldByEventWork -= eventWork ? 1 : 0;
            wakeOne();
            throw;
        }
        return PooledConnection(*this, std::move(connection), eventWork);
    }
    ++m_open;
    passOn();
    lock.unlock();
    try {
        return PooledConnection(*this, std::make_unique<Connection>(m_url), eventWork);
    } catch (...) {
        lock.lock();
        --m_open;
        m_heldByEventWork -= eventWork ? 1 : 0;
        wakeOne();
        throw;
    }
}

void Pool::wakeOne() {
    if (m_waitingFirst > 0) {
        m_availableFirst.notify_one();
    } else {
        m_available.notify_one();
    }
}

void Pool::release(std::unique_ptr<Connection> connection, bool eventWork) {
    std::lock_guard lock(m_mutex);
    m_heldByEventWork -= eventWork ? 1 : 0;
    if (connection->healthy()) {
        m_idle.push_back(std::move(connection));
    } else {
        --m_open;
    }
    wakeOne();
}

Transaction Pool::begin() {
    return Transaction(acquire());
}

Result Pool::exec(std::string_view sql, const Params& params, Plan plan) {
    auto connection = acquire();
    return connection->exec(sql, params, plan);
}

} // namespace lotok::db
