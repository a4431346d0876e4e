// Events across processes on a real NATS JetStream: services in different lotokd processes
// hear each other, a shared consumer's effect happens once across replicas, each-replica
// consumers reach every replica's sockets, and a broker that is down loses nothing.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "NatsServer.h"
#include "TestClient.h"
#include "WsClient.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace lotok::test;
using json = nlohmann::json;

namespace {

json oneItem(std::int64_t positionId, std::int64_t count) {
    return {{"items", json::array({{{"position_id", positionId}, {"count", count}}})}};
}

// The sum of one metric family's samples whose labels contain `labels` (text format).
double metricSum(const std::string& exposition, const std::string& name,
                 const std::string& labels = {}) {
    double sum = 0;
    std::istringstream lines(exposition);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(name, 0) != 0 ||
            (line.size() > name.size() && line[name.size()] != '{' && line[name.size()] != ' ')) {
            continue;
        }
        if (!labels.empty() && line.find(labels) == std::string::npos) {
            continue;
        }
        sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return sum;
}

std::vector<std::string> serviceArgs(const std::string& services, const std::string& peer) {
    std::vector<std::string> args = {"--services=" + services};
    for (const auto* other : {"auth", "user", "billing", "order", "stock", "delivery"}) {
        if (services.find(other) == std::string::npos) {
            args.insert(args.end(), {"--service-url", std::string(other) + "=" + peer});
        }
    }
    return args;
}

} // namespace

TEST_CASE("an order on one process notifies through another, pushes reach every replica, and each "
          "shared effect happens once") {
    NatsServer nats;
    // Everything but Notification in one process; Notification in two more, as replicas.
    LotokdOptions shopOptions;
    shopOptions.eventsUrl = nats.url();
    shopOptions.extraArgs = {"--services=auth,user,billing,order,stock,delivery"};
    LotokdProcess shop(shopOptions);
    const auto notificationReplica = [&] {
        LotokdOptions options;
        options.eventsUrl = nats.url();
        options.databaseUrl = shop.databaseUrl();
        options.extraArgs = serviceArgs("notification", shop.internalUrl());
        return std::make_unique<LotokdProcess>(options);
    };
    auto replicaA = notificationReplica();
    auto replicaB = notificationReplica();
    TestClient api(shop.publicUrl());
    TestClient notificationsA(replicaA->publicUrl());
    TestClient notificationsB(replicaB->publicUrl());

    const auto customer = api.registerCustomer("cross");
    api.topUp(customer, 100000);
    const auto staffLogin = uniqueName("crossstaff");
    const auto staff = api.login(staffLogin, shop.addStaff(staffLogin));
    WsClient staffA(replicaA->publicUrl(), "/api/v1/staff/ws", staff.token);
    WsClient staffB(replicaB->publicUrl(), "/api/v1/staff/ws", staff.token);
    // The customer's sockets on both replicas: each gets the push, whichever stored it.
    WsClient customerA(replicaA->publicUrl(), "/api/v1/notifications/ws", customer.token);
    WsClient customerB(replicaB->publicUrl(), "/api/v1/notifications/ws", customer.token);
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // each-replica consumers: new only

    const auto tea = api.createPosition(staff, "Cross tea", 2500, 10);
    const auto placed = api.post("/api/v1/order", oneItem(tea, 2), customer.token);
    REQUIRE(placed.status == 201);
    const auto orderId = placed.json()["id"].get<std::int64_t>();

    // Notification, in another process, heard of it: once, whichever replica it asks.
    const auto notificationsOf = [&](TestClient& client) {
        return client.get("/api/v1/notifications?after=0", customer.token).json()["notifications"];
    };
    CHECK(eventually([&] { return notificationsOf(notificationsA).size() == 1; }));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto list = notificationsOf(notificationsB);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["type"] == "order_ready_for_delivery");
    CHECK(list[0]["order_id"] == orderId);
    // Delivery (a shared consumer too) made one delivery.
    CHECK(eventually([&] {
        return api.get("/api/v1/order/" + std::to_string(orderId) + "/delivery", customer.token)
                   .status == 200;
    }));

    for (auto* socket : {&customerA, &customerB}) {
        const auto push = socket->receive(std::chrono::seconds(10));
        REQUIRE(push);
        CHECK((*push)["type"] == "notification");
        CHECK((*push)["notification"]["order_id"] == orderId);
        CHECK((*push)["notification"]["id"] == list[0]["id"]);
        CHECK_FALSE(socket->receive(std::chrono::milliseconds(500))); // once
    }

    // The staff streams of both replicas saw the stock change (each-replica delivery).
    const auto sawPosition = [&](WsClient& socket) {
        for (int i = 0; i < 20; ++i) {
            const auto message = socket.receive(std::chrono::seconds(2));
            if (!message) {
                return false;
            }
            if ((*message)["type"] == "position" && (*message)["position"]["id"] == tea) {
                return true;
            }
        }
        return false;
    };
    CHECK(sawPosition(staffA));
    CHECK(sawPosition(staffB));
}

TEST_CASE("with the broker down orders still succeed, and every event arrives once it is back") {
    NatsServer nats;
    LotokdOptions options;
    options.eventsUrl = nats.url();
    LotokdProcess server(options);
    TestClient api(server.publicUrl());
    const auto customer = api.registerCustomer("brokerdown");
    api.topUp(customer, 100000);
    const auto staffLogin = uniqueName("downstaff");
    const auto staff = api.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = api.createPosition(staff, "Patient tea", 1000, 10);

    nats.kill();
    std::vector<std::int64_t> orders;
    for (int i = 0; i < 3; ++i) {
        const auto placed = api.post("/api/v1/order", oneItem(tea, 1), customer.token);
        REQUIRE(placed.status == 201);
        orders.push_back(placed.json()["id"].get<std::int64_t>());
    }
    CHECK(api.balance(customer) == 100000 - 3000);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(api.get("/api/v1/notifications?after=0", customer.token).json()["notifications"].empty());
    // What the operator sees meanwhile: the events wait in the outbox.
    const auto metrics = TestClient(server.internalUrl()).get("/metrics").body;
    CHECK(metricSum(metrics, "lotok_outbox_backlog", "service=\"order\"") >= 3);
    CHECK(metricSum(metrics, "lotok_outbox_oldest_unpublished_age_seconds", "service=\"order\"") >
          0);

    nats.start();
    CHECK(eventually(
        [&] {
            return api.get("/api/v1/notifications?after=0", customer.token)
                       .json()["notifications"]
                       .size() == 3;
        },
        std::chrono::seconds(40)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto list =
        api.get("/api/v1/notifications?after=0", customer.token).json()["notifications"];
    CHECK(list.size() == 3);
    for (const auto orderId : orders) {
        CHECK(eventually([&] {
            return api.get("/api/v1/order/" + std::to_string(orderId) + "/delivery", customer.token)
                       .status == 200;
        }));
    }
}

TEST_CASE("two Order replicas on one database: no pending order is decided twice, no event is "
          "relayed twice") {
    NatsServer nats;
    // Replica A hosts the whole shop; replica B only Order, on A's database, calling A for the
    // rest: two saga recoveries and two Order outbox relays race for the same rows.
    LotokdOptions aOptions;
    aOptions.eventsUrl = nats.url();
    aOptions.extraArgs = {"--services=all"};
    LotokdProcess a(aOptions);
    LotokdOptions bOptions;
    bOptions.eventsUrl = nats.url();
    bOptions.databaseUrl = a.databaseUrl();
    bOptions.extraArgs = serviceArgs("order", a.internalUrl());
    LotokdProcess b(bOptions);
    TestClient api(a.publicUrl());

    const auto customer = api.registerCustomer("replicas");
    api.topUp(customer, 10'000'000);
    const auto staffLogin = uniqueName("replicastaff");
    const auto staff = api.login(staffLogin, a.addStaff(staffLogin));
    const auto tea = api.createPosition(staff, "Tea", 1000, 1000);

    // Orders a crashed process left pending, their leases long run out: both recoveries see
    // them at once (each claims up to 50 per pass, once a second).
    constexpr int kOrders = 240;
    lotok::db::Connection db(a.databaseUrl("order"));
    db.exec("INSERT INTO orders.orders (user_id, status, total, lease_until) "
            "SELECT $1, 'pending', 1000 * (1 + g % 3), now() - interval '1 hour' "
            "FROM generate_series(1, $2) g",
            {customer.id, kOrders});
    db.exec("INSERT INTO orders.order_items (order_id, position_id, name, count, price) "
            "SELECT id, $2, 'Tea', total / 1000, 1000 FROM orders.orders WHERE user_id = $1",
            {customer.id, tea});

    REQUIRE(eventually(
        [&] {
            return scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'pending'") == 0;
        },
        std::chrono::seconds(120)));
    const auto confirmed =
        scalar(db, "SELECT count(*) FROM orders.orders WHERE user_id = $1 AND status = 'confirmed'",
               {customer.id});
    const auto bought = scalar(db,
                               "SELECT sum(i.count) FROM orders.orders o JOIN orders.order_items i "
                               "ON i.order_id = o.id WHERE o.user_id = $1 AND o.status = "
                               "'confirmed'",
                               {customer.id});
    const auto spent = scalar(
        db, "SELECT sum(total) FROM orders.orders WHERE user_id = $1 AND status = 'confirmed'",
        {customer.id});
    INFO("confirmed " << confirmed << ", bought " << bought);
    // Goods and money suffice for all of them.
    CHECK(confirmed == kOrders);
    // Decided once: one payment per confirmed order, the goods and money moved once.
    CHECK(scalar(db,
                 "SELECT count(*) FROM (SELECT order_id FROM billing.payments GROUP BY order_id "
                 "HAVING count(*) > 1) twice") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL") ==
          confirmed);
    CHECK(api.count(tea) == 1000 - bought);
    CHECK(api.balance(customer) == 10'000'000 - spent);

    // Each Order event published by exactly one of the two relays, and every one of them.
    REQUIRE(eventually([&] {
        return scalar(db, "SELECT count(*) FROM orders.outbox WHERE published_at IS NULL") == 0;
    }));
    const auto events = scalar(db, "SELECT count(*) FROM orders.outbox");
    TestClient internalA(a.internalUrl());
    TestClient internalB(b.internalUrl());
    const auto metricsA = internalA.get("/metrics").body;
    const auto metricsB = internalB.get("/metrics").body;
    const double publishedA =
        metricSum(metricsA, "lotok_outbox_published_total", "service=\"order\"");
    const double publishedB =
        metricSum(metricsB, "lotok_outbox_published_total", "service=\"order\"");
    const double recoveredA = metricSum(metricsA, "lotok_orders_recovered_total");
    const double recoveredB = metricSum(metricsB, "lotok_orders_recovered_total");
    INFO("published by A " << publishedA << ", by B " << publishedB << "; recovered by A "
                           << recoveredA << ", by B " << recoveredB);
    CHECK(events >= kOrders);
    CHECK(publishedA + publishedB == static_cast<double>(events));
    CHECK(recoveredA + recoveredB == static_cast<double>(kOrders));
    // One delivery per confirmed order, whichever relay published its event.
    CHECK(eventually(
        [&] { return scalar(db, "SELECT count(*) FROM delivery.deliveries") == confirmed; }));
}
