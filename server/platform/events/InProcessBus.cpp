#include "events/InProcessBus.h"

#include "db/Pool.h"
#include "db/Transaction.h"
#include "events/EventLogScope.h"
#include "events/EventMetrics.h"
#include "log/Log.h"
#include "util/TaskPool.h"

#include <algorithm>
#include <stdexcept>

namespace lotok::events {

namespace {

constexpr auto kPoll = std::chrono::seconds(1);
// How long a handled delivery is kept to recognise the same event published again.
constexpr int kDuplicateWindowSeconds = 120;

bool wants(const std::vector<std::string>& types, const std::string& type) {
    return std::find(types.begin(), types.end(), type) != types.end();
}

std::string laneOf(const std::string& consumer, const std::string& schema, const Event& event) {
    // No key: nothing to keep in order, so the event gets a lane of its own.
    return schema + '.' + consumer + '\n' + (event.key.empty() ? event.id : event.key);
}

// The delivery a lane is handling on this thread, for settleWithin().
struct Handling {
    const void* bus = nullptr;
    db::Pool* pool = nullptr;
    const std::string* schema = nullptr;
    std::int64_t seq = 0;
    bool settled = false;
};
thread_local Handling t_handling;

constexpr const char* kColumns = "seq, consumer, event_id, type, version, ordering_key, "
                                 "occurred_at, request_id, payload::text, attempts, traceparent";

Event eventOf(const db::Result& rows, int row) {
    Event event(rows.string(row, 2), rows.string(row, 3), nlohmann::json::parse(rows.text(row, 8)));
    event.version = static_cast<int>(rows.int64(row, 4));
    event.key = rows.string(row, 5);
    event.occurredAt = rows.string(row, 6);
    event.requestId = rows.string(row, 7);
    event.traceparent = rows.string(row, 10);
    return event;
}

} // namespace

InProcessBus::InProcessBus() : InProcessBus(Options{}) {}

InProcessBus::InProcessBus(Options options)
    : m_options(options),
      m_handlers(std::make_unique<util::TaskPool>(std::max<std::size_t>(1, options.threads))) {}

InProcessBus::~InProcessBus() {
    stop();
    // Lanes use this object: wait for the last one, then for the pool's threads.
    waitIdle();
    m_handlers.reset();
}

void InProcessBus::subscribe(std::string consumer, std::vector<std::string> types,
                             EventHandler handler, Delivery delivery, ConsumerStore store) {
    if (delivery == Delivery::Shared && (store.pool == nullptr || store.schema.empty())) {
        throw std::logic_error("shared consumer " + consumer + " needs a store for its deliveries");
    }
    std::unique_lock lock(m_subscriptionsMutex);
    m_subscriptions.push_back(std::make_unique<Subscription>(Subscription{
        std::move(consumer), std::move(types), std::move(handler), delivery, std::move(store)}));
}

std::vector<ConsumerStore> InProcessBus::stores() {
    std::shared_lock lock(m_subscriptionsMutex);
    std::vector<ConsumerStore> result;
    for (const auto& subscription : m_subscriptions) {
        const auto& store = subscription->store;
        if (subscription->delivery != Delivery::Shared) {
            continue;
        }
        const bool known = std::any_of(result.begin(), result.end(), [&](const auto& other) {
            return other.pool == store.pool && other.schema == store.schema;
        });
        if (!known) {
            result.push_back(store);
        }
    }
    return result;
}

const InProcessBus::Subscription* InProcessBus::find(const ConsumerStore& store,
                                                     const std::string& consumer,
                                                     const std::string& type) {
    std::shared_lock lock(m_subscriptionsMutex);
    for (const auto& subscription : m_subscriptions) {
        if (subscription->delivery == Delivery::Shared && subscription->consumer == consumer &&
            wants(subscription->types, type) && subscription->store.pool == store.pool &&
            subscription->store.schema == store.schema) {
            return subscription.get();
        }
    }
    return nullptr;
}

InProcessBus::Routes InProcessBus::routesOf(const std::string& type) {
    Routes routes;
    std::shared_lock lock(m_subscriptionsMutex);
    for (const auto& subscription : m_subscriptions) {
        if (!wants(subscription->types, type)) {
            continue;
        }
        if (subscription->delivery == Delivery::Shared) {
            routes.shared[subscription->store.pool].push_back(subscription.get());
        } else {
            routes.observers.push_back(subscription.get());
        }
    }
    return routes;
}

bool InProcessBus::hasRoom() {
    std::lock_guard lock(m_mutex);
    return m_queued < m_options.maxQueued && !m_stopping;
}

template <typename Exec>
void InProcessBus::store(const Event& event, const std::vector<const Subscription*>& subscriptions,
                         bool leased, Exec&& exec, std::vector<Pending>& pendings) {
    // One statement per database stores the event for every consumer in it, already leased to
    // this process when the lanes have room (then it goes to them directly). A repeat of an
    // event (a relay that published twice) is stored once.
    std::string sql = "WITH ";
    std::string select;
    db::Params params{event.id,
                      event.type,
                      event.version,
                      event.key,
                      event.occurredAt,
                      event.requestId,
                      event.payload.dump(),
                      static_cast<std::int64_t>(m_options.lease.count()),
                      leased,
                      event.traceparent};
    for (std::size_t i = 0; i < subscriptions.size(); ++i) {
        const auto n = std::to_string(i);
        params.emplace_back(subscriptions[i]->consumer);
        sql += (i ? ", d" : "d") + n + " AS (INSERT INTO " + subscriptions[i]->store.schema +
               ".bus_deliveries (consumer, event_id, type, version, ordering_key, "
               "occurred_at, request_id, payload, attempts, leased_until, traceparent) "
               "VALUES ($" +
               std::to_string(11 + i) +
               ", $1, $2, $3, $4, $5, $6, $7::jsonb, CASE WHEN $9 THEN 1 ELSE 0 END, CASE "
               "WHEN $9 THEN now() + $8 * interval '1 second' END, $10) ON CONFLICT (consumer, "
               "event_id) DO NOTHING RETURNING seq)";
        select += (i ? " UNION ALL SELECT " : " SELECT ") + n + ", seq FROM d" + n;
    }
    const auto stored = exec(sql + select, params);
    if (!leased) {
        return;
    }
    for (int row = 0; row < stored.rows(); ++row) {
        pendings.push_back(Pending{subscriptions[static_cast<std::size_t>(stored.int64(row, 0))],
                                   stored.int64(row, 1), event, 1});
    }
}

void InProcessBus::handOut(std::vector<Pending> pendings, bool leased, bool stored) {
    if (!leased && stored) {
        // Stored but not leased: the dispatcher hands them out as the lanes catch up.
        std::lock_guard lock(m_mutex);
        m_due = true;
        m_wakeup.notify_one();
    }
    for (auto& pending : pendings) {
        enqueue(std::move(pending));
    }
}

void InProcessBus::publish(const Event& event) {
    const auto routes = routesOf(event.type);
    const bool leased = hasRoom();
    std::vector<Pending> pendings;
    for (const auto& [pool, subscriptions] : routes.shared) {
        store(
            event, subscriptions, leased,
            [pool = pool](const std::string& sql, const db::Params& params) {
                return pool->exec(sql, params);
            },
            pendings);
    }
    for (const auto* observer : routes.observers) {
        pendings.push_back(Pending{observer, 0, event, 1});
    }
    handOut(std::move(pendings), leased, !routes.shared.empty());
}

bool InProcessBus::publishWithin(db::Pool& pool, db::Transaction& tx,
                                 const std::vector<Event>& events) {
    std::vector<Routes> routes;
    routes.reserve(events.size());
    bool stored = false;
    for (const auto& event : events) {
        routes.push_back(routesOf(event.type));
        for (const auto& [store, subscriptions] : routes.back().shared) {
            if (store != &pool) {
                return false; // a consumer keeps its deliveries in another database
            }
            stored = true;
        }
    }
    const bool leased = hasRoom();
    std::vector<Pending> pendings;
    for (std::size_t i = 0; i < events.size(); ++i) {
        for (const auto& [store, subscriptions] : routes[i].shared) {
            this->store(
                events[i], subscriptions, leased,
                [&tx](const std::string& sql, const db::Params& params) {
                    return tx.exec(sql, params);
                },
                pendings);
        }
        for (const auto* observer : routes[i].observers) {
            pendings.push_back(Pending{observer, 0, events[i], 1});
        }
    }
    // Handed out once stored for good: a rollback leaves the events in the outbox, unpublished.
    tx.afterCommit([this, pendings = std::move(pendings), leased, stored]() mutable {
        handOut(std::move(pendings), leased, stored);
    });
    return true;
}

void InProcessBus::enqueue(Pending pending) {
    const auto& subscription = *pending.subscription;
    const auto lane = laneOf(subscription.consumer, subscription.store.schema, pending.event);
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
        return; // still leased in its store: handed out again at the next start
    }
    auto [found, created] = m_lanes.try_emplace(lane);
    found->second.queue.push_back(std::move(pending));
    ++m_queued;
    if (created) {
        m_handlers->post([this, lane] { runLane(lane); });
    }
}

void InProcessBus::runLane(const std::string& lane) {
    const db::Pool::EventWork eventWork; // its transactions go before requests'
    while (true) {
        Pending pending;
        {
            std::lock_guard lock(m_mutex);
            auto found = m_lanes.find(lane);
            if (found->second.queue.empty() || m_stopping) {
                m_queued -= found->second.queue.size();
                m_lanes.erase(found);
                if (m_lanes.empty()) {
                    m_idle.notify_all();
                }
                return;
            }
            pending = std::move(found->second.queue.front());
            found->second.queue.pop_front();
            --m_queued;
        }
        deliver(pending);
    }
}

void InProcessBus::settleWithin(db::Pool& pool, db::Transaction& tx) {
    auto& handling = t_handling;
    if (handling.bus != this || handling.seq == 0 || handling.pool != &pool) {
        return; // not this bus's delivery, or kept elsewhere: finish() marks it
    }
    // Sent with COMMIT, one round trip for both.
    tx.execAtCommit("UPDATE " + *handling.schema +
                        ".bus_deliveries SET done_at = now(), leased_until = NULL WHERE seq = $1",
                    {handling.seq});
    // Only a commit makes it true: a handler that throws after this rolls the mark back with
    // its effects, and finish() then schedules the retry.
    handling.settled = true;
}

void InProcessBus::deliver(const Pending& pending) {
    EventLogScope scope(pending.event, pending.subscription->consumer);
    t_handling = Handling{this, pending.subscription->store.pool,
                          &pending.subscription->store.schema, pending.seq, false};
    std::string error;
    try {
        pending.subscription->handler(pending.event);
    } catch (const std::exception& failure) {
        error = *failure.what() ? failure.what() : "exception without a message";
    } catch (...) {
        error = "unknown exception";
    }
    const bool settled = t_handling.settled && error.empty();
    t_handling = Handling{};
    if (settled) {
        return; // marked done in the handler's own transaction
    }
    try {
        finish(pending, error);
    } catch (const std::exception& failure) {
        // The delivery stays leased and goes again when the lease runs out.
        log::warn("consumer {}: could not record the outcome of {} {}: {}",
                  pending.subscription->consumer, pending.event.type, pending.event.id,
                  failure.what());
    } catch (...) {
        // A pool thread must not end on it either.
        log::warn("consumer {}: could not record the outcome of {} {}",
                  pending.subscription->consumer, pending.event.type, pending.event.id);
    }
}

void InProcessBus::finish(const Pending& pending, const std::string& error) {
    const auto& subscription = *pending.subscription;
    if (pending.seq == 0) {
        if (!error.empty()) {
            log::warn("observer {} failed on {} {}: {}", subscription.consumer, pending.event.type,
                      pending.event.id, error);
        }
        return;
    }
    const auto& schema = subscription.store.schema;
    if (error.empty()) {
        // Kept a while as done, so a relay that publishes the event again in that time stores
        // nothing (JetStream's duplicate window). Losing this in a crash only means one more
        // delivery, which the consumer's inbox drops: no need to wait for the disk.
        subscription.store.pool->transact([&](db::Transaction& tx) {
            tx.exec("SET LOCAL synchronous_commit = off");
            tx.exec("UPDATE " + schema +
                        ".bus_deliveries SET done_at = now(), leased_until = NULL WHERE seq = $1",
                    {pending.seq});
        });
        return;
    }
    const bool dead = pending.attempts >= m_options.maxDeliver;
    const auto shift = std::min(pending.attempts - 1, 20);
    const auto delay = std::min<std::int64_t>(m_options.maxRetry.count(),
                                              m_options.firstRetry.count() * (1LL << shift));
    subscription.store.pool->exec(
        "UPDATE " + schema +
            ".bus_deliveries SET leased_until = NULL, last_error = $2, next_attempt_at = now() + "
            "$3 * interval '1 millisecond', dead_at = CASE WHEN $4 THEN now() END WHERE seq = $1",
        {pending.seq, error, static_cast<std::int64_t>(delay), dead});
    if (dead) {
        eventMetrics::deadLettered(subscription.consumer);
        log::error("consumer {} gave up on {} {} after {} attempts: {} (lotokd events dead)",
                   subscription.consumer, pending.event.type, pending.event.id, pending.attempts,
                   error);
    } else {
        eventMetrics::retried(subscription.consumer);
        log::warn("consumer {} refused {} {} (attempt {}, again in {} ms): {}",
                  subscription.consumer, pending.event.type, pending.event.id, pending.attempts,
                  delay, error);
    }
}

std::size_t InProcessBus::claim(const ConsumerStore& store) {
    std::size_t room;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queued >= m_options.maxQueued) {
            return 0;
        }
        room = m_options.maxQueued - m_queued;
    }
    const auto rows = store.pool->exec(
        "UPDATE " + store.schema +
            ".bus_deliveries SET leased_until = now() + $1 * interval '1 second', attempts = "
            "attempts + 1 WHERE seq IN (SELECT seq FROM " +
            store.schema +
            ".bus_deliveries WHERE dead_at IS NULL AND done_at IS NULL AND next_attempt_at <= "
            "now() "
            "AND "
            "(leased_until IS NULL OR leased_until < now()) ORDER BY seq LIMIT $2 FOR UPDATE "
            "SKIP LOCKED) RETURNING " +
            kColumns,
        {static_cast<std::int64_t>(m_options.lease.count()),
         static_cast<std::int64_t>(std::min<std::size_t>(room, 512))},
        db::Plan::EachTime); // the table grows from empty in a burst: see Outbox::relayOnce
    std::vector<Pending> claimed;
    for (int row = 0; row < rows.rows(); ++row) {
        const auto* subscription = find(store, rows.string(row, 1), rows.string(row, 3));
        if (subscription == nullptr) {
            // A consumer this build no longer has: the row waits (lotokd events dead shows it
            // once it is dead; nothing else will take it).
            continue;
        }
        claimed.push_back(Pending{subscription, rows.int64(row, 0), eventOf(rows, row),
                                  static_cast<int>(rows.int64(row, 9))});
    }
    std::sort(claimed.begin(), claimed.end(),
              [](const Pending& a, const Pending& b) { return a.seq < b.seq; });
    for (auto& pending : claimed) {
        enqueue(std::move(pending));
    }
    return static_cast<std::size_t>(rows.rows());
}

std::size_t InProcessBus::claimAll() {
    std::size_t claimed = 0;
    for (const auto& store : stores()) {
        try {
            claimed += claim(store);
        } catch (const std::exception& error) {
            log::warn("in-process bus: could not hand out the deliveries of {}: {}", store.schema,
                      error.what());
        }
    }
    return claimed;
}

void InProcessBus::start() {
    if (m_dispatcher.joinable()) {
        return;
    }
    // What this process held when it last stopped (or died) goes again now, not in a lease.
    for (const auto& store : stores()) {
        store.pool->exec("UPDATE " + store.schema +
                         ".bus_deliveries SET leased_until = NULL WHERE leased_until IS NOT NULL "
                         "AND dead_at IS NULL AND done_at IS NULL");
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_due = true;
    }
    m_dispatcher = std::thread([this] { run(); });
}

void InProcessBus::purge() {
    for (const auto& store : stores()) {
        try {
            store.pool->exec("DELETE FROM " + store.schema +
                                 ".bus_deliveries WHERE done_at < now() - $1 * interval '1 second'",
                             {kDuplicateWindowSeconds});
        } catch (const std::exception& error) {
            log::warn("in-process bus: could not purge the handled deliveries of {}: {}",
                      store.schema, error.what());
        }
    }
}

void InProcessBus::run() {
    auto nextPurge = std::chrono::steady_clock::now();
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            m_wakeup.wait_for(lock, kPoll, [this] { return m_stopping || m_due; });
            if (m_stopping) {
                return;
            }
            m_due = false;
        }
        while (claimAll() > 0) {
        }
        if (std::chrono::steady_clock::now() >= nextPurge) {
            purge();
            nextPurge = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        }
    }
}

void InProcessBus::waitIdle() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_lanes.empty(); });
}

void InProcessBus::drain() {
    while (true) {
        const auto claimed = claimAll();
        waitIdle();
        if (claimed == 0) {
            return;
        }
    }
}

void InProcessBus::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wakeup.notify_all();
    if (m_dispatcher.joinable()) {
        m_dispatcher.join();
    }
    // Lanes finish the delivery in hand and leave the rest leased for the next start.
    waitIdle();
}

std::vector<InProcessBus::DeadLetter>
InProcessBus::deadLetters(db::Pool& pool, const std::string& schema, std::size_t limit) {
    const auto rows =
        pool.exec(std::string("SELECT ") + kColumns + ", coalesce(last_error, '') FROM " + schema +
                      ".bus_deliveries WHERE dead_at IS NOT NULL ORDER BY seq LIMIT $1",
                  {static_cast<std::int64_t>(limit)});
    std::vector<DeadLetter> letters;
    for (int row = 0; row < rows.rows(); ++row) {
        letters.push_back(DeadLetter{schema + "." + rows.string(row, 0), rows.string(row, 1),
                                     eventOf(rows, row), static_cast<int>(rows.int64(row, 9)),
                                     rows.string(row, 11)});
    }
    return letters;
}

bool InProcessBus::retryDeadLetter(db::Pool& pool, const std::string& schema, std::int64_t seq) {
    // A fresh start for that consumer only: the next dispatcher round hands it out.
    return pool.exec("UPDATE " + schema +
                         ".bus_deliveries SET dead_at = NULL, attempts = 0, next_attempt_at = "
                         "now(), leased_until = NULL WHERE seq = $1 AND dead_at IS NOT NULL",
                     {seq})
               .affected() == 1;
}

} // namespace lotok::events
