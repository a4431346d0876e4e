#include "events/Outbox.h"

#include "LotokdProcess.h"
#include "db/Migrator.h"
#include "db/Pool.h"
#include "events/InProcessBus.h"
#include "events/Inbox.h"

#include <catch2/catch.hpp>
#include <set>

using namespace lotok;

namespace {

struct Fixture {
    db::Pool pool{test::createTestDatabase(), 4};
    events::InProcessBus bus;
    events::Outbox outbox{pool, "svc", bus};
    Fixture() { db::Migrator(pool).apply(db::platformMigrations("svc")); }

    void makeAllDue() { pool.exec("UPDATE svc.outbox SET next_attempt_at = now()"); }
};

} // namespace

TEST_CASE_METHOD(Fixture, "an event is published only if its transaction commits") {
    std::vector<std::string> seen;
    bus.subscribe("test", {"thing.happened"}, [&](const events::Event& event) {
        seen.push_back(event.payload.at("n").dump());
    });
    {
        auto tx = pool.begin();
        outbox.add(tx, "thing.happened", {{"n", 1}});
        // rolled back: never committed
    }
    {
        auto tx = pool.begin();
        outbox.add(tx, "thing.happened", {{"n", 2}});
        tx.commit();
    }
    CHECK(outbox.relayOnce() == 1);
    CHECK(seen == std::vector<std::string>{"2"});
    CHECK(outbox.relayOnce() == 0);
}

TEST_CASE_METHOD(Fixture, "payloads carry event_id and occurred_at") {
    nlohmann::json payload;
    bus.subscribe("test", {"x"}, [&](const events::Event& event) { payload = event.payload; });
    std::string id;
    {
        auto tx = pool.begin();
        id = outbox.add(tx, "x", {{"order_id", 5}});
        tx.commit();
    }
    outbox.relayOnce();
    CHECK(payload["event_id"] == id);
    CHECK(payload["order_id"] == 5);
    CHECK(payload["occurred_at"].get<std::string>().size() == 24); // 2026-11-24T05:45:46.123Z
}

TEST_CASE_METHOD(Fixture, "a refused event is retried with back-off, and duplicates are dropped") {
    int failuresLeft = 2;
    int handled = 0;
    std::set<std::string> handledIds;
    events::Inbox inbox("svc");
    bus.subscribe("flaky", {"x"}, [&](const events::Event& event) {
        if (failuresLeft-- > 0) {
            throw std::runtime_error("not now");
        }
        pool.transact([&](db::Transaction& tx) {
            if (inbox.claim(tx, "flaky", event.id)) {
                ++handled;
                handledIds.insert(event.id);
            }
        });
    });
    int steady = 0;
    bus.subscribe("steady", {"x"}, [&](const events::Event& event) {
        pool.transact([&](db::Transaction& tx) {
            if (inbox.claim(tx, "steady", event.id)) {
                ++steady;
            }
        });
    });
    {
        auto tx = pool.begin();
        outbox.add(tx, "x", {});
        tx.commit();
    }
    CHECK(outbox.relayOnce() == 0); // refused
    const auto row =
        pool.exec("SELECT attempts, next_attempt_at > now(), last_error FROM svc.outbox");
    CHECK(row.int64(0, 0) == 1);
    CHECK(row.boolean(0, 1));
    CHECK(row.string(0, 2).find("not now") != std::string::npos);
    CHECK(outbox.relayOnce() == 0); // not due yet
    makeAllDue();
    CHECK(outbox.relayOnce() == 0); // refused again
    makeAllDue();
    CHECK(outbox.relayOnce() == 1);
    CHECK(handled == 1);
    CHECK(steady == 1); // delivered three times, handled once
    CHECK(pool.exec("SELECT 1 FROM svc.outbox WHERE published_at IS NULL").empty());
}

TEST_CASE_METHOD(Fixture, "the relay thread publishes right after a commit") {
    std::atomic<int> seen{0};
    bus.subscribe("test", {"x"}, [&](const events::Event&) { ++seen; });
    outbox.start();
    for (int i = 0; i < 20; ++i) {
        auto tx = pool.begin();
        outbox.add(tx, "x", {{"i", i}});
        tx.commit();
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (seen < 20 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    outbox.stop();
    CHECK(seen == 20);
}
