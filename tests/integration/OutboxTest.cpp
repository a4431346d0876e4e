#include "events/Outbox.h"

#include "LotokdProcess.h"
#include "db/Migrator.h"
#include "db/Pool.h"
#include "events/InProcessBus.h"
#include "util/Crypto.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

using namespace lotok;

namespace {

struct Fixture {
    db::Pool pool{test::createTestDatabase(), 4};
    events::InProcessBus bus{quickRetries()};
    events::Outbox outbox{pool, "svc", bus};
    Fixture() { db::Migrator(pool).apply(db::platformMigrations("svc")); }

    static events::InProcessBus::Options quickRetries() {
        events::InProcessBus::Options options;
        options.maxDeliver = 3;
        return options;
    }
    void makeAllDue() { pool.exec("UPDATE svc.outbox SET next_attempt_at = now()"); }
    void makeDeliveriesDue() { pool.exec("UPDATE svc.bus_deliveries SET next_attempt_at = now()"); }
    events::ConsumerStore store() { return {&pool, "svc"}; }
    void add(const std::string& type, nlohmann::json payload = nlohmann::json::object(),
             const std::string& key = {}) {
        auto tx = pool.begin();
        outbox.add(tx, type, std::move(payload), 1, key);
        tx.commit();
    }
    std::int64_t count(const std::string& sql) { return pool.exec(sql).int64(0, 0); }
};

} // namespace

TEST_CASE_METHOD(Fixture, "an event is published only if its transaction commits") {
    std::vector<std::string> seen;
    bus.subscribe(
        "test", {"thing.happened"},
        [&](const events::Event& event) { seen.push_back(event.payload.at("n").dump()); },
        events::Delivery::Shared, store());
    {
        auto tx = pool.begin();
        outbox.add(tx, "thing.happened", {{"n", 1}});
        // rolled back: never committed
    }
    add("thing.happened", {{"n", 2}});
    CHECK(outbox.relayOnce() == 1);
    bus.drain();
    CHECK(seen == std::vector<std::string>{"2"});
    CHECK(outbox.relayOnce() == 0);
}

TEST_CASE_METHOD(Fixture, "payloads carry event_id and occurred_at, headers the key") {
    nlohmann::json payload;
    std::string key;
    bus.subscribe(
        "test", {"x"},
        [&](const events::Event& event) {
            payload = event.payload;
            key = event.key;
        },
        events::Delivery::Shared, store());
    std::string id;
    {
        auto tx = pool.begin();
        id = outbox.add(tx, "x", {{"order_id", 5}}, 1, "user:7");
        tx.commit();
    }
    outbox.relayOnce();
    bus.drain();
    CHECK(payload["event_id"] == id);
    CHECK(payload["order_id"] == 5);
    CHECK(payload["occurred_at"].get<std::string>().size() == 24); // 2026-11-24T05:45:46.123Z
    CHECK(key == "user:7");
}

TEST_CASE_METHOD(Fixture, "publish means stored: each consumer retries on its own, with back-off") {
    int failuresLeft = 2;
    int flaky = 0;
    int steady = 0;
    bus.subscribe(
        "flaky", {"x"},
        [&](const events::Event&) {
            if (failuresLeft-- > 0) {
                throw std::runtime_error("not now");
            }
            ++flaky;
        },
        events::Delivery::Shared, store());
    bus.subscribe(
        "steady", {"x"}, [&](const events::Event&) { ++steady; }, events::Delivery::Shared,
        store());
    add("x");
    CHECK(outbox.relayOnce() == 1); // stored, whatever the consumers do with it
    bus.drain();
    CHECK(steady == 1);
    CHECK(flaky == 0);
    const auto row = pool.exec("SELECT attempts, next_attempt_at > now(), last_error FROM "
                               "svc.bus_deliveries WHERE consumer = 'flaky'");
    REQUIRE(row.rows() == 1);
    CHECK(row.int64(0, 0) == 1);
    CHECK(row.boolean(0, 1));
    CHECK(row.string(0, 2) == "not now");
    bus.drain(); // not due yet
    CHECK(failuresLeft == 1);
    makeDeliveriesDue();
    bus.drain(); // refused again
    CHECK(count("SELECT attempts FROM svc.bus_deliveries WHERE consumer = 'flaky'") == 2);
    makeDeliveriesDue();
    bus.drain();
    CHECK(flaky == 1);
    CHECK(steady == 1); // the other consumer was never asked again
    CHECK(count("SELECT count(*) FROM svc.bus_deliveries WHERE done_at IS NULL") == 0);
}

TEST_CASE_METHOD(Fixture, "an event no consumer can take stays a dead letter until retried") {
    bool broken = true;
    int handled = 0;
    bus.subscribe(
        "broken", {"x"},
        [&](const events::Event&) {
            if (broken) {
                throw std::runtime_error("cannot");
            }
            ++handled;
        },
        events::Delivery::Shared, store());
    add("x");
    outbox.relayOnce();
    for (int attempt = 0; attempt < 5; ++attempt) {
        bus.drain();
        makeDeliveriesDue();
    }
    bus.drain();
    CHECK(count("SELECT attempts FROM svc.bus_deliveries") == 3); // maxDeliver, then no more
    const auto letters = events::InProcessBus::deadLetters(pool, "svc");
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].consumer == "broken");
    CHECK(letters[0].event.type == "x");
    CHECK(letters[0].error == "cannot");
    CHECK(letters[0].attempts == 3);
    broken = false;
    const auto seq = std::stoll(letters[0].id.substr(letters[0].id.find('.') + 1));
    CHECK(events::InProcessBus::retryDeadLetter(pool, "svc", seq));
    CHECK_FALSE(events::InProcessBus::retryDeadLetter(pool, "svc", seq));
    bus.drain();
    CHECK(handled == 1);
    CHECK(events::InProcessBus::deadLetters(pool, "svc").empty());
}

TEST_CASE_METHOD(Fixture, "a bus that cannot store the event refuses it; the outbox keeps it") {
    // The consumer's store is not there (its schema is not migrated yet): publishing fails.
    bus.subscribe("elsewhere", {"x"}, [&](const events::Event&) {}, events::Delivery::Shared,
                  {&pool, "later"});
    add("x");
    CHECK(outbox.relayOnce() == 0);
    const auto row =
        pool.exec("SELECT attempts, next_attempt_at > now(), last_error FROM svc.outbox");
    CHECK(row.int64(0, 0) == 1);
    CHECK(row.boolean(0, 1));
    CHECK(row.string(0, 2).find("bus_deliveries") != std::string::npos);
    CHECK(outbox.relayOnce() == 0); // not due yet
    db::Migrator(pool).apply(db::platformMigrations("later"));
    makeAllDue();
    CHECK(outbox.relayOnce() == 1);
    CHECK(count("SELECT count(*) FROM later.bus_deliveries") == 1);
}

TEST_CASE_METHOD(Fixture, "a refusal ends the batch: nothing after it goes, nothing overtakes it") {
    // "x" cannot be stored (its consumer's schema is not there yet); "y" can.
    bus.subscribe("elsewhere", {"x"}, [&](const events::Event&) {}, events::Delivery::Shared,
                  {&pool, "later"});
    std::vector<int> seen;
    std::mutex mutex;
    bus.subscribe(
        "test", {"x", "y"},
        [&](const events::Event& event) {
            std::lock_guard lock(mutex);
            seen.push_back(event.payload.at("n").get<int>());
        },
        events::Delivery::Shared, store());
    add("x", {{"n", 0}}, "user:1");
    for (int n = 1; n <= 5; ++n) {
        add("y", {{"n", n}}, "user:1");
    }
    CHECK(outbox.relayOnce() == 0);
    bus.drain();
    CHECK(seen.empty()); // the events behind the refused one with its key did not overtake it
    // Only the refused event was tried; the others are as they were written.
    CHECK(count("SELECT count(*) FROM svc.outbox WHERE attempts > 0") == 1);
    CHECK(count("SELECT count(*) FROM svc.outbox WHERE published_at IS NULL") == 6);
    db::Migrator(pool).apply(db::platformMigrations("later"));
    makeAllDue();
    while (outbox.relayOnce() > 0) {
    }
    bus.drain();
    CHECK(seen == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK(count("SELECT count(*) FROM svc.outbox WHERE published_at IS NULL") == 0);
}

TEST_CASE_METHOD(Fixture, "a backlog of one key goes out in full batches, in order") {
    std::mutex mutex;
    std::vector<int> seen;
    bus.subscribe(
        "test", {"x"},
        [&](const events::Event& event) {
            std::lock_guard lock(mutex);
            seen.push_back(event.payload.at("n").get<int>());
        },
        events::Delivery::Shared, store());
    for (int n = 0; n < 100; ++n) {
        add("x", {{"n", n}}, "position:1");
    }
    // Not one event of the key a round: the batch takes as many as it holds.
    CHECK(outbox.relayOnce() == 64);
    CHECK(outbox.relayOnce() == 36);
    bus.drain();
    std::vector<int> expected(100);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(seen == expected);
}

TEST_CASE_METHOD(Fixture, "a key's events wait for an earlier one another relay holds") {
    std::atomic<int> seen{0};
    bus.subscribe(
        "test", {"x"}, [&](const events::Event&) { ++seen; }, events::Delivery::Shared, store());
    add("x", {{"n", 0}}, "user:1");
    add("x", {{"n", 1}}, "user:1");
    add("x", {{"n", 2}}, "user:2");
    // Another replica's relay holds the first event of user:1 (its row is locked).
    auto other = pool.begin();
    other.exec("SELECT id FROM svc.outbox WHERE payload->>'n' = '0' FOR UPDATE");
    CHECK(outbox.relayOnce() == 1); // user:2's; user:1's second waits for its first
    bus.drain();
    CHECK(seen == 1);
    CHECK(count("SELECT count(*) FROM svc.outbox WHERE published_at IS NULL AND attempts = 0") ==
          2);
    other.commit();
    CHECK(outbox.relayOnce() == 2);
    bus.drain();
    CHECK(seen == 3);
}

TEST_CASE_METHOD(Fixture, "a relay that publishes twice stores the event once") {
    std::atomic<int> seen{0};
    bus.subscribe(
        "test", {"x"}, [&](const events::Event&) { ++seen; }, events::Delivery::Shared, store());
    events::Event event(util::uuid4(), "x", nlohmann::json::object());
    bus.publish(event);
    bus.publish(event);
    bus.drain();
    CHECK(seen == 1);
}

TEST_CASE_METHOD(Fixture, "a consumer gets one key's events in order, other keys side by side") {
    std::mutex mutex;
    std::map<std::string, std::vector<int>> seen;
    bus.subscribe(
        "test", {"x"},
        [&](const events::Event& event) {
            std::lock_guard lock(mutex);
            seen[event.key].push_back(event.payload.at("n").get<int>());
        },
        events::Delivery::Shared, store());
    for (int n = 0; n < 40; ++n) {
        add("x", {{"n", n}}, "user:" + std::to_string(n % 3));
    }
    while (outbox.relayOnce() > 0) {
    }
    bus.drain();
    for (int user = 0; user < 3; ++user) {
        const auto& numbers = seen["user:" + std::to_string(user)];
        CHECK(numbers.size() >= 13);
        CHECK(std::is_sorted(numbers.begin(), numbers.end()));
    }
}

TEST_CASE_METHOD(Fixture, "what a dead process held goes again when the bus starts") {
    std::atomic<int> seen{0};
    {
        events::InProcessBus other;
        other.subscribe(
            "test", {"x"}, [&](const events::Event&) {}, events::Delivery::Shared, store());
        other.stop(); // stores, hands nothing out
        other.publish(events::Event(util::uuid4(), "x", nlohmann::json::object()));
    }
    // As a process leaves it that stored the event, took it and died mid-handling.
    pool.exec(
        "UPDATE svc.bus_deliveries SET leased_until = now() + interval '1 hour', attempts = 1");
    CHECK(count("SELECT count(*) FROM svc.bus_deliveries WHERE leased_until > now()") == 1);
    bus.subscribe(
        "test", {"x"}, [&](const events::Event&) { ++seen; }, events::Delivery::Shared, store());
    bus.start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (seen == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    bus.stop();
    CHECK(seen == 1);
}

TEST_CASE_METHOD(Fixture, "each-replica subscribers get the event in memory, with no store") {
    std::atomic<int> seen{0};
    bus.subscribe(
        "pushes", {"x"}, [&](const events::Event&) { ++seen; }, events::Delivery::EachReplica);
    bus.publish(events::Event(util::uuid4(), "x", nlohmann::json::object()));
    bus.drain();
    CHECK(seen == 1);
    CHECK(count("SELECT count(*) FROM svc.bus_deliveries") == 0);
    CHECK_THROWS(bus.subscribe("shared", {"x"}, [](const events::Event&) {}));
}

TEST_CASE_METHOD(Fixture, "the relay thread publishes right after a commit") {
    std::atomic<int> seen{0};
    bus.subscribe(
        "test", {"x"}, [&](const events::Event&) { ++seen; }, events::Delivery::Shared, store());
    bus.start();
    outbox.start();
    for (int i = 0; i < 20; ++i) {
        add("x", {{"i", i}});
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (seen < 20 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    outbox.stop();
    bus.stop();
    CHECK(seen == 20);
}
