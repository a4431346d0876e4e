#include "events/Outbox.h"

#include "log/Log.h"
#include "util/Crypto.h"

#include <algorithm>

namespace lotok::events {

Outbox::Outbox(db::Pool& pool, std::string schema, EventBus& bus)
    : m_pool(pool), m_schema(std::move(schema)), m_bus(bus) {}

Outbox::~Outbox() { stop(); }

std::string Outbox::add(db::Transaction& tx, std::string_view type, nlohmann::json payload) {
    const auto eventId = util::uuid4();
    payload["event_id"] = eventId;
    const auto row = tx.exec("INSERT INTO " + m_schema +
                                 ".outbox (event_id, type, payload) VALUES ($1, $2, "
                                 "jsonb_set($3::jsonb, '{occurred_at}', to_jsonb(to_char(now() AT "
                                 "TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')))) "
                                 "RETURNING id",
                             {eventId, std::string(type), payload.dump()});
    tx.afterCommit([this] { wake(); });
    return eventId;
}

void Outbox::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_pending = true;
    }
    m_wakeup.notify_one();
}

void Outbox::start() {
    if (!m_thread.joinable()) {
        m_stopping = false;
        m_thread = std::thread([this] { run(); });
    }
}

void Outbox::stop() {
    m_stopping = true;
    wake();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

int Outbox::relayOnce() {
    int published = 0;
    // SKIP LOCKED lets several replicas relay the same outbox without handing an event out
    // twice at once; the row lock is held while the bus delivers it.
    auto tx = m_pool.begin();
    const auto rows = tx.exec("SELECT id, event_id, type, payload::text, attempts FROM " + m_schema +
                              ".outbox WHERE published_at IS NULL AND next_attempt_at <= now() "
                              "ORDER BY id LIMIT 64 FOR UPDATE SKIP LOCKED");
    for (int row = 0; row < rows.rows(); ++row) {
        Event event{rows.string(row, 1), rows.string(row, 2),
                    nlohmann::json::parse(rows.text(row, 3))};
        try {
            m_bus.publish(event);
            tx.exec("UPDATE " + m_schema +
                        ".outbox SET published_at = now(), attempts = attempts + 1 WHERE id = $1",
                    {rows.int64(row, 0)});
            ++published;
        } catch (const std::exception& error) {
            const auto attempts = rows.int64(row, 4) + 1;
            // 0.5 s, 1 s, 2 s ... capped at 5 minutes.
            const double delaySeconds = std::min(300.0, 0.25 * double(1LL << std::min<std::int64_t>(attempts, 12)));
            log::warn("event {} {} not delivered (attempt {}), retry in {:.1f}s: {}", event.type,
                      event.id, attempts, delaySeconds, error.what());
            tx.exec("UPDATE " + m_schema +
                        ".outbox SET attempts = $2, last_error = $3, next_attempt_at = now() + "
                        "make_interval(secs => $4) WHERE id = $1",
                    {rows.int64(row, 0), attempts, std::string(error.what()).substr(0, 1000),
                     std::to_string(delaySeconds)});
        }
    }
    tx.commit();
    return published;
}

void Outbox::run() {
    while (!m_stopping) {
        int published = 0;
        try {
            published = relayOnce();
        } catch (const std::exception& error) {
            log::warn("outbox relay for {} failed: {}", m_schema, error.what());
        }
        if (published > 0) {
            continue; // there may be more
        }
        std::unique_lock lock(m_mutex);
        // Polling covers retries that come due and events written by other processes.
        m_wakeup.wait_for(lock, std::chrono::milliseconds(250),
                          [this] { return m_pending || m_stopping.load(); });
        m_pending = false;
    }
}

} // namespace lotok::events
