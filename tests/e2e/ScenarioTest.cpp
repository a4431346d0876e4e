// The contract's ten-step scenario, against a real lotokd over HTTP and WebSocket.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "WsClient.h"

#include <catch2/catch.hpp>
#include <thread>

using namespace lotok::test;

TEST_CASE("the contract scenario passes end to end") {
    LotokdProcess server;
    TestClient client(server.publicUrl());

    // 1. Register; log in; balance is 0.
    const auto customer = client.registerCustomer("alice", "Moscow, Tverskaya 7");
    REQUIRE(client.balance(customer) == 0);

    // 2. Top up 1000.00.
    client.topUp(customer, 100000);
    REQUIRE(client.balance(customer) == 100000);

    // 3. Staff creates "Tea" priced 25000 with 10 available.
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 25000, 10);
    REQUIRE(client.count(tea) == 10);

    WsClient socket(server.publicUrl(), "/api/v1/notifications/ws", customer.token);

    // 4. Order 2 Tea: 201, confirmed, total 50000; balance 50000; count 8.
    const auto first = client.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 2}}}}}, customer.token);
    REQUIRE(first.status == 201);
    const auto firstOrder = first.json();
    CHECK(firstOrder["status"] == "confirmed");
    CHECK(firstOrder["total"] == 50000);
    CHECK(firstOrder["currency"] == "RUB");
    CHECK(firstOrder["items"][0]["name"] == "Tea");
    const auto firstId = firstOrder["id"].get<std::int64_t>();
    CHECK(client.balance(customer) == 50000);
    CHECK(client.count(tea) == 8);

    // 5. Order 9 Tea: 409 insufficient_stock; nothing charged; count still 8.
    const auto second = client.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 9}}}}}, customer.token);
    REQUIRE(second.status == 409);
    CHECK(errorCode(second) == "insufficient_stock");
    const auto secondId = second.json()["error"]["order_id"].get<std::int64_t>();
    CHECK(client.balance(customer) == 50000);
    CHECK(client.count(tea) == 8);

    // 6. Order 3 Tea (75000 > 50000): 402 insufficient_funds; count still 8 once released.
    const auto third = client.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 3}}}}}, customer.token);
    REQUIRE(third.status == 402);
    CHECK(errorCode(third) == "insufficient_funds");
    const auto thirdId = third.json()["error"]["order_id"].get<std::int64_t>();
    CHECK(eventually([&] { return client.count(tea) == 8; }));
    CHECK(client.balance(customer) == 50000);

    // 7. The orders list shows the three, newest first, with their statuses.
    const auto list = client.get("/api/v1/orders", customer.token).json()["orders"];
    REQUIRE(list.size() == 3);
    CHECK(list[0]["id"] == thirdId);
    CHECK(list[0]["status"] == "rejected");
    CHECK(list[0]["reason"] == "insufficient_funds");
    CHECK(list[1]["id"] == secondId);
    CHECK(list[1]["reason"] == "insufficient_stock");
    CHECK(list[2]["id"] == firstId);
    CHECK(list[2]["status"] == "confirmed");

    // 8. Notifications for all three, and the delivery awaits shipment at the address.
    CHECK(eventually([&] {
        return client.notificationTypes(customer, firstId) ==
                   std::vector<std::string>{"order_ready_for_delivery"} &&
               client.notificationTypes(customer, secondId) ==
                   std::vector<std::string>{"order_rejected"} &&
               client.notificationTypes(customer, thirdId) ==
                   std::vector<std::string>{"order_rejected"};
    }));
    const auto deliveryPath = "/api/v1/order/" + std::to_string(firstId) + "/delivery";
    REQUIRE(eventually([&] { return client.get(deliveryPath, customer.token).status == 200; }));
    const auto delivery = client.get(deliveryPath, customer.token).json();
    CHECK(delivery["status"] == "awaiting_shipment");
    CHECK(delivery["address"] == "Moscow, Tverskaya 7");

    // The three notifications also arrived live on the open socket.
    std::vector<std::string> pushed;
    while (pushed.size() < 3) {
        const auto message = socket.receive();
        REQUIRE(message);
        REQUIRE((*message)["type"] == "notification");
        pushed.push_back((*message)["notification"]["type"]);
    }

    // 9. Staff marks it sent, then received; the customer hears both, live and in the list.
    const auto sent = client.post("/api/v1/order/sent", {{"order_id", firstId}}, staff.token);
    REQUIRE(sent.status == 200);
    CHECK(sent.json()["status"] == "sent");
    // Received once the customer has heard "sent", as in life: events of two types are
    // handled in the order they happen, not by construction within milliseconds of each
    // other (docs/architecture.md, "Guarantees"; with two Notification replicas on the
    // cluster the two could be handled side by side, one on each).
    const auto sentPush = socket.receive();
    REQUIRE(sentPush);
    CHECK((*sentPush)["notification"]["type"] == "order_sent");
    const auto received =
        client.post("/api/v1/order/recieved", {{"order_id", firstId}}, staff.token);
    REQUIRE(received.status == 200);
    CHECK(received.json()["status"] == "received");
    const auto receivedPush = socket.receive();
    REQUIRE(receivedPush);
    CHECK((*receivedPush)["notification"]["type"] == "order_delivered");
    CHECK(eventually([&] {
        return client.notificationTypes(customer, firstId) ==
               std::vector<std::string>{"order_ready_for_delivery", "order_sent",
                                        "order_delivered"};
    }));

    // 10. Another customer sees none of it.
    const auto other = client.registerCustomer("bob");
    CHECK(client.get("/api/v1/order/" + std::to_string(firstId), other.token).status == 404);
    CHECK(client.get(deliveryPath, other.token).status == 404);
    CHECK(client.get("/api/v1/orders", other.token).json()["orders"].empty());
    CHECK(client.get("/api/v1/notifications", other.token).json()["notifications"].empty());
}

// Issue 15: the same shop day as the customer's statement reads it. Refused orders took no
// money and leave no line; the lines sum to the balance and each says what it left.
TEST_CASE("the account statement shows each top-up and payment, newest first, summing to the "
          "balance") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("ledger");
    const auto statement = [&](const User& user) {
        const auto response = client.get("/api/v1/account/transactions", user.token);
        REQUIRE(response.status == 200);
        return response.json();
    };
    const auto empty = statement(customer);
    CHECK(empty["transactions"].empty());
    CHECK(empty["next_before"].is_null());

    client.topUp(customer, 100000);
    client.topUp(customer, 2500);
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 25000, 10);
    const auto order = [&](int count) {
        return client.post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", count}}}}},
                           customer.token);
    };
    const auto paid = order(2);
    REQUIRE(paid.status == 201);
    const auto paidId = paid.json()["id"].get<std::int64_t>();
    REQUIRE(order(9).status == 409); // insufficient stock: nothing taken
    REQUIRE(order(3).status == 402); // 75000 > 52500: nothing taken

    const auto body = statement(customer);
    CHECK(body["next_before"].is_null());
    const auto& lines = body["transactions"];
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["kind"] == "payment");
    CHECK(lines[0]["amount"] == -50000);
    CHECK(lines[0]["balance_after"] == 52500);
    CHECK(lines[0]["order_id"] == paidId);
    CHECK(lines[1]["kind"] == "top_up");
    CHECK(lines[1]["amount"] == 2500);
    CHECK(lines[1]["balance_after"] == 102500);
    CHECK(lines[1]["order_id"].is_null());
    CHECK(lines[2]["kind"] == "top_up");
    CHECK(lines[2]["amount"] == 100000);
    CHECK(lines[2]["balance_after"] == 100000);
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        INFO("line " << i << ": " << lines[i].dump());
        CHECK(lines[i]["currency"] == "RUB");
        const auto createdAt = lines[i]["created_at"].get<std::string>();
        CHECK(createdAt.size() == 24);
        CHECK(createdAt.back() == 'Z');
        if (i > 0) {
            CHECK(lines[i]["id"].get<std::int64_t>() < lines[i - 1]["id"].get<std::int64_t>());
            CHECK(createdAt <= lines[i - 1]["created_at"].get<std::string>());
        }
        sum += lines[i]["amount"].get<std::int64_t>();
    }
    CHECK(sum == client.balance(customer));
    CHECK(sum == 52500);
    lotok::db::Connection billing(server.databaseUrl("billing"));
    CHECK(ledgerMismatches(billing, idArray(std::vector<std::int64_t>{customer.id})) == 0);

    // Someone else's statement is their own, and it is empty.
    const auto other = client.registerCustomer("bystander");
    CHECK(statement(other)["transactions"].empty());
}
