#pragma once

#include "events/EventBus.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace lotok::util {
class TaskPool;
}

namespace lotok::events {

// The bus of a single process, with a broker's semantics (what NatsBus gives across
// processes), so the default topology and the tests run what production runs.
//
// publish() stores one delivery per shared consumer of the event, in that consumer's own
// schema (table bus_deliveries, one statement per database), and returns: stored, not
// handled. The same event published again within two minutes of being handled is stored
// once (what Nats-Msg-Id gives on JetStream). The stored deliveries go straight to the process's
// event pool (util::TaskPool), one lane per consumer and ordering key, so each consumer gets a
// user's events in order and different users' side by side. A handler that returns marks its
// delivery done; one that throws puts it back with its error and exponential back-off, and after
// maxDeliver attempts it stays as a dead letter (`lotokd events dead`, `lotokd events retry ID`).
// A dispatcher thread hands out the retries that come due, and the deliveries a process left
// leased when it died (at the next start, or when their lease runs out).
//
// Each-replica subscribers (pushes to this process's sockets) are handed the event in memory:
// they store nothing, and the sockets they push to do not outlive the process either.
//
// One process owns a schema's deliveries: a service runs as replicas only over a broker.
class InProcessBus : public EventBus {
public:
    struct Options {
        int maxDeliver = 8;
        // The same back-off as NatsBus: 0.25 s, 0.5 s, 1 s ... 30 s.
        std::chrono::milliseconds firstRetry{250};
        std::chrono::milliseconds maxRetry{std::chrono::seconds(30)};
        // A delivery handed to a lane is leased for this long; one whose process died goes
        // again after it (or when the process starts again).
        std::chrono::seconds lease{30};
        // Deliveries waiting in memory; past it, new ones wait in the database until the
        // lanes catch up, so a backlog costs rows, not memory.
        std::size_t maxQueued = 4096;
        // The consumers' lanes run on a pool of this many threads of their own ([events]
        // threads): not the shared event pool, where the outbox relays run — a relay that
        // picks up a lane waiting for the relay's own next events stalls them all.
        std::size_t threads = 16;
    };

    struct DeadLetter {
        std::string id; // "<schema>.<seq>": what `lotokd events retry` takes
        std::string consumer;
        Event event;
        int attempts = 0;
        std::string error;
    };

    InProcessBus();
    explicit InProcessBus(Options options);
    ~InProcessBus() override;
    InProcessBus(const InProcessBus&) = delete;
    InProcessBus& operator=(const InProcessBus&) = delete;

    void publish(const Event& event) override;
    bool publishWithin(db::Pool& pool, db::Transaction& tx,
                       const std::vector<Event>& events) override;
    // A shared subscription needs its store; an each-replica one has none.
    void subscribe(std::string consumer, std::vector<std::string> types, EventHandler handler,
                   Delivery delivery = Delivery::Shared, ConsumerStore store = {}) override;
    void start() override;
    void stop() override;
    bool keepsDeliveriesWithConsumers() const override { return true; }
    void settleWithin(db::Pool& pool, db::Transaction& tx) override;

    // Hands out every delivery that is due and waits until each was handled or put back for
    // a retry: what a test calls instead of sleeping. Works with or without start().
    void drain();

    // A schema's dead letters, oldest first, and sending one to its consumer again.
    static std::vector<DeadLetter> deadLetters(db::Pool& pool, const std::string& schema,
                                               std::size_t limit = 1000);
    static bool retryDeadLetter(db::Pool& pool, const std::string& schema, std::int64_t seq);

private:
    struct Subscription {
        std::string consumer;
        std::vector<std::string> types;
        EventHandler handler;
        Delivery delivery;
        ConsumerStore store;
    };
    struct Pending {
        const Subscription* subscription = nullptr;
        std::int64_t seq = 0; // 0: in memory only (each-replica)
        Event event;
        int attempts = 1;
    };
    struct Lane {
        std::deque<Pending> queue;
    };

    struct Routes {
        std::map<db::Pool*, std::vector<const Subscription*>> shared; // by the store's database
        std::vector<const Subscription*> observers;
    };
    Routes routesOf(const std::string& type);
    bool hasRoom();
    // Stores `event` for each of `subscriptions` (all in one database) with one statement run
    // by `exec`; returns what to hand to the lanes when `leased`.
    template <typename Exec>
    void store(const Event& event, const std::vector<const Subscription*>& subscriptions,
               bool leased, Exec&& exec, std::vector<Pending>& pendings);
    void handOut(std::vector<Pending> pendings, bool leased, bool stored);
    std::vector<ConsumerStore> stores();
    const Subscription* find(const ConsumerStore& store, const std::string& consumer,
                             const std::string& type);
    std::size_t claim(const ConsumerStore& store);
    std::size_t claimAll();
    void enqueue(Pending pending);
    void runLane(const std::string& lane);
    void deliver(const Pending& pending);
    void finish(const Pending& pending, const std::string& error);
    void run();
    void purge();
    void waitIdle();

    Options m_options;
    std::unique_ptr<util::TaskPool> m_handlers;
    std::shared_mutex m_subscriptionsMutex;
    std::vector<std::unique_ptr<Subscription>> m_subscriptions;

    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    std::condition_variable m_idle;
    std::map<std::string, Lane> m_lanes; // running lanes, by consumer and ordering key
    std::size_t m_queued = 0;
    bool m_due = false;
    bool m_stopping = false;
    std::thread m_dispatcher;
};

} // namespace lotok::events
