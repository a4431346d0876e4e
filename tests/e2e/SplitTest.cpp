// Services in two processes: each hosts its share and reaches the others over HTTP on
// their internal listener, as they will when they run on different machines.
#include "LotokdProcess.h"
#include "TestClient.h"

#include <catch2/catch.hpp>
#include <thread>

using namespace lotok::test;

TEST_CASE("an order placed on one process pays on another") {
    // Accounts and money in one process; goods, orders, deliveries and notices in another.
    LotokdOptions accountsOptions;
    accountsOptions.extraArgs = {"--services=auth,user,billing"};
    LotokdProcess accounts(accountsOptions);
    const auto peer = accounts.internalUrl();
    LotokdOptions shopOptions;
    shopOptions.extraArgs = {"--services=order,stock,delivery,notification",
                             "--service-url",
                             "auth=" + peer,
                             "--service-url",
                             "user=" + peer,
                             "--service-url",
                             "billing=" + peer};
    shopOptions.databaseUrl = accounts.databaseUrl();
    LotokdProcess shop(shopOptions);
    TestClient accountsApi(accounts.publicUrl());
    TestClient shopApi(shop.publicUrl());

    // Each process serves only its own routes.
    CHECK(shopApi.get("/api/v1/account").status == 404);
    CHECK(accountsApi.get("/api/v1/stock/positions").status == 404);

    const auto customer = accountsApi.registerCustomer("split", "Kazan, Baumana 5");
    accountsApi.topUp(customer, 10000);
    const auto staffLogin = uniqueName("staff");
    const auto staff = accountsApi.login(staffLogin, accounts.addStaff(staffLogin));

    // The shop authenticates both tokens by asking the accounts process.
    const auto tea = shopApi.createPosition(staff, "Tea", 3000, 5);
    const auto placed = shopApi.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 2}}}}}, customer.token);
    REQUIRE(placed.status == 201);
    const auto orderId = placed.json()["id"].get<std::int64_t>();
    CHECK(accountsApi.balance(customer) == 4000);
    CHECK(shopApi.count(tea) == 3);

    const auto poor = shopApi.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 3}}}}}, customer.token);
    CHECK(poor.status == 402);
    CHECK(shopApi.count(tea) == 3);

    // Delivery asked the accounts process for the address.
    const auto path = "/api/v1/order/" + std::to_string(orderId) + "/delivery";
    auto delivery = shopApi.get(path, customer.token);
    for (int i = 0; i < 100 && delivery.status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        delivery = shopApi.get(path, customer.token);
    }
    REQUIRE(delivery.status == 200);
    CHECK(delivery.json()["address"] == "Kazan, Baumana 5");

    // A logout on the accounts process is honoured by the shop at once.
    REQUIRE(accountsApi.post("/api/v1/logout", nlohmann::json::object(), customer.token).status ==
            204);
    CHECK(shopApi.get("/api/v1/orders", customer.token).status == 401);
}

TEST_CASE("a process that hosts a client's target nowhere refuses to start") {
    LotokdOptions options;
    options.extraArgs = {"--services=order,stock"};
    CHECK_THROWS(LotokdProcess(options));
}
