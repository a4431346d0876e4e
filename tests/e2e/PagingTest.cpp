// Cursor lists: every page in order, no row twice, none missing, and the cursor ends.
#include "LotokdProcess.h"
#include "TestClient.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

using namespace lotok::test;

namespace {

// Follows `cursorName` from page to page; returns every id seen, in order.
std::vector<std::int64_t> walk(TestClient& client, const std::string& path, const std::string& list,
                               const std::string& idField, const std::string& cursorParam,
                               const std::string& cursorName, const std::string& token) {
    std::vector<std::int64_t> ids;
    std::string cursor;
    for (int page = 0; page < 50; ++page) {
        const auto separator = path.find('?') == std::string::npos ? "?" : "&";
        const auto response = client.get(
            path + separator + "limit=2" + (cursor.empty() ? "" : "&" + cursorParam + "=" + cursor),
            token);
        REQUIRE(response.status == 200);
        const auto body = response.json();
        REQUIRE(body[list].size() <= 2);
        for (const auto& row : body[list]) {
            ids.push_back(row[idField].get<std::int64_t>());
        }
        if (body[cursorName].is_null()) {
            return ids;
        }
        cursor = std::to_string(body[cursorName].get<std::int64_t>());
    }
    FAIL("the cursor never ended");
    return ids;
}

} // namespace

TEST_CASE("orders, positions and deliveries page through their cursors", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto customer = client.registerCustomer("pager");
    client.topUp(customer, 1'000'000);

    std::vector<std::int64_t> positions;
    for (int i = 0; i < 5; ++i) {
        positions.push_back(client.createPosition(staff, "Item " + std::to_string(i), 100, 10));
    }
    std::vector<std::int64_t> orders;
    for (const auto position : positions) {
        const auto placed =
            client.post("/api/v1/order", {{"items", {{{"position_id", position}, {"count", 1}}}}},
                        customer.token);
        REQUIRE(placed.status == 201);
        orders.push_back(placed.json()["id"].get<std::int64_t>());
    }

    // Orders: newest first, pages of two, nothing lost or repeated.
    const std::vector<std::int64_t> newestFirst(orders.rbegin(), orders.rend());
    CHECK(walk(client, "/api/v1/orders", "orders", "id", "before", "next_before", customer.token) ==
          newestFirst);

    // Positions: catalogue order (ascending ids) through `after`.
    CHECK(walk(client, "/api/v1/stock/positions", "positions", "id", "after", "next_after", "") ==
          positions);

    // Deliveries: newest first by order, filtered by status.
    for (int i = 0; i < 100; ++i) {
        const auto all =
            client.get("/api/v1/deliveries?status=awaiting_shipment&limit=500", staff.token);
        if (all.json()["deliveries"].size() == orders.size()) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(walk(client, "/api/v1/deliveries?status=awaiting_shipment", "deliveries", "order_id",
               "before", "next_before", staff.token) == newestFirst);
    REQUIRE(client.post("/api/v1/order/sent", {{"order_id", orders[0]}}, staff.token).status ==
            200);
    CHECK(walk(client, "/api/v1/deliveries?status=sent", "deliveries", "order_id", "before",
               "next_before", staff.token) == std::vector<std::int64_t>{orders[0]});

    // The account statement: newest first through `before`, the five payments and the top-up.
    const auto lines = walk(client, "/api/v1/account/transactions", "transactions", "id", "before",
                            "next_before", customer.token);
    REQUIRE(lines.size() == orders.size() + 1);
    CHECK(std::is_sorted(lines.rbegin(), lines.rend()));
    CHECK(std::adjacent_find(lines.begin(), lines.end()) == lines.end());
    const auto newestLine = client.get("/api/v1/account/transactions?limit=1", customer.token);
    CHECK(newestLine.json()["transactions"][0]["order_id"] == orders.back());
    CHECK(newestLine.json()["next_before"] == lines[0]);

    // Notifications: oldest first after an id.
    std::vector<std::int64_t> notified;
    for (int i = 0; i < 100 && notified.size() < orders.size() + 1; ++i) {
        notified.clear();
        const auto body = client.get("/api/v1/notifications?limit=200", customer.token).json();
        for (const auto& n : body["notifications"]) {
            notified.push_back(n["id"].get<std::int64_t>());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(notified.size() == orders.size() + 1);
    const auto tail =
        client
            .get("/api/v1/notifications?after=" + std::to_string(notified[2]) + "&limit=2",
                 customer.token)
            .json()["notifications"];
    REQUIRE(tail.size() == 2);
    CHECK(tail[0]["id"] == notified[3]);
    CHECK(tail[1]["id"] == notified[4]);
}
