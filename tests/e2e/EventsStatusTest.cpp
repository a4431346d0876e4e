// `lotokd events status` against a real lotokd: the outboxes' backlog and the consumers'
// pending deliveries drain to 0 after orders; a dead letter is counted for its consumer; the
// per-service database form (--database-url NAME=URL, as the cluster runs) reads the same.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

using namespace lotok::test;

namespace {

const std::vector<std::string> kServices = {"auth",    "user",     "order",       "stock",
                                            "billing", "delivery", "notification"};

bool onJetStream() {
    const char* events = std::getenv("LOTOK_TEST_EVENTS");
    return events && std::string(events) == "nats";
}

nlohmann::json status(const std::vector<std::string>& databaseArgs, const std::string& eventsUrl) {
    std::vector<std::string> args = {"events", "status", "--json", "--log-level", "warn"};
    args.insert(args.end(), databaseArgs.begin(), databaseArgs.end());
    if (!eventsUrl.empty()) {
        args.insert(args.end(), {"--events-url", eventsUrl});
    }
    const auto run = runLotokdFor(args);
    INFO(run.err);
    REQUIRE(run.status == 0);
    return nlohmann::json::parse(run.out);
}

} // namespace

TEST_CASE("events status: after orders every outbox and consumer drains to 0", "[local]") {
    LotokdProcess server;
    const auto eventsUrl = server.eventsUrl();
    TestClient client(server.publicUrl());
    const auto login = uniqueName("boss");
    const auto staff = client.login(login, server.addStaff(login));
    const auto position = client.createPosition(staff, "Tea", 100, 50);
    const auto customer = client.registerCustomer("status");
    client.topUp(customer, 10000);
    for (int i = 0; i < 5; ++i) {
        const auto placed =
            client.post("/api/v1/order", {{"items", {{{"position_id", position}, {"count", 1}}}}},
                        customer.token);
        REQUIRE(placed.status == 201);
    }
    const std::vector<std::string> shared = {"--database-url", server.databaseUrl()};
    nlohmann::json last;
    CHECK(eventually(
        [&] {
            last = status(shared, eventsUrl);
            return last.at("drained").get<bool>();
        },
        std::chrono::seconds(60)));
    INFO(last.dump(2));
    CHECK(last.at("bus") == (onJetStream() ? "jetstream" : "in-process"));
    std::set<std::string> services;
    for (const auto& outbox : last.at("outboxes")) {
        services.insert(outbox.at("service").get<std::string>());
        CHECK(outbox.at("unpublished") == 0);
        CHECK(outbox.at("oldest_seconds") == 0);
    }
    CHECK(services == std::set<std::string>(kServices.begin(), kServices.end()));
    // The consumers that took the orders' events are listed, each with nothing pending.
    std::set<std::string> consumers;
    for (const auto& consumer : last.at("consumers")) {
        consumers.insert(consumer.at("consumer").get<std::string>());
        CHECK(consumer.at("pending") == 0);
    }
    for (const auto* name : {"stock", "delivery", "notification"}) {
        INFO(name);
        CHECK(consumers.count(name) == 1);
    }
    CHECK(last.at("dead_letters").empty());

    // One database per service, named for each (how scripts/cluster.sh runs them): the same.
    std::vector<std::string> perService;
    for (const auto& service : kServices) {
        perService.insert(perService.end(),
                          {"--database-url", service + "=" + server.databaseUrl(service)});
    }
    const auto split = status(perService, eventsUrl);
    CHECK(split.at("outboxes") == last.at("outboxes"));
    CHECK(split.at("drained").get<bool>());

    // And the table for a person.
    std::vector<std::string> args = {"events", "status", "--log-level", "warn"};
    args.insert(args.end(), shared.begin(), shared.end());
    if (!eventsUrl.empty()) {
        args.insert(args.end(), {"--events-url", eventsUrl});
    }
    const auto table = runLotokdFor(args);
    CHECK(table.status == 0);
    CHECK(table.out.find("OUTBOX") != std::string::npos);
    CHECK(table.out.find("CONSUMER") != std::string::npos);
    CHECK(table.out.find("DEAD LETTERS") != std::string::npos);
}

TEST_CASE("events status: a dead letter is counted for its consumer", "[local]") {
    if (onJetStream()) {
        // On JetStream dead letters are records of LOTOK_DEAD (tests/integration/NatsBusTest);
        // the count here is read from them the same way `events dead` reads them.
        return;
    }
    LotokdProcess server;
    const std::vector<std::string> shared = {"--database-url", server.databaseUrl()};
    CHECK(status(shared, "").at("dead_letters").empty());
    // A delivery its consumer gave up on, as the bus leaves it after max_deliver failures.
    lotok::db::Connection db(server.databaseUrl("notification"));
    db.exec("INSERT INTO notification.bus_deliveries (consumer, event_id, type, payload, "
            "attempts, last_error, dead_at) VALUES ('notification', gen_random_uuid(), "
            "'order.order_confirmed', '{}', 8, 'handler failed', now())");
    const auto after = status(shared, "");
    CHECK(after.at("dead_letters").at("notification") == 1);
    std::string out;
    CHECK(runLotokd({"events", "dead", "--database-url", server.databaseUrl()}, "", out) == 0);
    CHECK(out.find("1 dead letter(s)") != std::string::npos);
}
