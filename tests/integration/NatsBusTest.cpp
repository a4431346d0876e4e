// NatsBus against a real nats-server with JetStream: stored on publish, one handler per
// event across replicas for shared consumers and every replica for each-replica ones,
// duplicates by event id dropped, failures retried with back-off and dead-lettered.
#include "events/NatsBus.h"

#include "LotokdProcess.h"
#include "NatsServer.h"
#include "TestClient.h"
#include "db/Migrator.h"
#include "db/Pool.h"
#include "events/Outbox.h"
#include "util/Crypto.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <mutex>

using namespace lotok::test;
using lotok::events::Delivery;
using lotok::events::Event;
using lotok::events::NatsBus;

namespace {

NatsBus::Options optionsFor(const NatsServer& server) {
    NatsBus::Options options;
    options.urls = server.url();
    options.maxDeliver = 3;
    options.threads = 2;
    return options;
}

Event event(const std::string& type, int n) {
    return Event{lotok::util::uuid4(), type, {{"n", n}}};
}

// Counts what a handler saw, by event id.
struct Seen {
    std::mutex mutex;
    std::map<std::string, int> byId;
    void add(const Event& e) {
        std::lock_guard lock(mutex);
        ++byId[e.id];
    }
    int total() {
        std::lock_guard lock(mutex);
        int sum = 0;
        for (const auto& [id, count] : byId) {
            sum += count;
        }
        return sum;
    }
    int distinct() {
        std::lock_guard lock(mutex);
        return static_cast<int>(byId.size());
    }
};

} // namespace

TEST_CASE("shared consumers split events across replicas, each-replica ones all get them") {
    NatsServer server;
    NatsBus publisher(optionsFor(server));
    NatsBus replicaA(optionsFor(server));
    NatsBus replicaB(optionsFor(server));
    Seen sharedSeen, eachA, eachB;
    for (auto* bus : {&replicaA, &replicaB}) {
        bus->subscribe("billing", {"order.order_rejected"},
                       [&](const Event& e) { sharedSeen.add(e); });
    }
    replicaA.subscribe(
        "pushes", {"order.order_rejected"}, [&](const Event& e) { eachA.add(e); },
        Delivery::EachReplica);
    replicaB.subscribe(
        "pushes", {"order.order_rejected"}, [&](const Event& e) { eachB.add(e); },
        Delivery::EachReplica);
    replicaA.start();
    replicaB.start();
    // Ephemeral (each-replica) consumers start from "new": let them exist first.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int i = 0; i < 40; ++i) {
        publisher.publish(event("order.order_rejected", i));
    }
    CHECK(eventually([&] { return sharedSeen.distinct() == 40; }));
    CHECK(eventually([&] { return eachA.distinct() == 40 && eachB.distinct() == 40; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(sharedSeen.total() == 40); // once across both replicas
    CHECK(eachA.total() == 40);
    CHECK(eachB.total() == 40);
    replicaA.stop();
    replicaB.stop();
}

TEST_CASE("a handler that commits without waiting for the disk is acked once its commit is") {
    NatsServer server;
    lotok::db::Pool pool(lotok::test::createTestDatabase(), 2);
    pool.exec("CREATE TABLE handled (event_id text PRIMARY KEY)");
    auto options = optionsFor(server);
    options.ackWait = std::chrono::seconds(1); // an unacked message would be back within it
    NatsBus bus(options);
    REQUIRE(bus.lazyCommitsAllowed());
    Seen seen;
    bus.subscribe("delivery", {"order.order_confirmed"}, [&](const Event& e) {
        pool.transact([&](lotok::db::Transaction& tx) {
            tx.exec("SET LOCAL synchronous_commit = off");
            tx.exec("INSERT INTO handled VALUES ($1) ON CONFLICT DO NOTHING", {e.id});
            bus.settleWithin(pool, tx);
        });
        seen.add(e);
    });
    bus.start();
    for (int i = 0; i < 20; ++i) {
        bus.publish(event("order.order_confirmed", i));
    }
    CHECK(eventually([&] { return seen.distinct() == 20; }));
    const auto state = [&] {
        for (const auto& each : bus.consumerStates()) {
            if (each.name == "delivery_LOTOK_ORDER") {
                return each;
            }
        }
        return NatsBus::ConsumerState{};
    };
    // Acked once PostgreSQL flushed the commits (the WAL writer does within a second idle).
    CHECK(eventually([&] { return state().ackPending == 0 && state().pending == 0; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // past the ack wait
    CHECK(seen.total() == 20);                                    // none came again
    CHECK(state().redelivered == 0);
    CHECK(pool.exec("SELECT count(*) FROM handled").int64(0, 0) == 20);
    bus.stop();
}

TEST_CASE("publishing an event twice stores it once") {
    NatsServer server;
    NatsBus bus(optionsFor(server));
    Seen seen;
    bus.subscribe("stock", {"order.order_confirmed"}, [&](const Event& e) { seen.add(e); });
    bus.start();
    const auto once = event("order.order_confirmed", 1);
    bus.publish(once);
    bus.publish(once); // a relay that crashed before marking its row publishes again
    bus.publish(event("order.order_confirmed", 2));
    CHECK(eventually([&] { return seen.distinct() == 2; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(seen.total() == 2);
    bus.stop();
}

TEST_CASE("a consumer that fails is retried, one that keeps failing is dead-lettered") {
    NatsServer server;
    NatsBus bus(optionsFor(server));
    std::atomic<int> flakyCalls{0};
    std::atomic<bool> healthy{false};
    Seen recovered;
    bus.subscribe("flaky", {"delivery.order_sent"}, [&](const Event&) {
        if (++flakyCalls < 3) {
            throw std::runtime_error("not yet");
        }
    });
    bus.subscribe("broken", {"delivery.order_sent"}, [&](const Event& e) {
        if (!healthy) {
            throw std::runtime_error("the database is on fire");
        }
        recovered.add(e);
    });
    bus.start();
    const auto sent = event("delivery.order_sent", 7);
    bus.publish(sent);
    CHECK(eventually([&] { return flakyCalls.load() == 3; }));
    // "broken" fails its three attempts and the event lands in LOTOK_DEAD with the error.
    std::vector<NatsBus::DeadLetter> dead;
    CHECK(eventually([&] {
        dead = bus.deadLetters();
        return dead.size() == 1;
    }));
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].consumer == "broken");
    CHECK(dead[0].event.id == sent.id);
    CHECK(dead[0].event.type == "delivery.order_sent");
    CHECK(dead[0].event.payload["n"] == 7);
    CHECK(dead[0].error == "the database is on fire");
    // Fixed, and sent again: handled, and no longer dead. The flaky consumer gets it once
    // more too (its inbox would drop it in a service).
    healthy = true;
    CHECK(bus.retryDeadLetter(dead[0].sequence));
    CHECK(eventually([&] { return recovered.distinct() == 1; }));
    CHECK(bus.deadLetters().empty());
    CHECK_FALSE(bus.retryDeadLetter(dead[0].sequence));
    bus.stop();
}

TEST_CASE("with the broker down publish fails, and subscriptions come back with it") {
    NatsServer server;
    NatsBus bus(optionsFor(server));
    Seen seen;
    bus.subscribe("delivery", {"order.order_confirmed"}, [&](const Event& e) { seen.add(e); });
    bus.start();
    bus.publish(event("order.order_confirmed", 1));
    CHECK(eventually([&] { return seen.distinct() == 1; }));
    server.kill();
    // The outbox keeps what publish() refuses.
    const auto refused = event("order.order_confirmed", 2);
    CHECK_THROWS(bus.publish(refused));
    server.start();
    const auto later = event("order.order_confirmed", 3);
    CHECK(eventually([&] {
        try {
            bus.publish(later);
            return true;
        } catch (const std::exception&) {
            return false;
        }
    }));
    // The refused event may still be stored (nats.c sends what it buffered while away once it
    // is back); the outbox would publish it again under the same id, which stores nothing.
    CHECK(eventually([&] {
        std::lock_guard lock(seen.mutex);
        return seen.byId.count(later.id) == 1;
    }));
    std::lock_guard lock(seen.mutex);
    for (const auto& [id, count] : seen.byId) {
        CHECK(count == 1);
    }
    bus.stop();
}

TEST_CASE("on a three-node cluster a node lost under load loses and doubles nothing") {
    NatsCluster cluster;
    auto options = NatsBus::Options{};
    options.urls = cluster.urls();
    options.replicas = 3;
    options.threads = 2;
    NatsBus bus(options);
    Seen seen;
    bus.subscribe("stock", {"order.order_confirmed"}, [&](const Event& e) { seen.add(e); });
    bus.start();
    // As the outbox does: an event not taken is published again, under the same id.
    const auto publish = [&](const Event& e) {
        return eventually(
            [&] {
                try {
                    bus.publish(e);
                    return true;
                } catch (const std::exception&) {
                    return false;
                }
            },
            std::chrono::seconds(60));
    };
    // The cluster elects its leaders first.
    REQUIRE(publish(event("order.order_confirmed", -1)));
    for (int i = 0; i < 300; ++i) {
        if (i == 100) {
            cluster.node(1).kill();
        }
        REQUIRE(publish(event("order.order_confirmed", i)));
    }
    CHECK(eventually([&] { return seen.distinct() == 301; }, std::chrono::seconds(60)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(seen.total() == 301);
    bus.stop();
}

namespace {

// An outbox in its own database, relayed to a private nats-server.
struct RelayFixture {
    NatsServer server;
    lotok::db::Pool pool{lotok::test::createTestDatabase(), 2};
    NatsBus bus{optionsFor(server)};
    lotok::events::Outbox outbox{pool, "svc", bus};
    RelayFixture() { lotok::db::Migrator(pool).apply(lotok::db::platformMigrations("svc")); }
    void add(const std::string& key, int n) {
        auto tx = pool.begin();
        outbox.add(tx, "order.order_confirmed", {{"n", n}}, 1, key);
        tx.commit();
    }
};

} // namespace

TEST_CASE_METHOD(
    RelayFixture,
    "a relay's batch goes to the broker in waves: each key in order, the keys at once") {
    std::mutex mutex;
    std::map<std::string, std::vector<int>> seen; // by key, in the order handled
    bus.subscribe("delivery", {"order.order_confirmed"}, [&](const Event& e) {
        std::lock_guard lock(mutex);
        seen[e.key].push_back(e.payload.at("n").get<int>());
    });
    bus.start();
    // Five keys, their events interleaved: five waves of five.
    for (int n = 0; n < 5; ++n) {
        for (int key = 0; key < 5; ++key) {
            add("user:" + std::to_string(key), n);
        }
    }
    CHECK(outbox.relayOnce() == 25);
    CHECK(eventually([&] {
        std::lock_guard lock(mutex);
        int total = 0;
        for (const auto& [key, ns] : seen) {
            total += static_cast<int>(ns.size());
        }
        return total == 25;
    }));
    std::lock_guard lock(mutex);
    CHECK(seen.size() == 5);
    for (const auto& [key, ns] : seen) {
        CHECK(ns == std::vector<int>{0, 1, 2, 3, 4});
    }
    bus.stop();
}

TEST_CASE_METHOD(RelayFixture,
                 "with the broker away a wave is refused whole and nothing after it is tried") {
    add("user:0", 0);
    CHECK(outbox.relayOnce() == 1); // the stream exists, the broker answered
    server.kill();
    for (int n = 1; n <= 2; ++n) {
        for (int key = 0; key < 3; ++key) {
            add("user:" + std::to_string(key), n);
        }
    }
    CHECK(outbox.relayOnce() == 0);
    const auto count = [&](const std::string& where) {
        return pool.exec("SELECT count(*) FROM svc.outbox WHERE " + where).int64(0, 0);
    };
    // The first wave (one event of each key) was tried and refused; the second was not.
    CHECK(count("published_at IS NULL AND attempts = 1 AND last_error IS NOT NULL") == 3);
    CHECK(count("published_at IS NULL AND attempts = 0") == 3);
    server.start();
    pool.exec("UPDATE svc.outbox SET next_attempt_at = now()");
    CHECK(eventually([&] {
        try {
            outbox.relayOnce();
        } catch (const std::exception&) {
        }
        return count("published_at IS NULL") == 0;
    }));
}
