// Issue 2, item 9: Idempotency-Key on POST /api/v1/account and POST /api/v1/order. The same
// key and body replays the first response and changes nothing; the same key with another
// body is 422 idempotency_key_reused; keys belong to one user; a refused order replays its
// refusal; a request refused by validation is not remembered.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"

#include <catch2/catch.hpp>
#include <functional>
#include <thread>

using namespace lotok::test;
using lotok::http::HttpResponse;
using nlohmann::json;

namespace {

HttpResponse postWithKey(TestClient& client, const std::string& path, const json& body,
                         const User& user, const std::string& key) {
    return client.post(path, body, user.token, {{"Idempotency-Key", key}});
}

HttpResponse rawWithKey(TestClient& client, const std::string& path, const std::string& body,
                        const User& user, const std::string& key) {
    lotok::http::HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers = {{"Authorization", "Bearer " + user.token},
                       {"Content-Type", "application/json"},
                       {"Idempotency-Key", key}};
    request.body = body;
    return client.raw().send(request);
}

bool replayed(const HttpResponse& response) {
    return response.header("idempotent-replayed").value_or("") == "true";
}

json oneItem(std::int64_t positionId, std::int64_t count) {
    return {{"items", json::array({{{"position_id", positionId}, {"count", count}}})}};
}

std::size_t orderCount(TestClient& client, const User& user) {
    return client.get("/api/v1/orders?limit=100", user.token).json()["orders"].size();
}

// The same request from several threads at once: every answer, in no particular order.
std::vector<HttpResponse> inParallel(int threads, const std::function<HttpResponse()>& send) {
    std::vector<HttpResponse> responses(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&, i] { responses[static_cast<std::size_t>(i)] = send(); });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    return responses;
}

} // namespace

TEST_CASE("Idempotency-Key on top-ups replays the first answer and changes nothing") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto alice = client.registerCustomer("alice");
    const auto bob = client.registerCustomer("bob");
    const std::string path = "/api/v1/account";

    const auto first = postWithKey(client, path, {{"amount", 1000}}, alice, "topup-1");
    REQUIRE(first.status == 200);
    CHECK(first.json()["balance"] == 1000);
    CHECK_FALSE(replayed(first));

    const auto again = postWithKey(client, path, {{"amount", 1000}}, alice, "topup-1");
    CHECK(again.status == 200);
    CHECK(again.json() == first.json());
    CHECK(replayed(again));
    // JSON formatting is not part of the request's identity.
    const auto reformatted = rawWithKey(client, path, "{ \"amount\" :\n 1000 }", alice, "topup-1");
    CHECK(reformatted.status == 200);
    CHECK(reformatted.json() == first.json());
    CHECK(client.balance(alice) == 1000);

    // The replay is the first answer, even after the balance has moved on.
    REQUIRE(postWithKey(client, path, {{"amount", 500}}, alice, "topup-2").status == 200);
    const auto late = postWithKey(client, path, {{"amount", 1000}}, alice, "topup-1");
    CHECK(late.status == 200);
    CHECK(late.json()["balance"] == 1000);
    CHECK(client.balance(alice) == 1500);

    // Another body under the same key is refused, and changes nothing.
    const auto reused = postWithKey(client, path, {{"amount", 999}}, alice, "topup-1");
    CHECK(reused.status == 422);
    CHECK(errorCode(reused) == "idempotency_key_reused");
    CHECK(postWithKey(client, path, {{"amount", 1000}, {"note", "x"}}, alice, "topup-1").status ==
          422);
    CHECK(client.balance(alice) == 1500);

    // Without a key, two equal requests are two top-ups.
    client.topUp(alice, 200);
    client.topUp(alice, 200);
    CHECK(client.balance(alice) == 1900);

    // Keys are per user: Bob's "topup-1" is his own.
    const auto bobs = postWithKey(client, path, {{"amount", 1000}}, bob, "topup-1");
    CHECK(bobs.status == 200);
    CHECK(bobs.json()["user_id"] == bob.id);
    CHECK(bobs.json()["balance"] == 1000);
    CHECK_FALSE(replayed(bobs));
    CHECK(postWithKey(client, path, {{"amount", 7}}, bob, "topup-1").status == 422);
    CHECK(client.balance(bob) == 1000);
    CHECK(client.balance(alice) == 1900);

    // A request refused by validation is not remembered: the key stays free.
    const auto invalid = postWithKey(client, path, {{"amount", 0}}, alice, "topup-3");
    CHECK(invalid.status == 400);
    const auto valid = postWithKey(client, path, {{"amount", 10}}, alice, "topup-3");
    CHECK(valid.status == 200);
    CHECK_FALSE(replayed(valid));
    CHECK(postWithKey(client, path, {{"amount", 10}}, alice, "topup-3").json() == valid.json());
    CHECK(client.balance(alice) == 1910);

    // Simultaneous retries: one top-up, every answer the same.
    const auto burst = inParallel(8, [&] {
        return postWithKey(client, path, {{"amount", 300}}, alice, "topup-burst");
    });
    for (const auto& response : burst) {
        INFO(response.status << " " << response.body);
        CHECK(response.status == 200);
        CHECK(response.json() == burst.front().json());
    }
    CHECK(burst.front().json()["balance"] == 2210);
    CHECK(client.balance(alice) == 2210);

    lotok::db::Connection db(server.databaseUrl("billing"));
    CHECK(
        db.exec("SELECT count(*) FROM billing.topups WHERE user_id = $1", {alice.id}).int64(0, 0) ==
        6);
}

TEST_CASE("Idempotency-Key on orders replays the order, or its refusal, and changes nothing") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const std::string path = "/api/v1/order";
    // Each part below has a shop of its own on the same server: two customers with 10000
    // each and a position of 20 units at 1000.
    struct Shop {
        User alice;
        User bob;
        std::int64_t tea = 0;
    };
    const auto freshShop = [&] {
        Shop shop{client.registerCustomer("alice"), client.registerCustomer("bob"),
                  client.createPosition(staff, "Tea", 1000, 20)};
        client.topUp(shop.alice, 10000);
        client.topUp(shop.bob, 10000);
        return shop;
    };

    {
        INFO("a confirmed order");
        const auto shop = freshShop();
        const auto& alice = shop.alice;
        const auto& bob = shop.bob;
        const auto tea = shop.tea;
        (void)bob;
        const auto first = postWithKey(client, path, oneItem(tea, 2), alice, "order-1");
        REQUIRE(first.status == 201);
        const auto orderId = first.json()["id"].get<std::int64_t>();
        CHECK_FALSE(replayed(first));

        const auto again = postWithKey(client, path, oneItem(tea, 2), alice, "order-1");
        CHECK(again.status == 201);
        CHECK(again.json() == first.json());
        CHECK(replayed(again));
        const auto reformatted = rawWithKey(
            client, path,
            "{\"items\": [ {\"count\": 2, \"position_id\": " + std::to_string(tea) + "} ]}", alice,
            "order-1");
        CHECK(reformatted.status == 201);
        CHECK(reformatted.json()["id"] == orderId);
        CHECK(client.balance(alice) == 8000);
        CHECK(client.count(tea) == 18);
        CHECK(orderCount(client, alice) == 1);

        const auto reused = postWithKey(client, path, oneItem(tea, 3), alice, "order-1");
        CHECK(reused.status == 422);
        CHECK(errorCode(reused) == "idempotency_key_reused");
        CHECK(client.balance(alice) == 8000);
        CHECK(client.count(tea) == 18);
        CHECK(orderCount(client, alice) == 1);

        // Keys are per user: Bob's "order-1" is a new order of his.
        const auto bobs = postWithKey(client, path, oneItem(tea, 2), bob, "order-1");
        CHECK(bobs.status == 201);
        CHECK(bobs.json()["id"] != orderId);
        CHECK_FALSE(replayed(bobs));
        CHECK(client.balance(bob) == 8000);
        CHECK(client.count(tea) == 16);
        CHECK(postWithKey(client, path, oneItem(tea, 2), alice, "order-1").json()["id"] == orderId);

        // Keys are per route too: the same key on a top-up is a top-up.
        const auto topUp =
            postWithKey(client, "/api/v1/account", {{"amount", 5}}, alice, "order-1");
        CHECK(topUp.status == 200);
        CHECK(client.balance(alice) == 8005);
    }

    {
        INFO("a refused order replays its refusal, even once it could go through");
        const auto shop = freshShop();
        const auto& alice = shop.alice;
        const auto& bob = shop.bob;
        const auto tea = shop.tea;
        (void)bob;
        const auto first = postWithKey(client, path, oneItem(tea, 50), alice, "order-big");
        REQUIRE(first.status == 409);
        CHECK(errorCode(first) == "insufficient_stock");
        const auto orderId = first.json()["error"]["order_id"].get<std::int64_t>();
        const auto again = postWithKey(client, path, oneItem(tea, 50), alice, "order-big");
        CHECK(again.status == 409);
        CHECK(again.json()["error"]["order_id"] == orderId);
        CHECK(replayed(again));
        CHECK(orderCount(client, alice) == 1);

        REQUIRE(
            client
                .post("/api/v1/stock/position/" + std::to_string(tea), {{"add", 100}}, staff.token)
                .status == 200);
        const auto later = postWithKey(client, path, oneItem(tea, 50), alice, "order-big");
        CHECK(later.status == 409);
        CHECK(later.json()["error"]["order_id"] == orderId);
        CHECK(client.count(tea) == 120);
        CHECK(client.balance(alice) == 10000);
        CHECK(postWithKey(client, path, oneItem(tea, 5), alice, "order-big").status == 422);

        const auto poor = postWithKey(client, path, oneItem(tea, 11), alice, "order-poor");
        REQUIRE(poor.status == 402);
        CHECK(errorCode(poor) == "insufficient_funds");
        const auto poorId = poor.json()["error"]["order_id"].get<std::int64_t>();
        const auto poorAgain = postWithKey(client, path, oneItem(tea, 11), alice, "order-poor");
        CHECK(poorAgain.status == 402);
        CHECK(poorAgain.json()["error"]["order_id"] == poorId);
        CHECK(client.get("/api/v1/order/" + std::to_string(poorId), alice.token).json()["reason"] ==
              "insufficient_funds");
        CHECK(client.balance(alice) == 10000);
        CHECK(client.count(tea) == 120);
        CHECK(orderCount(client, alice) == 2);
    }

    {
        INFO("a request refused before it became an order is not remembered");
        const auto shop = freshShop();
        const auto& alice = shop.alice;
        const auto& bob = shop.bob;
        const auto tea = shop.tea;
        (void)bob;
        CHECK(postWithKey(client, path, oneItem(tea, 0), alice, "order-fix").status == 400);
        CHECK(postWithKey(client, path, oneItem(987654, 1), alice, "order-fix").status == 404);
        const auto fixed = postWithKey(client, path, oneItem(tea, 1), alice, "order-fix");
        CHECK(fixed.status == 201);
        CHECK_FALSE(replayed(fixed));
        CHECK(orderCount(client, alice) == 1);
        const auto tooLong =
            postWithKey(client, path, oneItem(tea, 1), alice, std::string(129, 'k'));
        CHECK(tooLong.status == 400);
        CHECK(tooLong.json()["error"]["field"] == "Idempotency-Key");
        CHECK(orderCount(client, alice) == 1);
        CHECK(client.balance(alice) == 9000);
    }

    {
        INFO("simultaneous retries make one order");
        const auto shop = freshShop();
        const auto& alice = shop.alice;
        const auto& bob = shop.bob;
        const auto tea = shop.tea;
        (void)bob;
        const auto burst = inParallel(
            8, [&] { return postWithKey(client, path, oneItem(tea, 3), alice, "order-burst"); });
        const auto orderId = burst.front().json()["id"];
        for (const auto& response : burst) {
            INFO(response.status << " " << response.body);
            CHECK(response.status == 201);
            CHECK(response.json()["id"] == orderId);
        }
        CHECK(orderCount(client, alice) == 1);
        CHECK(client.count(tea) == 17);
        CHECK(client.balance(alice) == 7000);
        lotok::db::Connection billing(server.databaseUrl("billing"));
        lotok::db::Connection stock(server.databaseUrl("stock"));
        CHECK(billing.exec("SELECT count(*) FROM billing.payments WHERE user_id = $1", {alice.id})
                  .int64(0, 0) == 1);
        CHECK(
            stock
                .exec("SELECT coalesce(sum(count), 0) FROM stock.reservations WHERE order_id = $1",
                      {orderId.get<std::int64_t>()})
                .int64(0, 0) == 3);
    }
}
