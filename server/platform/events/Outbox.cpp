#include "events/Outbox.h"

#include "events/EventMetrics.h"
#include "log/Log.h"
#include "log/RequestScope.h"
#include "metrics/Metrics.h"
#include "util/Crypto.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lotok::events {

Outbox::Outbox(db::Pool& pool, std::string schema, EventBus& bus, std::string service)
    : m_pool(pool), m_schema(std::move(schema)), m_bus(bus),
      m_published(metrics::Registry::global().counter(
          "lotok_outbox_published_total",
          "Events this process's relay published and marked published (summed over replicas: "
          "each event once)",
          {{"service", service.empty() ? m_schema : service}})) {}

Outbox::~Outbox() {
    stop();
}

std::string Outbox::add(db::Transaction& tx, std::string_view type, nlohmann::json payload,
                        int version, const std::string& orderingKey) {
    const auto eventId = util::uuid4();
    payload["event_id"] = eventId;
    const auto& requestId = log::RequestScope::current();
    const auto& traceparent = log::RequestScope::traceparent();
    // Written with the COMMIT (one round trip for both; nothing reads it before), so its id
    // is taken as the transaction ends: rows of one key come in the order their transactions
    // commit, closer to the order the relay must keep.
    tx.execAtCommit(
        "INSERT INTO " + m_schema +
            ".outbox (event_id, type, payload, version, ordering_key, request_id, traceparent) "
            "VALUES ($1, $2, jsonb_set($3::jsonb, '{occurred_at}', to_jsonb(to_char(now() AT "
            "TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))), $4, NULLIF($5, ''), "
            "NULLIF($6, ''), NULLIF($7, ''))",
        {eventId, std::string(type), payload.dump(), version, orderingKey, requestId, traceparent});
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

namespace {

// Events about the same user (then the same position, the same order) keep their order:
// a user's notifications are numbered in the order they happen, which resume relies on.
// Events about different ones may be handled side by side.
std::string orderingKey(const Event& event) {
    if (!event.key.empty()) {
        return event.key; // as its producer said
    }
    // Rows written before the outbox kept the key: the same order, guessed from the payload.
    const auto& payload = event.payload;
    if (payload.contains("user_id")) {
        return "user:" + payload["user_id"].dump();
    }
    if (payload.contains("position") && payload["position"].is_object() &&
        payload["position"].contains("id")) {
        return "position:" + payload["position"]["id"].dump();
    }
    if (payload.contains("order_id")) {
        return "order:" + payload["order_id"].dump();
    }
    return "event:" + event.id;
}

// A PostgreSQL array literal of ids, for `= ANY($1::bigint[])`.
std::string arrayLiteral(const std::vector<std::int64_t>& ids) {
    std::string text = "{";
    for (const auto id : ids) {
        text += (text.size() > 1 ? "," : "") + std::to_string(id);
    }
    return text + "}";
}

} // namespace

int Outbox::relayOnce() {
    // Where a slow round spent its time, for the warning below.
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const db::Pool::EventWork eventWork; // goes before requests for its connection
    // SKIP LOCKED lets several replicas relay the same outbox without handing an event out
    // twice at once; the row lock is held while the bus delivers it.
    auto tx = m_pool.begin();
    // One statement picks the batch and says which of its events wait: an earlier event of
    // a key that is neither published nor in this batch is another replica's (its row was
    // skipped as locked), and the batch's events of that key wait for it, since the bus must
    // get one key's events in order. The events of a key in this batch go out one after
    // another, wave by wave. (The wait used to be in the batch's own condition, against every
    // unpublished earlier row, which left one event per key per batch: a backlog on Stock's
    // two busy positions drained at two events a round, over a minute after a JetStream node
    // came back. It then was a second statement, a round trip of its own each round.)
    const auto outbox = m_schema + ".outbox";
    const auto rows = tx.exec(
        "WITH batch AS (SELECT id, event_id, type, payload, attempts, version, ordering_key, "
        "request_id, traceparent FROM " +
            outbox +
            " o WHERE published_at IS NULL AND next_attempt_at <= now() "
            // An event waits for the earlier ones with its key: one refused and waiting out
            // its back-off holds back the rest of its key.
            "AND NOT EXISTS (SELECT 1 FROM " +
            outbox +
            " e WHERE e.ordering_key = o.ordering_key AND e.id < o.id "
            "AND e.published_at IS NULL AND e.next_attempt_at > now()) "
            "ORDER BY id LIMIT 64 FOR UPDATE SKIP LOCKED) "
            "SELECT b.id, b.event_id, b.type, b.payload::text, b.attempts, b.version, "
            "COALESCE(b.ordering_key, ''), COALESCE(b.request_id, ''), "
            "COALESCE(b.payload->>'occurred_at', ''), COALESCE(b.traceparent, ''), "
            "b.ordering_key IS NOT NULL AND EXISTS (SELECT 1 FROM " +
            outbox +
            " e WHERE e.ordering_key = b.ordering_key AND e.id < b.id AND "
            "e.published_at IS NULL AND e.id NOT IN (SELECT id FROM batch)) "
            "FROM batch b ORDER BY b.id",
        // Planned each round: a plan cached while the outbox was nearly empty (a nested
        // loop) made the batch's query take ten seconds on a burst's backlog, until
        // autovacuum's ANALYZE replaced it.
        {}, db::Plan::EachTime);
    const auto count = static_cast<std::size_t>(rows.rows());
    std::set<std::int64_t> heldBack;
    for (int r = 0; r < static_cast<int>(count); ++r) {
        if (rows.boolean(r, 10)) {
            heldBack.insert(rows.int64(r, 0));
        }
    }
    const auto selected = Clock::now();
    std::vector<Event> events;
    events.reserve(count);
    for (std::size_t row = 0; row < count; ++row) {
        const int r = static_cast<int>(row);
        Event event{rows.string(r, 1), rows.string(r, 2), nlohmann::json::parse(rows.text(r, 3))};
        event.version = static_cast<int>(rows.int64(r, 5));
        event.key = rows.string(r, 6);
        event.requestId = rows.string(r, 7);
        event.occurredAt = rows.string(r, 8);
        event.traceparent = rows.string(r, 9);
        events.push_back(std::move(event));
    }
    // The batch in outbox order, without the events held back; and the same as waves: the
    // n-th event of each key in the n-th wave, so a wave's events may be on their way to the
    // broker at once while one key's events still go one after another.
    std::vector<std::size_t> order;
    std::vector<std::vector<std::size_t>> waves;
    std::unordered_map<std::string, std::size_t> eventsOfKey;
    for (std::size_t i = 0; i < count; ++i) {
        if (heldBack.count(rows.int64(static_cast<int>(i), 0))) {
            continue; // not tried: its key's earlier event is not ours
        }
        order.push_back(i);
        const auto wave = eventsOfKey[orderingKey(events[i])]++;
        if (waves.size() <= wave) {
            waves.resize(wave + 1);
        }
        waves[wave].push_back(i);
    }
    std::vector<std::string> errors(count);
    std::vector<char> delivered(count, 0);
    // A bus that keeps its deliveries in this database takes the whole batch in this
    // transaction: one statement per event, one commit for the batch and its marks. During a
    // burst, a commit per event (each waiting for a pool connection behind the requests, then
    // for its WAL flush) held the relay near 100 events/s while orders came at 600/s.
    bool together = false;
    // Only a bus that keeps deliveries in databases can take a batch in this transaction: a
    // broker's relay saves the copy and the savepoint's round trip.
    if (!order.empty() && m_bus.keepsDeliveriesWithConsumers()) {
        std::vector<Event> batch;
        for (const auto i : order) {
            batch.push_back(events[i]);
        }
        // An event the bus cannot store (a consumer's schema not there yet) fails the whole
        // statement list: back to the savepoint, and the events go wave by wave below, where
        // the refused one gets its back-off and nothing behind it overtakes it.
        tx.exec("SAVEPOINT publish_within");
        try {
            together = m_bus.publishWithin(m_pool, tx, batch);
        } catch (const db::DbError& error) {
            log::debug("outbox relay for {}: the batch did not go together ({}); one by one",
                       m_schema, error.what());
            tx.exec("ROLLBACK TO SAVEPOINT publish_within");
        }
    }
    bool refused = false;
    if (together) {
        for (const auto i : order) {
            delivered[i] = 1;
        }
    } else {
        // Wave after wave; the first refusal ends the batch. A refusal is most often the
        // broker away, when each further wave would wait the bus's whole publish timeout (5 s
        // on NATS) while this transaction holds the batch and the events due behind it. And
        // the next wave has events of its keys: they must not go before it. What was not
        // tried stays as it was. (Before the waves, sixteen threads published one event at a
        // time each, and on a three-node JetStream a batch of 64 waited for four quorum
        // round trips one after another; a wave waits for one.)
        for (const auto& wave : waves) {
            std::vector<const Event*> items;
            items.reserve(wave.size());
            for (const auto i : wave) {
                items.push_back(&events[i]);
            }
            const auto results = m_bus.publishAll(items);
            for (std::size_t k = 0; k < wave.size() && k < results.size(); ++k) {
                delivered[wave[k]] = results[k].stored;
                errors[wave[k]] = results[k].error;
                refused = refused || !results[k].stored;
            }
            if (refused) {
                break;
            }
        }
    }
    const auto publishedAt = Clock::now();

    int published = 0;
    std::vector<std::int64_t> publishedIds;
    for (std::size_t i = 0; i < count; ++i) {
        const int r = static_cast<int>(i);
        if (delivered[i]) {
            publishedIds.push_back(rows.int64(r, 0));
            ++published;
            continue;
        }
        if (errors[i].empty()) {
            continue; // not tried
        }
        const auto attempts = rows.int64(r, 4) + 1;
        // 0.5 s, 1 s, 2 s ... capped at 30 s: once the broker is back, an event it refused
        // waits at most that long (and the events with its key behind it).
        const double delaySeconds =
            std::min(30.0, 0.25 * double(1LL << std::min<std::int64_t>(attempts, 8)));
        log::warn("event {} {} not delivered (attempt {}), retry in {:.1f}s: {}", events[i].type,
                  events[i].id, attempts, delaySeconds, errors[i]);
        tx.execAtCommit(
            "UPDATE " + outbox +
                " SET attempts = $2, last_error = $3, next_attempt_at = now() + "
                "make_interval(secs => $4) WHERE id = $1",
            {rows.int64(r, 0), attempts, errors[i].substr(0, 1000), std::to_string(delaySeconds)});
    }
    if (published > 0) {
        tx.execAtCommit("UPDATE " + outbox +
                            " SET published_at = now(), attempts = attempts + 1 WHERE id = "
                            "ANY($1::bigint[])",
                        {arrayLiteral(publishedIds)});
    }
    if (count > 0) {
        // Marking events published need not wait for its WAL flush: were it lost in a
        // crash, the events would be delivered again and the consumers' inboxes would drop
        // the repeats. Not waiting lets the next batch start one flush sooner. Deliveries
        // stored in this transaction (publishWithin) are lost with their marks or kept with
        // them, never one without the other: the outbox row, committed with the change it
        // describes, stays the durable record until both are. The marks, this and COMMIT go
        // in one round trip.
        tx.execAtCommit("SET LOCAL synchronous_commit = off");
    }
    tx.commit();
    const auto done = Clock::now();
    // A round holds its rows (and the events due behind them) while it lasts: one that takes
    // seconds is worth a line that says where they went.
    if (done - started > std::chrono::seconds(5)) {
        const auto seconds = [](Clock::duration d) {
            return std::chrono::duration<double>(d).count();
        };
        log::warn("outbox relay for {}: a round of {} events took {:.1f}s (select {:.1f}s, "
                  "publish {:.1f}s in {} waves, mark {:.1f}s)",
                  m_schema, count, seconds(done - started), seconds(selected - started),
                  seconds(publishedAt - selected), waves.size(), seconds(done - publishedAt));
    }
    if (count > 0) {
        eventMetrics::stageTook("relay_select", selected - started);
        eventMetrics::stageTook("relay_publish", publishedAt - selected);
        eventMetrics::stageTook("relay_mark", done - publishedAt);
    }
    m_published.inc(published);
    m_refusedLastRound = refused;
    return published;
}

void Outbox::run() {
    int refusedRounds = 0;
    while (!m_stopping) {
        int published = 0;
        m_refusedLastRound = false;
        try {
            published = relayOnce();
        } catch (const std::exception& error) {
            log::warn("outbox relay for {} failed: {}", m_schema, error.what());
        } catch (...) {
            log::warn("outbox relay for {} failed: unknown exception", m_schema);
        }
        if (published > 0) {
            refusedRounds = 0;
            continue; // there may be more
        }
        std::unique_lock lock(m_mutex);
        if (m_refusedLastRound) {
            // Refused and nothing through: the broker is likely away. New events do not wake
            // the relay then, it waits 0.5 s, 1 s ... at most 5 s before it asks again.
            ++refusedRounds;
            const auto pause = std::chrono::milliseconds(
                std::min<std::int64_t>(5000, 250LL << std::min(refusedRounds, 5)));
            m_wakeup.wait_for(lock, pause, [this] { return m_stopping.load(); });
            m_pending = false;
            continue;
        }
        refusedRounds = 0;
        // Polling covers retries that come due and events written by other processes.
        m_wakeup.wait_for(lock, std::chrono::milliseconds(250),
                          [this] { return m_pending || m_stopping.load(); });
        m_pending = false;
    }
}

} // namespace lotok::events
