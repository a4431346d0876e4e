// Issue 13's endpoints for the back office and the desktop: the staff orders board
// (GET /api/v1/staff/orders) with its customer, delivery stage, filters and cursor, and the
// notifications' server-side read state (POST /api/v1/notifications/read).
#include "LotokdProcess.h"
#include "TestClient.h"

#include <catch2/catch.hpp>

using namespace lotok::test;

namespace {

User registerNamed(TestClient& client, const std::string& prefix, const std::string& firstName,
                   const std::string& lastName) {
    const auto login = uniqueName(prefix);
    const auto registered = client.post("/api/v1/register", {{"login", login},
                                                             {"password", "correct-horse-battery"},
                                                             {"email", login + "@example.com"},
                                                             {"first_name", firstName},
                                                             {"last_name", lastName},
                                                             {"address", "Tver, Sadovaya 3"}});
    REQUIRE(registered.status == 201);
    return client.login(login, "correct-horse-battery");
}

std::int64_t placeOrder(TestClient& client, const User& user, std::int64_t position,
                        std::int64_t count) {
    const auto placed = client.post(
        "/api/v1/order", {{"items", {{{"position_id", position}, {"count", count}}}}}, user.token);
    REQUIRE((placed.status == 201 || placed.status == 402 || placed.status == 409));
    return placed.status == 201 ? placed.json()["id"].get<std::int64_t>()
                                : placed.json()["error"]["order_id"].get<std::int64_t>();
}

std::vector<std::int64_t> ids(const nlohmann::json& orders) {
    std::vector<std::int64_t> out;
    for (const auto& order : orders) {
        out.push_back(order["id"].get<std::int64_t>());
    }
    return out;
}

} // namespace

TEST_CASE("staff see every order with its customer and delivery stage, filtered and paged",
          "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto anna = registerNamed(client, "anna", "Anna", "Petrova");
    const auto boris = registerNamed(client, "boris", "Boris", "Sidorov");
    client.topUp(anna, 100'000);
    client.topUp(boris, 1'000);
    const auto tea = client.createPosition(staff, "Tea", 2'500, 100);

    const auto annaFirst = placeOrder(client, anna, tea, 2);
    const auto annaSecond = placeOrder(client, anna, tea, 1);
    const auto borisRejected = placeOrder(client, boris, tea, 1); // 2500 > 1000: rejected

    // The customer and the delivery stage arrive by events: wait for both.
    const auto board = [&](const std::string& query) {
        return client.get("/api/v1/staff/orders" + query, staff.token);
    };
    REQUIRE(eventually([&] {
        const auto all = board("").json()["orders"];
        if (all.size() != 3) {
            return false;
        }
        for (const auto& order : all) {
            if (order["customer"]["name"].is_null() ||
                (order["status"] == "confirmed" && order["delivery_status"].is_null())) {
                return false;
            }
        }
        return true;
    }));
    const auto all = board("").json();
    CHECK(ids(all["orders"]) == std::vector<std::int64_t>{borisRejected, annaSecond, annaFirst});
    CHECK(all["next_before"].is_null());
    const auto& first = all["orders"][2];
    CHECK(first["customer"]["login"] == anna.login);
    CHECK(first["customer"]["name"] == "Anna Petrova");
    CHECK(first["customer"]["user_id"] == anna.id);
    CHECK(first["items"][0]["name"] == "Tea");
    CHECK(first["total"] == 5'000);
    CHECK(first["status"] == "confirmed");
    CHECK(first["delivery_status"] == "awaiting_shipment");
    CHECK(all["orders"][0]["status"] == "rejected");
    CHECK(all["orders"][0]["delivery_status"].is_null());

    // The delivery stage follows the delivery, in the staff board and the customer's list.
    REQUIRE(client.post("/api/v1/order/sent", {{"order_id", annaFirst}}, staff.token).status ==
            200);
    REQUIRE(eventually([&] {
        const auto mine = client.get("/api/v1/order/" + std::to_string(annaFirst), anna.token);
        return mine.json()["delivery_status"] == "sent";
    }));
    CHECK(client.get("/api/v1/orders", anna.token).json()["orders"][1]["delivery_status"] ==
          "sent");

    // Search: by login, by name (any case, any part), by order id with or without '#'.
    CHECK(ids(board("?q=" + boris.login).json()["orders"]) ==
          std::vector<std::int64_t>{borisRejected});
    CHECK(ids(board("?q=petrOVA").json()["orders"]) ==
          std::vector<std::int64_t>{annaSecond, annaFirst});
    CHECK(ids(board("?q=anna%20pet").json()["orders"]) ==
          std::vector<std::int64_t>{annaSecond, annaFirst});
    CHECK(ids(board("?q=%23" + std::to_string(annaSecond)).json()["orders"]) ==
          std::vector<std::int64_t>{annaSecond});
    CHECK(board("?q=%25").json()["orders"].empty()); // a typed '%' is literal text
    CHECK(ids(board("?status=rejected").json()["orders"]) ==
          std::vector<std::int64_t>{borisRejected});
    CHECK(ids(board("?status=confirmed&q=anna").json()["orders"]) ==
          std::vector<std::int64_t>{annaSecond, annaFirst});

    // Dates: a date `to` includes that day; the window of today holds all three.
    CHECK(board("?from=2000-01-01&to=2000-12-31").json()["orders"].empty());
    CHECK(board("?from=2000-01-01T00:00:00Z").json()["orders"].size() == 3);
    CHECK(board("?to=2000-01-01").json()["orders"].empty());

    // Paging through next_before, like every list.
    const auto page = board("?limit=2").json();
    CHECK(ids(page["orders"]) == std::vector<std::int64_t>{borisRejected, annaSecond});
    REQUIRE(page["next_before"] == annaSecond);
    const auto rest = board("?limit=2&before=" + std::to_string(annaSecond)).json();
    CHECK(ids(rest["orders"]) == std::vector<std::int64_t>{annaFirst});
    CHECK(rest["next_before"].is_null());

    // Bad input names its field; customers and strangers are kept out.
    for (const auto& [query, field] :
         std::vector<std::pair<std::string, std::string>>{{"?status=shipped", "status"},
                                                          {"?from=yesterday", "from"},
                                                          {"?to=2026-02-30", "to"},
                                                          {"?from=2026-01-01T25:00:00Z", "from"},
                                                          {"?limit=0", "limit"},
                                                          {"?limit=abc", "limit"},
                                                          {"?before=-1", "before"},
                                                          {"?q=" + std::string(101, 'a'), "q"}}) {
        INFO(query);
        const auto refused = board(query);
        CHECK(refused.status == 400);
        CHECK(refused.json()["error"]["code"] == "invalid_request");
        CHECK(refused.json()["error"]["field"] == field);
    }
    CHECK(client.get("/api/v1/staff/orders", anna.token).status == 403);
    CHECK(errorCode(client.get("/api/v1/staff/orders", anna.token)) == "forbidden");
    CHECK(client.get("/api/v1/staff/orders").status == 401);
}

TEST_CASE("notifications are marked read on the server, up to an id, own ones only") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto anna = client.registerCustomer("reader");
    const auto boris = client.registerCustomer("other");
    client.topUp(anna, 100'000);
    client.topUp(boris, 100'000);
    const auto tea = client.createPosition(staff, "Tea", 1'000, 100);
    for (int i = 0; i < 3; ++i) {
        placeOrder(client, anna, tea, 1);
    }
    placeOrder(client, boris, tea, 1);

    const auto list = [&](const User& user) {
        return client.get("/api/v1/notifications", user.token).json()["notifications"];
    };
    REQUIRE(eventually([&] { return list(anna).size() == 3 && list(boris).size() == 1; }));
    for (const auto& notification : list(anna)) {
        CHECK(notification["read"] == false);
    }
    const auto second = list(anna)[1]["id"].get<std::int64_t>();

    // Up to the second: the first two are read, the third is not; another device agrees.
    const auto marked = client.post("/api/v1/notifications/read", {{"up_to", second}}, anna.token);
    REQUIRE(marked.status == 200);
    CHECK(marked.json()["unread"] == 1);
    CHECK(marked.json()["up_to"] == second);
    const auto otherDevice = client.login(anna.login, anna.password);
    const auto after = list(otherDevice);
    CHECK(after[0]["read"] == true);
    CHECK(after[1]["read"] == true);
    CHECK(after[2]["read"] == false);
    // Again is the same; nothing is marked unread by an older id.
    CHECK(client.post("/api/v1/notifications/read", {{"up_to", second}}, anna.token)
              .json()["unread"] == 1);

    // Someone else's id is as good as missing, and changes nothing of theirs.
    const auto borisId = list(boris)[0]["id"].get<std::int64_t>();
    const auto foreign =
        client.post("/api/v1/notifications/read", {{"up_to", borisId}}, anna.token);
    CHECK(foreign.status == 404);
    CHECK(errorCode(foreign) == "not_found");
    CHECK(list(boris)[0]["read"] == false);
    CHECK(client.post("/api/v1/notifications/read", {{"up_to", 999'999'999}}, anna.token).status ==
          404);

    // Wrong types and values name the field.
    for (const auto& body : std::vector<nlohmann::json>{nlohmann::json::object(),
                                                        {{"up_to", "1"}},
                                                        {{"up_to", 0}},
                                                        {{"up_to", -5}},
                                                        {{"up_to", 1.5}},
                                                        {{"up_to", nullptr}}}) {
        INFO(body.dump());
        const auto refused = client.post("/api/v1/notifications/read", body, anna.token);
        CHECK(refused.status == 400);
        CHECK(refused.json()["error"]["field"] == "up_to");
    }
    CHECK(client.post("/api/v1/notifications/read", {{"up_to", second}}).status == 401);
}

TEST_CASE("staff take stock with an absolute count and archive positions, history kept",
          "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto customer = client.registerCustomer("buyer");
    client.topUp(customer, 100'000);
    const auto tea = client.createPosition(staff, "Tea", 1'000, 10);
    const auto honey = client.createPosition(staff, "Honey", 2'000, 10);
    const auto change = [&](std::int64_t id, const nlohmann::json& body, const User& who) {
        return client.post("/api/v1/stock/position/" + std::to_string(id), body, who.token);
    };

    // A stock-take sets the available count, whatever it was.
    const auto counted = change(tea, {{"count", 3}}, staff);
    REQUIRE(counted.status == 200);
    CHECK(counted.json()["count"] == 3);
    CHECK(counted.json()["archived"] == false);
    CHECK(client.count(tea) == 3);
    CHECK(change(tea, {{"count", 0}}, staff).json()["count"] == 0);
    CHECK(change(tea, {{"count", 7}, {"price", 1'500}}, staff).json()["price"] == 1'500);

    // An order, then the position is archived: hidden from the catalogue, refused in orders,
    // the order keeps it.
    const auto placed = client.post(
        "/api/v1/order", {{"items", {{{"position_id", honey}, {"count", 1}}}}}, customer.token);
    REQUIRE(placed.status == 201);
    const auto archived = change(honey, {{"archived", true}}, staff);
    REQUIRE(archived.status == 200);
    CHECK(archived.json()["archived"] == true);
    const auto catalogueIds = [&](const std::string& query, const User* who) {
        const auto body =
            client.get("/api/v1/stock/positions" + query, who ? who->token : "").json();
        std::vector<std::int64_t> out;
        for (const auto& p : body["positions"]) {
            out.push_back(p["id"].get<std::int64_t>());
        }
        return out;
    };
    CHECK(catalogueIds("", nullptr) == std::vector<std::int64_t>{tea});
    CHECK(catalogueIds("", &staff) == std::vector<std::int64_t>{tea});
    const auto staffList = client.get("/api/v1/staff/positions", staff.token).json();
    REQUIRE(staffList["positions"].size() == 2);
    CHECK(staffList["positions"][1]["archived"] == true);
    CHECK(client.get("/api/v1/staff/positions", customer.token).status == 403);
    CHECK(client.get("/api/v1/staff/positions").status == 401);
    CHECK(catalogueIds("?ids=" + std::to_string(honey), nullptr).empty());
    const auto refused = client.post(
        "/api/v1/order", {{"items", {{{"position_id", honey}, {"count", 1}}}}}, customer.token);
    CHECK(refused.status == 404);
    CHECK(refused.json()["error"]["field"] == "items[0].position_id");
    const auto history = client.get(
        "/api/v1/order/" + std::to_string(placed.json()["id"].get<std::int64_t>()), customer.token);
    CHECK(history.json()["items"][0]["name"] == "Honey");
    CHECK(change(honey, {{"archived", false}}, staff).json()["archived"] == false);
    CHECK(catalogueIds("", nullptr) == std::vector<std::int64_t>{tea, honey});

    // Bad input names the field; customers may not; unknown positions are 404.
    for (const auto& [body, field] :
         std::vector<std::pair<nlohmann::json, std::string>>{{{{"count", -1}}, "count"},
                                                             {{{"count", 1'000'001}}, "count"},
                                                             {{{"count", "3"}}, "count"},
                                                             {{{"count", 3}, {"add", 1}}, "count"},
                                                             {{{"archived", "yes"}}, "archived"},
                                                             {{{"archived", 1}}, "archived"}}) {
        INFO(body.dump());
        const auto bad = change(tea, body, staff);
        CHECK(bad.status == 400);
        CHECK(bad.json()["error"]["field"] == field);
    }
    CHECK(change(tea, {{"count", 1}}, customer).status == 403);
    CHECK(change(999'999, {{"count", 1}}, staff).status == 404);
    CHECK(change(999'999, {{"archived", true}}, staff).status == 404);
}

TEST_CASE("staff read a customer's profile for the pick list, customers cannot") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto login = uniqueName("phoned");
    const auto registered = client.post("/api/v1/register", {{"login", login},
                                                             {"password", "correct-horse-battery"},
                                                             {"email", login + "@example.com"},
                                                             {"first_name", "Vera"},
                                                             {"last_name", "Orlova"},
                                                             {"phone", "+7 900 123-45-67"},
                                                             {"address", "Tver, Sadovaya 3"}});
    REQUIRE(registered.status == 201);
    const auto id = registered.json()["id"].get<std::int64_t>();
    const auto vera = client.login(login, "correct-horse-battery");
    const auto other = client.registerCustomer("nosy");

    const auto profile = client.get("/api/v1/staff/users/" + std::to_string(id), staff.token);
    REQUIRE(profile.status == 200);
    CHECK(profile.json()["phone"] == "+7 900 123-45-67");
    CHECK(profile.json()["first_name"] == "Vera");
    CHECK(profile.json()["address"] == "Tver, Sadovaya 3");
    CHECK(profile.json()["login"] == login);

    // Staff only: a customer, even the one it is about, gets 403; nobody signed in 401.
    CHECK(client.get("/api/v1/staff/users/" + std::to_string(id), other.token).status == 403);
    CHECK(client.get("/api/v1/staff/users/" + std::to_string(id), vera.token).status == 403);
    CHECK(client.get("/api/v1/staff/users/" + std::to_string(id)).status == 401);
    const auto missing = client.get("/api/v1/staff/users/999999999", staff.token);
    CHECK(missing.status == 404);
    CHECK(errorCode(missing) == "not_found");
}
