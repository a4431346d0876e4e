// Cancelling an order before it is sent (POST /api/v1/order/{id}/cancel): the delivery is
// cancelled, the goods and the money come back, the customer is told, and a second cancel,
// someone else's cancel or a cancel after sending changes nothing.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "WsClient.h"
#include "db/Connection.h"

#include <catch2/catch.hpp>

using namespace lotok::test;

namespace {

struct Shop {
    LotokdProcess server;
    TestClient client{server.publicUrl()};
    User staff;
    std::int64_t tea = 0;

    Shop() {
        const auto staffLogin = uniqueName("staff");
        staff = client.login(staffLogin, server.addStaff(staffLogin));
        tea = client.createPosition(staff, uniqueName("Tea"), 1000, 10);
    }

    std::int64_t order(const User& customer, std::int64_t count) {
        const auto placed =
            client.post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", count}}}}},
                        customer.token);
        REQUIRE(placed.status == 201);
        return placed.json()["id"].get<std::int64_t>();
    }

    lotok::http::HttpResponse cancel(std::int64_t orderId, const User& who,
                                     const std::string& key = {},
                                     const nlohmann::json& body = nlohmann::json::object()) {
        lotok::http::Headers headers;
        if (!key.empty()) {
            headers.emplace_back("Idempotency-Key", key);
        }
        return client.post("/api/v1/order/" + std::to_string(orderId) + "/cancel", body, who.token,
                           headers);
    }

    std::string deliveryStatus(std::int64_t orderId, const User& who) {
        const auto delivery =
            client.get("/api/v1/order/" + std::to_string(orderId) + "/delivery", who.token);
        return delivery.status == 200 ? delivery.json()["status"].get<std::string>() : "";
    }

    std::string orderStatus(std::int64_t orderId, const User& who) {
        return client.get("/api/v1/order/" + std::to_string(orderId), who.token)
            .json()["status"]
            .get<std::string>();
    }
};

std::string reasonOf(const lotok::http::HttpResponse& response) {
    const auto body = response.json();
    return body["error"].value("reason", std::string());
}

} // namespace

TEST_CASE("cancel before sending: delivery cancelled, goods and money back, the customer told") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 10000);
    WsClient socket(shop.server.publicUrl(), "/api/v1/notifications/ws", customer.token);

    const auto orderId = shop.order(customer, 3);
    CHECK(client.balance(customer) == 7000);
    CHECK(client.count(shop.tea) == 7);
    REQUIRE(
        eventually([&] { return shop.deliveryStatus(orderId, customer) == "awaiting_shipment"; }));

    const auto cancelled = shop.cancel(orderId, customer, "cancel-1");
    REQUIRE(cancelled.status == 200);
    const auto body = cancelled.json();
    CHECK(body["id"] == orderId);
    CHECK(body["status"] == "cancelled");
    CHECK(body["delivery_status"] == "cancelled");
    CHECK(body["cancelled_at"].is_string());
    CHECK(shop.orderStatus(orderId, customer) == "cancelled");
    CHECK(shop.deliveryStatus(orderId, customer) == "cancelled");

    // The goods and the money come back once the event has been handled; the statement
    // shows the payment and its refund.
    CHECK(eventually([&] { return client.balance(customer) == 10000; }));
    const auto lines =
        client.get("/api/v1/account/transactions", customer.token).json()["transactions"];
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["kind"] == "refund");
    CHECK(lines[0]["amount"] == 3000);
    CHECK(lines[0]["order_id"] == orderId);
    CHECK(lines[0]["balance_after"] == 10000);
    CHECK(lines[1]["kind"] == "payment");
    CHECK(lines[1]["amount"] == -3000);
    CHECK(eventually([&] { return client.count(shop.tea) == 10; }));
    lotok::db::Connection stockDb(shop.server.databaseUrl("stock"));
    CHECK(eventually([&] {
        return scalar(stockDb,
                      "SELECT count(*) FROM stock.reservations WHERE order_id = $1 AND status = "
                      "'returned'",
                      {orderId}) == 1;
    }));
    CHECK(eventually([&] {
        return client.notificationTypes(customer, orderId) ==
               std::vector<std::string>{"order_ready_for_delivery", "order_cancelled"};
    }));
    // ... and live on the socket.
    std::vector<std::string> pushed;
    while (pushed.size() < 2) {
        const auto message = socket.receive();
        REQUIRE(message);
        pushed.push_back((*message)["notification"]["type"]);
    }
    CHECK(pushed == std::vector<std::string>{"order_ready_for_delivery", "order_cancelled"});

    // The same request again is answered as the first time and changes nothing ...
    const auto again = shop.cancel(orderId, customer, "cancel-1");
    CHECK(again.status == 200);
    CHECK(again.header("idempotent-replayed") == "true");
    CHECK(again.json()["status"] == "cancelled");
    // ... the same key with another body is another request ...
    CHECK(errorCode(shop.cancel(orderId, customer, "cancel-1", {{"why", "changed my mind"}})) ==
          "idempotency_key_reused");
    // ... and a new cancel (a new key, or none) is refused.
    const auto second = shop.cancel(orderId, customer, "cancel-2");
    CHECK(second.status == 409);
    CHECK(errorCode(second) == "invalid_transition");
    CHECK(reasonOf(second) == "already_cancelled");
    CHECK(reasonOf(shop.cancel(orderId, customer)) == "already_cancelled");
    // Staff cannot send a cancelled order.
    const auto sent = client.post("/api/v1/order/sent", {{"order_id", orderId}}, shop.staff.token);
    CHECK(sent.status == 409);
    CHECK(errorCode(sent) == "invalid_transition");

    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(client.balance(customer) == 10000);
    CHECK(client.count(shop.tea) == 10);
    CHECK(client.notificationTypes(customer, orderId).size() == 2);

    // The staff board and the deliveries list know the new status (on the cluster other
    // cases' orders are there too: look for this one).
    const auto board =
        client
            .get("/api/v1/staff/orders?status=cancelled&q=" + std::to_string(orderId),
                 shop.staff.token)
            .json()["orders"];
    REQUIRE(board.size() == 1);
    CHECK(board[0]["id"] == orderId);
    CHECK(client
              .get("/api/v1/staff/orders?status=confirmed&q=" + std::to_string(orderId),
                   shop.staff.token)
              .json()["orders"]
              .empty());
    const auto deliveries =
        client
            .get("/api/v1/deliveries?status=cancelled&before=" + std::to_string(orderId + 1),
                 shop.staff.token)
            .json()["deliveries"];
    REQUIRE(!deliveries.empty());
    CHECK(deliveries[0]["order_id"] == orderId);
    CHECK(deliveries[0]["status"] == "cancelled");
    CHECK(deliveries[0]["cancelled_at"].is_string());
    CHECK(client.get("/api/v1/orders", customer.token).json()["orders"][0]["status"] ==
          "cancelled");
}

TEST_CASE("cancel: a replayed order creation still answers what it answered then") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 5000);
    const nlohmann::json items{{"items", {{{"position_id", shop.tea}, {"count", 1}}}}};
    const auto placed =
        client.post("/api/v1/order", items, customer.token, {{"Idempotency-Key", "place-1"}});
    REQUIRE(placed.status == 201);
    const auto id = placed.json()["id"].get<std::int64_t>();
    REQUIRE(shop.cancel(id, customer).status == 200);
    const auto replayed =
        client.post("/api/v1/order", items, customer.token, {{"Idempotency-Key", "place-1"}});
    CHECK(replayed.status == 201);
    CHECK(replayed.json()["id"] == id);
    CHECK(replayed.json()["status"] == "confirmed");
}

TEST_CASE("cancel right after ordering, before the delivery exists: it is never created") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 10000);
    // Several at once, so that some cancels reach Delivery before the confirmation does.
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(shop.order(customer, 1));
        const auto cancelled = shop.cancel(ids.back(), customer);
        INFO(cancelled.body);
        REQUIRE(cancelled.status == 200);
        CHECK(cancelled.json()["status"] == "cancelled");
    }
    CHECK(eventually([&] { return client.balance(customer) == 10000; }));
    CHECK(eventually([&] { return client.count(shop.tea) == 10; }));
    for (const auto id : ids) {
        CHECK(eventually([&] {
            return client.notificationTypes(customer, id) ==
                   std::vector<std::string>{"order_ready_for_delivery", "order_cancelled"};
        }));
    }
    // However the confirmation and the cancel met at Delivery, each delivery is cancelled and
    // stays so, and Order's copy of its stage too.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (const auto id : ids) {
        INFO("order " << id);
        CHECK(shop.deliveryStatus(id, customer) == "cancelled");
        const auto order = client.get("/api/v1/order/" + std::to_string(id), customer.token).json();
        CHECK(order["status"] == "cancelled");
        CHECK(order["delivery_status"] == "cancelled");
        CHECK(client.post("/api/v1/order/sent", {{"order_id", id}}, shop.staff.token).status ==
              409);
    }
}

TEST_CASE("cancel: someone else's order is not found, staff may cancel any") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    const auto other = client.registerCustomer("other");
    client.topUp(customer, 10000);
    const auto orderId = shop.order(customer, 2);

    const auto foreign = shop.cancel(orderId, other);
    CHECK(foreign.status == 404);
    CHECK(errorCode(foreign) == "not_found");
    const auto missing = shop.cancel(orderId + 1000, other);
    CHECK(missing.status == 404);
    // No hint that it exists: the same message as for an order that does not.
    CHECK(foreign.json()["error"]["message"].get<std::string>().find("no order") == 0);
    CHECK(shop.orderStatus(orderId, customer) == "confirmed");
    CHECK(
        client.post("/api/v1/order/abc/cancel", nlohmann::json::object(), customer.token).status ==
        404);
    // No body is needed, but one that is sent is JSON, as everywhere.
    const auto path = "/api/v1/order/" + std::to_string(orderId) + "/cancel";
    CHECK(client.postRaw(path, "[1, 2]", "application/json", customer.token).status == 400);
    CHECK(client.postRaw(path, "cancel", "text/plain", customer.token).status == 415);
    CHECK(shop.orderStatus(orderId, customer) == "confirmed");
    CHECK(
        client
            .post("/api/v1/order/" + std::to_string(orderId) + "/cancel", nlohmann::json::object())
            .status == 401);

    const auto byStaff = shop.cancel(orderId, shop.staff, "staff-1");
    REQUIRE(byStaff.status == 200);
    CHECK(byStaff.json()["status"] == "cancelled");
    CHECK(eventually([&] { return client.balance(customer) == 10000; }));
    CHECK(eventually([&] { return client.count(shop.tea) == 10; }));
}

TEST_CASE("cancel after sending, or of an order that was rejected: 409 and nothing changes") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 5000);
    const auto sentId = shop.order(customer, 2);
    const auto receivedId = shop.order(customer, 1);
    REQUIRE(eventually([&] {
        return shop.deliveryStatus(sentId, customer) == "awaiting_shipment" &&
               shop.deliveryStatus(receivedId, customer) == "awaiting_shipment";
    }));
    REQUIRE(client.post("/api/v1/order/sent", {{"order_id", sentId}}, shop.staff.token).status ==
            200);
    REQUIRE(
        client.post("/api/v1/order/sent", {{"order_id", receivedId}}, shop.staff.token).status ==
        200);
    REQUIRE(client.post("/api/v1/order/received", {{"order_id", receivedId}}, shop.staff.token)
                .status == 200);

    for (const auto id : {sentId, receivedId}) {
        const auto refused = shop.cancel(id, customer, "late-" + std::to_string(id));
        INFO(refused.body);
        CHECK(refused.status == 409);
        CHECK(errorCode(refused) == "invalid_transition");
        CHECK(reasonOf(refused) == "already_sent");
        CHECK(refused.json()["error"]["order_id"] == id);
        CHECK(shop.orderStatus(id, customer) == "confirmed");
    }
    CHECK(shop.deliveryStatus(sentId, customer) == "sent");
    CHECK(shop.deliveryStatus(receivedId, customer) == "received");
    // A refused request is not remembered: the same key asks again, and is refused again.
    CHECK(reasonOf(shop.cancel(sentId, customer, "late-" + std::to_string(sentId))) ==
          "already_sent");

    // A rejected order has nothing to cancel.
    const auto rejected = client.post(
        "/api/v1/order", {{"items", {{{"position_id", shop.tea}, {"count", 5}}}}}, customer.token);
    REQUIRE(rejected.status == 402);
    const auto rejectedId = rejected.json()["error"]["order_id"].get<std::int64_t>();
    const auto refused = shop.cancel(rejectedId, customer);
    CHECK(refused.status == 409);
    CHECK(reasonOf(refused) == "not_cancellable");

    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(client.balance(customer) == 2000);
    CHECK(client.count(shop.tea) == 7);
    CHECK(client.notificationTypes(customer, sentId) ==
          std::vector<std::string>{"order_ready_for_delivery", "order_sent"});
}

TEST_CASE("cancel: an Idempotency-Key belongs to one order's cancel") {
    Shop shop;
    auto& client = shop.client;
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 5000);
    const auto first = shop.order(customer, 1);
    const auto second = shop.order(customer, 1);
    REQUIRE(shop.cancel(first, customer, "the-key").status == 200);
    // The same key for another order's cancel is another request.
    CHECK(errorCode(shop.cancel(second, customer, "the-key")) == "idempotency_key_reused");
    CHECK(shop.orderStatus(second, customer) == "confirmed");
    CHECK(errorCode(shop.cancel(second, customer, std::string(129, 'k'))) == "invalid_request");
    CHECK(shop.cancel(second, customer, "another-key").status == 200);
}

TEST_CASE("cancel while Delivery cannot be reached: 503, the request is kept, recovery finishes "
          "it",
          "[local]") {
    // Every service but Delivery, whose address answers nothing: the cancel is recorded,
    // Delivery cannot be asked, the answer is 503 and the order is still confirmed.
    ConfigFile config("[order]\nsaga_recovery_seconds = 2\n");
    LotokdOptions options;
    options.extraArgs = {"--config", config.path(),
                         "--services=auth,user,billing,stock,order,notification", "--service-url",
                         "delivery=http://127.0.0.1:9"};
    LotokdProcess partial(options);
    TestClient client(partial.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, partial.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, uniqueName("Tea"), 1000, 10);
    const auto customer = client.registerCustomer("cancel");
    client.topUp(customer, 10000);
    const auto placed = client.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 4}}}}}, customer.token);
    REQUIRE(placed.status == 201);
    const auto orderId = placed.json()["id"].get<std::int64_t>();
    const auto path = "/api/v1/order/" + std::to_string(orderId) + "/cancel";
    const lotok::http::Headers key{{"Idempotency-Key", "while-down"}};

    const auto down = client.post(path, nlohmann::json::object(), customer.token, key);
    CHECK(down.status == 503);
    CHECK(errorCode(down) == "unavailable");
    // The same request again meets the same outage; another request is told one is under way.
    CHECK(client.post(path, nlohmann::json::object(), customer.token, key).status == 503);
    const auto other = client.post(path, nlohmann::json::object(), customer.token);
    CHECK(other.status == 409);
    CHECK(other.json()["error"]["reason"] == "already_cancelled");
    CHECK(client.get("/api/v1/order/" + std::to_string(orderId), customer.token).json()["status"] ==
          "confirmed");
    CHECK(client.balance(customer) == 6000);

    // Every service again, on the same database: recovery takes the request over once its
    // lease has run out and finishes it. In process Delivery never hears of the order (its
    // confirmation was published where no Delivery listened), so it is decided on a delivery
    // that does not exist yet.
    const auto eventsUrl = partial.eventsUrl();
    partial.stop();
    LotokdOptions fullOptions;
    fullOptions.extraArgs = {"--config", config.path()};
    fullOptions.databaseUrl = partial.databaseUrl();
    fullOptions.eventsUrl = eventsUrl;
    LotokdProcess full(fullOptions);
    TestClient again(full.publicUrl());
    const auto orderPath = "/api/v1/order/" + std::to_string(orderId);
    REQUIRE(eventually(
        [&] { return again.get(orderPath, customer.token).json()["status"] == "cancelled"; }));
    CHECK(eventually([&] { return again.balance(customer) == 10000; }));
    CHECK(eventually([&] { return again.count(tea) == 10; }));
    const auto delivery = again.get(orderPath + "/delivery", customer.token);
    CHECK(delivery.status == 200);
    CHECK(delivery.json()["status"] == "cancelled");
    if (eventsUrl.empty()) {
        // In process the confirmation was stored only for the consumers that listened then.
        CHECK(delivery.json()["address"] == "");
    } // On JetStream it waits in the stream: the delivery may be made first, then cancelled.
    // The client that got 503 retries with its key and gets the answer it asked for.
    const auto retried = again.post(path, nlohmann::json::object(), customer.token, key);
    CHECK(retried.status == 200);
    CHECK(retried.header("idempotent-replayed") == "true");
    CHECK(retried.json()["status"] == "cancelled");
    lotok::db::Connection db(full.databaseUrl());
    CHECK(scalar(db, "SELECT count(*) FROM orders.cancellations WHERE state = 'requested'") == 0);
    CHECK(scalar(db,
                 "SELECT count(*) FROM orders.outbox WHERE type = 'order.order_cancelled' AND "
                 "(payload->>'order_id')::bigint = $1",
                 {orderId}) == 1);
}
