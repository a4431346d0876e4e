// The contract's ten-step scenario, against a real lotokd over HTTP and WebSocket.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "WsClient.h"

#include <catch2/catch.hpp>
#include <thread>

using namespace lotok::test;

namespace {

std::vector<std::string> notificationTypes(TestClient& client, const User& user,
                                           std::int64_t orderId) {
    std::vector<std::string> types;
    const auto body = client.get("/api/v1/notifications?limit=200", user.token).json();
    for (const auto& notification : body["notifications"]) {
        if (notification["order_id"] == orderId) {
            types.push_back(notification["type"]);
        }
    }
    return types;
}

} // namespace

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
        return notificationTypes(client, customer, firstId) ==
                   std::vector<std::string>{"order_ready_for_delivery"} &&
               notificationTypes(client, customer, secondId) ==
                   std::vector<std::string>{"order_rejected"} &&
               notificationTypes(client, customer, thirdId) ==
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
    const auto received =
        client.post("/api/v1/order/recieved", {{"order_id", firstId}}, staff.token);
    REQUIRE(received.status == 200);
    CHECK(received.json()["status"] == "received");
    const auto sentPush = socket.receive();
    const auto receivedPush = socket.receive();
    REQUIRE(sentPush);
    REQUIRE(receivedPush);
    CHECK((*sentPush)["notification"]["type"] == "order_sent");
    CHECK((*receivedPush)["notification"]["type"] == "order_delivered");
    CHECK(eventually([&] {
        return notificationTypes(client, customer, firstId) ==
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
