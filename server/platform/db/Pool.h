#pragma once

#include "db/Connection.h"
#include "db/PooledConnection.h"
#include "db/Transaction.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lotok::db {

// A fixed-size pool of open connections: no request ever pays for a connection set-up.
class Pool {
public:
    Pool(std::string url, std::size_t size,
         std::chrono::milliseconds acquireTimeout = std::chrono::seconds(5));
    ~Pool();

    // Work already accepted — the outbox relays and the event consumers — takes a free
    // connection before requests do while a Pool::EventWork lives on its thread. Serving it
    // first is the process's admission control: when the events fall behind, new requests
    // wait for connections instead of adding orders faster than their events are handled,
    // so a burst leaves no backlog of events behind it (docs/performance.md).
    class EventWork {
    public:
        EventWork();
        ~EventWork();
        EventWork(const EventWork&) = delete;
        EventWork& operator=(const EventWork&) = delete;
    };

    PooledConnection acquire();
    Transaction begin();
    // One statement in its own implicit transaction.
    Result exec(std::string_view sql, const Params& params = {}, Plan plan = Plan::Cached);

    // Runs body in a transaction and commits; retries on serialization failure or deadlock.
    template <typename Body>
    auto transact(Body&& body) -> decltype(body(std::declval<Transaction&>()));

    const std::string& url() const { return m_url; }
    std::size_t size() const { return m_size; }
    // Connections handed out now (for the metrics).
    std::size_t inUse();

private:
    friend class PooledConnection;
    void release(std::unique_ptr<Connection> connection, bool eventWork);
    void wakeOne(); // with m_mutex held

    std::string m_url;
    std::size_t m_size;
    std::chrono::milliseconds m_acquireTimeout;
    std::mutex m_mutex;
    std::condition_variable m_available;      // requests
    std::condition_variable m_availableFirst; // event work, served first
    std::size_t m_waitingFirst = 0;
    std::size_t m_heldByEventWork = 0;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::size_t m_open = 0;
};

template <typename Body>
auto Pool::transact(Body&& body) -> decltype(body(std::declval<Transaction&>())) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
        try {
            auto tx = begin();
            if constexpr (std::is_void_v<decltype(body(tx))>) {
                body(tx);
                tx.commit();
                return;
            } else {
                auto result = body(tx);
                tx.commit();
                return result;
            }
        } catch (const DbError& error) {
            if (!error.isRetryable() || attempt == kAttempts) {
                throw;
            }
        }
    }
}

} // namespace lotok::db
