#pragma once

#include "events/EventBus.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace lotok::util {
class TaskPool;
}

namespace lotok::events {

// Events over NATS JetStream, so services in different processes (and machines) hear each
// other. An event of type "order.order_confirmed" travels on subject
// "lotok.order.order_confirmed" in the stream LOTOK_ORDER (one stream per producing service,
// created when first needed). publish() returns once JetStream stored the event, with the
// event id as Nats-Msg-Id so a relay that publishes twice stores it once.
//
// Each subscription is a JetStream consumer per (consumer name, event type): durable and
// shared by the replicas as a queue group for Delivery::Shared, ephemeral and new-only for
// Delivery::EachReplica. A handler that returns is acked; one that throws is redelivered
// with back-off; after maxDeliver attempts the event is put on the dead-letter stream
// LOTOK_DEAD with its last error (see deadLetters(), retryDeadLetter()) and not tried again.
// Handlers run on a fixed pool of threads (nats.c's global delivery pool).
class NatsBus : public EventBus {
public:
    struct Options {
        std::string urls; // nats://host:port[,nats://host:port...]
        int replicas = 1; // stream replicas (3 on a three-node cluster)
        std::chrono::seconds maxAge = std::chrono::hours(24 * 7);
        int maxDeliver = 8;
        int threads = 16;
        // An event handed to a process that died unacked is redelivered after this. Handlers
        // are short transactions; one slower than this may run twice, which its inbox absorbs.
        std::chrono::seconds ackWait = std::chrono::seconds(5);
    };

    struct DeadLetter {
        std::uint64_t sequence = 0; // in LOTOK_DEAD: the id to retry by
        std::string consumer;
        Event event;
        std::string error;
    };

    explicit NatsBus(Options options);
    ~NatsBus() override;
    NatsBus(const NatsBus&) = delete;
    NatsBus& operator=(const NatsBus&) = delete;

    void publish(const Event& event) override;
    // A wave of a relay's batch on its way to the broker at once, one wait for the acks.
    std::vector<Published> publishAll(const std::vector<const Event*>& events) override;
    void subscribe(std::string consumer, std::vector<std::string> types, EventHandler handler,
                   Delivery delivery = Delivery::Shared, ConsumerStore store = {}) override;
    void start() override;
    void stop() override;
    std::string problem() const override;
    bool lazyCommitsAllowed() const override { return true; }
    // Records the pool a handler's transaction commits on: its message is acked once that
    // database has flushed the commit (see DurableAcks).
    void settleWithin(db::Pool& pool, db::Transaction& tx) override;

    // The dead-letter stream's records, oldest first (at most `limit`).
    std::vector<DeadLetter> deadLetters(std::size_t limit = 1000);
    // A durable consumer as JetStream counts it: the honest lag of a consumer on a broker.
    struct ConsumerState {
        std::string stream;          // LOTOK_ORDER: whose events
        std::string name;            // the durable: "<consumer>_<stream>"
        std::uint64_t pending = 0;   // in the stream, not yet delivered to it (NumPending)
        std::int64_t ackPending = 0; // delivered, not acked yet (NumAckPending)
        std::int64_t redelivered = 0;
    };
    // Every durable consumer of lotok's event streams (the dead-letter stream has none).
    std::vector<ConsumerState> consumerStates();

    // Sends a dead letter to its consumer again (a new delivery for that consumer only) and
    // removes it from LOTOK_DEAD; false when there is no such record.
    bool retryDeadLetter(std::uint64_t sequence);

    static std::string subjectOf(const std::string& type);
    static std::string streamOf(const std::string& type);

    struct Subscription;
    // nats.c's delivery pool calls this with each message (void* keeps nats.h out of here):
    // it goes to its lane, and the call returns at once.
    static void dispatch(void* msg, Subscription& subscription);
    // Handles one message: acked, redelivered later or dead-lettered; never throws.
    static void onMessage(void* msg, Subscription& subscription);

private:
    struct Connection;
    struct DurableAcks;
    struct AsyncPublisher;

    void failed(Subscription& subscription, void* msg, const Event* event, std::uint64_t delivered,
                const std::string& error);
    void keepSubscribing();
    void runLane(const std::string& lane);

    void ensureStream(const std::string& stream, const std::string& subjects);
    void subscribeNow(Subscription& subscription, const std::string& type);
    void publishTo(const std::string& subject, const Event& event,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& msgId);

    Options m_options;
    std::unique_ptr<Connection> m_connection;
    // Asynchronous publishing contexts, one per thread that publishes a wave (publishAll).
    std::mutex m_publishersMutex;
    std::map<std::thread::id, std::unique_ptr<AsyncPublisher>> m_publishers;
    std::mutex m_mutex;
    std::set<std::string> m_streams; // ensured
    std::vector<std::unique_ptr<Subscription>> m_subscriptions;
    bool m_started = false;
    // Subscriptions the broker could not take yet are retried by this thread.
    std::thread m_keeper;
    std::condition_variable m_keeperWakeup;
    bool m_stopping = false;
    // nats.c's delivery threads call handlers that live in m_subscriptions: stop() waits for
    // the calls under way, and a call that starts while stopping leaves its message unacked
    // (the broker delivers it again, to the next start or another replica).
    std::atomic<bool> m_closing{false};
    std::atomic<int> m_inHandler{0};
    // A consumer's messages side by side, in lanes by stream and ordering key on a pool of
    // [events] threads of their own: nats.c hands a subscription's messages over one at a
    // time, so handled on its thread a consumer had one event in flight and its rate was one
    // over a transaction's time. One key's events keep their order in their lane; the
    // broker's MaxAckPending is the window. Not the shared event pool: the outbox relays run
    // there, and a relay waiting behind lanes that wait for its own events stalls them all.
    // A message counts in m_inHandler until its lane is done with it, so stop() waits for the
    // lanes too.
    std::unique_ptr<util::TaskPool> m_handlers;
    std::mutex m_laneMutex;
    struct Queued {
        Subscription* subscription;
        void* msg;
        std::chrono::steady_clock::time_point arrived; // in dispatch()
    };
    std::map<std::string, std::deque<Queued>> m_lanes;
    // Handled messages whose handlers committed without waiting for the disk, acked once
    // their database has flushed those commits; they count in m_inHandler until then.
    std::unique_ptr<DurableAcks> m_durableAcks;
};

} // namespace lotok::events
