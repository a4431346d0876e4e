// Issue 2, item 8 and the "one customer reading or changing another's data" tests: sessions
// (missing, garbage, ended), roles, other customers' data, the internal listener, the login
// rate limit, what the database keeps of passwords and tokens, and changing a password.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "WsClient.h"
#include "db/Connection.h"
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <thread>

using namespace lotok::test;
using lotok::http::Headers;
using lotok::http::HttpRequest;
using lotok::http::HttpResponse;
using nlohmann::json;

namespace {

HttpResponse request(lotok::http::HttpClient& http, const std::string& method,
                     const std::string& pathAndQuery, Headers headers = {},
                     const std::string& body = {}) {
    HttpRequest out;
    out.method = method;
    const auto question = pathAndQuery.find('?');
    out.path = pathAndQuery.substr(0, question);
    if (question != std::string::npos) {
        out.query = pathAndQuery.substr(question + 1);
    }
    out.headers = std::move(headers);
    if (!body.empty()) {
        out.headers.emplace_back("Content-Type", "application/json");
        out.body = body;
    }
    return http.send(out);
}

Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}
Headers cookie(const std::string& token) {
    return {{"Cookie", "theme=dark; session_id=" + token}};
}

void expectError(const std::string& what, const HttpResponse& response, int status,
                 const std::string& code) {
    INFO(what << " -> " << response.status << " " << response.body);
    CHECK(response.status == status);
    CHECK(errorCode(response) == code);
}

json oneItem(std::int64_t positionId, std::int64_t count) {
    return {{"items", json::array({{{"position_id", positionId}, {"count", count}}})}};
}

// The same 404 for someone else's order as for one that does not exist: the id in the
// message is the only difference.
void expectSameNotFound(const HttpResponse& other, std::int64_t otherId,
                        const HttpResponse& missing, std::int64_t missingId) {
    INFO(other.body << " vs " << missing.body);
    CHECK(other.status == 404);
    CHECK(missing.status == 404);
    auto otherError = other.json()["error"];
    auto missingError = missing.json()["error"];
    const auto strip = [](std::string text, std::int64_t id) {
        return std::regex_replace(text, std::regex(std::to_string(id)), "ID");
    };
    otherError["message"] = strip(otherError.value("message", ""), otherId);
    missingError["message"] = strip(missingError.value("message", ""), missingId);
    CHECK(otherError == missingError);
}

struct Route {
    std::string method;
    std::string path;
    json body;
};

} // namespace

TEST_CASE("routes that need a session refuse a missing, garbage or ended one", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    auto& http = client.raw();
    const auto customer = client.registerCustomer("sec");
    const auto ended = client.login(customer.login, customer.password);
    REQUIRE(client.post("/api/v1/logout", json::object(), ended.token).status == 204);
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = std::to_string(client.createPosition(staff, "Tea", 100, 10));

    const std::vector<Route> routes = {
        {"GET", "/api/v1/user/profile", nullptr},
        {"POST", "/api/v1/user/profile", {{"first_name", "Mallory"}}},
        {"POST",
         "/api/v1/user/password",
         {{"old_password", customer.password}, {"new_password", "Mallory-owns-it"}}},
        {"GET", "/api/v1/account", nullptr},
        {"POST", "/api/v1/account", {{"amount", 100}}},
        {"GET", "/api/v1/account/transactions", nullptr},
        {"POST", "/api/v1/order", oneItem(std::stoll(tea), 1)},
        {"GET", "/api/v1/orders", nullptr},
        {"GET", "/api/v1/order/1", nullptr},
        {"GET", "/api/v1/order/1/delivery", nullptr},
        {"GET", "/api/v1/notifications", nullptr},
        {"GET", "/api/v1/notifications/ws", nullptr},
        {"POST", "/api/v1/logout", nullptr},
        {"POST", "/api/v1/stock/positions", {{"name", "Coffee"}, {"price", 1}, {"count", 1}}},
        {"POST", "/api/v1/stock/position/" + tea, {{"add", 1}}},
        {"POST", "/api/v1/stock/position/" + tea + "/reserve", {{"order_id", 77}, {"count", 1}}},
        {"POST", "/api/v1/order/sent", {{"order_id", 1}}},
        {"POST", "/api/v1/order/recieved", {{"order_id", 1}}},
        {"POST", "/api/v1/order/received", {{"order_id", 1}}},
        {"GET", "/api/v1/deliveries", nullptr},
        {"GET", "/api/v1/staff/ws", nullptr},
    };
    const std::vector<std::pair<std::string, Headers>> credentials = {
        {"no credentials", {}},
        {"garbage bearer", bearer("not-a-token")},
        {"empty bearer", {{"Authorization", "Bearer "}}},
        {"an over-long bearer", bearer(std::string(4000, 'A'))},
        {"basic auth", {{"Authorization", "Basic " + std::string("YWRtaW46YWRtaW4=")}}},
        {"a token without its scheme", {{"Authorization", customer.token.substr(1)}}},
        {"garbage cookie", cookie("not-a-token")},
        {"an ended session (bearer)", bearer(ended.token)},
        {"an ended session (cookie)", cookie(ended.token)},
        // The public listener never trusts identity headers: only the internal one may.
        {"forged identity headers",
         {{"X-User-Id", std::to_string(staff.id)}, {"X-User-Role", "staff"}}},
    };
    for (const auto& route : routes) {
        for (const auto& [what, headers] : credentials) {
            expectError(route.method + " " + route.path + " with " + what,
                        request(http, route.method, route.path, headers,
                                route.body.is_null() ? "" : route.body.dump()),
                        401, "unauthorized");
        }
    }
    for (const char* path : {"/api/v1/notifications/ws", "/api/v1/staff/ws"}) {
        CHECK(upgradeStatus(server.publicUrl(), path, "") == 401);
        CHECK(upgradeStatus(server.publicUrl(), path, "garbage") == 401);
        CHECK(upgradeStatus(server.publicUrl(), path, ended.token) == 401);
    }
    // Nothing the refused requests asked for happened.
    CHECK(client.balance(customer) == 0);
    CHECK(client.count(std::stoll(tea)) == 10);
    CHECK(client.get("/api/v1/user/profile", customer.token).json()["first_name"] == "Test");
    CHECK(client.login(customer.login, customer.password).token.size() > 0);
    CHECK(client.get("/api/v1/orders", customer.token).json()["orders"].empty());
    CHECK(client.get("/api/v1/stock/positions").json()["positions"].size() == 1);
}

TEST_CASE("logout ends the session at once, whether it came as a bearer token or a cookie") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    auto& http = client.raw();
    const auto customer = client.registerCustomer("out");

    const auto signedIn =
        client.post("/api/v1/login", {{"login", customer.login}, {"password", customer.password}});
    REQUIRE(signedIn.status == 200);
    const auto tokenA = signedIn.json()["token"].get<std::string>();
    const auto setCookie = std::string(signedIn.header("set-cookie").value_or(""));
    CHECK(setCookie.find("session_id=" + tokenA) == 0);
    CHECK(setCookie.find("HttpOnly") != std::string::npos);
    CHECK(signedIn.json()["role"] == "customer");
    CHECK(signedIn.json()["expires_at"].is_string());
    CHECK(signedIn.header("cache-control").value_or("") == "no-store");
    const auto tokenB = client.login(customer.login, customer.password).token;
    CHECK(tokenA != tokenB);

    CHECK(request(http, "GET", "/api/v1/user/profile", bearer(tokenA)).status == 200);
    CHECK(request(http, "GET", "/api/v1/user/profile", cookie(tokenA)).status == 200);
    // A cross-site form can send the cookie but not a JSON content type: such a request
    // changes nothing.
    HttpRequest form;
    form.method = "POST";
    form.path = "/api/v1/account";
    form.headers = cookie(tokenA);
    form.headers.emplace_back("Content-Type", "text/plain");
    form.body = "{\"amount\": 100}";
    expectError("a form post with the cookie", http.send(form), 415, "unsupported_media_type");
    form.headers.back().second = "application/x-www-form-urlencoded";
    form.body = "amount=100";
    expectError("an urlencoded form post with the cookie", http.send(form), 415,
                "unsupported_media_type");
    CHECK(client.balance(customer) == 0);
    WsClient socket(server.publicUrl(), "/api/v1/notifications/ws", tokenA);

    const auto out = request(http, "POST", "/api/v1/logout", bearer(tokenA));
    CHECK(out.status == 204);
    CHECK(std::string(out.header("set-cookie").value_or("")).find("Max-Age=0") !=
          std::string::npos);
    expectError("profile after logout (bearer)",
                request(http, "GET", "/api/v1/user/profile", bearer(tokenA)), 401, "unauthorized");
    expectError("profile after logout (cookie)",
                request(http, "GET", "/api/v1/user/profile", cookie(tokenA)), 401, "unauthorized");
    expectError("top-up after logout", client.post("/api/v1/account", {{"amount", 100}}, tokenA),
                401, "unauthorized");
    expectError("logout twice", request(http, "POST", "/api/v1/logout", bearer(tokenA)), 401,
                "unauthorized");
    CHECK(upgradeStatus(server.publicUrl(), "/api/v1/notifications/ws", tokenA) == 401);
    // The socket opened with the ended session is closed with 1008.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!socket.closed() && std::chrono::steady_clock::now() < deadline) {
        socket.receive(std::chrono::milliseconds(200));
    }
    CHECK(socket.closed());
    CHECK(socket.closeCode() == 1008);

    // The other session of the same user lives on, and ends by its cookie alone.
    CHECK(request(http, "GET", "/api/v1/user/profile", bearer(tokenB)).status == 200);
    CHECK(request(http, "POST", "/api/v1/logout", cookie(tokenB)).status == 204);
    expectError("B after logout (bearer)", request(http, "GET", "/api/v1/account", bearer(tokenB)),
                401, "unauthorized");
    expectError("B after logout (cookie)", request(http, "GET", "/api/v1/account", cookie(tokenB)),
                401, "unauthorized");
    CHECK(client.balance(client.login(customer.login, customer.password)) == 0);
}

TEST_CASE("a customer can neither see nor change another customer's data") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 1000, 5);
    const auto alice = client.registerCustomer("alice", "Alice's flat");
    client.topUp(alice, 10000);
    const auto confirmed = client.post("/api/v1/order", oneItem(tea, 2), alice.token);
    REQUIRE(confirmed.status == 201);
    const auto orderId = confirmed.json()["id"].get<std::int64_t>();
    const auto rejected = client.post("/api/v1/order", oneItem(tea, 4), alice.token);
    REQUIRE(rejected.status == 409);
    const auto rejectedId = rejected.json()["error"]["order_id"].get<std::int64_t>();
    const auto delivery = "/api/v1/order/" + std::to_string(orderId) + "/delivery";
    REQUIRE(eventually([&] { return client.get(delivery, alice.token).status == 200; }));
    REQUIRE(eventually([&] {
        return client.get("/api/v1/notifications", alice.token).json()["notifications"].size() == 2;
    }));
    const auto aliceProfile = client.get("/api/v1/user/profile", alice.token).json();

    const auto bob = client.registerCustomer("bob");
    const auto missingId = rejectedId + 1000;
    expectSameNotFound(client.get("/api/v1/order/" + std::to_string(orderId), bob.token), orderId,
                       client.get("/api/v1/order/" + std::to_string(missingId), bob.token),
                       missingId);
    expectSameNotFound(
        client.get("/api/v1/order/" + std::to_string(rejectedId), bob.token), rejectedId,
        client.get("/api/v1/order/" + std::to_string(missingId), bob.token), missingId);
    expectSameNotFound(
        client.get(delivery, bob.token), orderId,
        client.get("/api/v1/order/" + std::to_string(missingId) + "/delivery", bob.token),
        missingId);
    CHECK(client.get("/api/v1/orders", bob.token).json()["orders"].empty());
    CHECK(client.get("/api/v1/orders?before=" + std::to_string(rejectedId + 1), bob.token)
              .json()["orders"]
              .empty());
    CHECK(client.get("/api/v1/notifications?after=0", bob.token).json()["notifications"].empty());
    WsClient bobSocket(server.publicUrl(), "/api/v1/notifications/ws?after=0", bob.token);
    CHECK_FALSE(bobSocket.receive(std::chrono::milliseconds(500)));
    CHECK(client.get("/api/v1/user/profile", bob.token).json()["login"] == bob.login);
    CHECK(client.balance(bob) == 0);
    // Alice's statement lines are not Bob's, whatever cursor he sends.
    const auto statement = [&](const User& user, const std::string& query = "") {
        return client.get("/api/v1/account/transactions" + query, user.token)
            .json()["transactions"];
    };
    CHECK(statement(bob).empty());
    CHECK(statement(bob, "?before=9223372036854775807").empty());

    // Bob's changes are Bob's alone.
    client.topUp(bob, 700);
    REQUIRE(client.post("/api/v1/user/profile", {{"address", "Bob's house"}}, bob.token).status ==
            200);
    // Fields a client may not set are ignored: no new role, no new login.
    const auto sneaky =
        client.post("/api/v1/user/profile",
                    {{"role", "staff"}, {"login", alice.login}, {"id", alice.id}}, bob.token);
    CHECK(sneaky.status == 200);
    CHECK(sneaky.json()["role"] == "customer");
    CHECK(sneaky.json()["login"] == bob.login);
    CHECK(sneaky.json()["id"] == bob.id);
    CHECK(client.post("/api/v1/stock/positions", {{"name", "X"}, {"price", 1}}, bob.token).status ==
          403);
    CHECK(client.balance(alice) == 8000);
    CHECK(statement(alice).size() == 2); // her top-up and her one payment
    REQUIRE(statement(bob).size() == 1);
    CHECK(statement(bob)[0]["amount"] == 700);
    CHECK(client.get("/api/v1/user/profile", alice.token).json() == aliceProfile);
    CHECK(client.get("/api/v1/orders", alice.token).json()["orders"].size() == 2);

    // Registering as staff is not possible: the role in the body is ignored.
    auto body = json{{"login", uniqueName("mallory")},
                     {"password", "correct-horse-battery"},
                     {"email", "m@example.com"},
                     {"first_name", "M"},
                     {"last_name", "M"},
                     {"address", "Nowhere"},
                     {"role", "staff"}};
    const auto registered = client.post("/api/v1/register", body);
    REQUIRE(registered.status == 201);
    CHECK(registered.json()["role"] == "customer");
    const auto mallory =
        client.login(body["login"].get<std::string>(), body["password"].get<std::string>());
    CHECK(client.get("/api/v1/deliveries", mallory.token).status == 403);

    // Staff may read any order and its delivery; the owner may too.
    CHECK(client.get("/api/v1/order/" + std::to_string(orderId), staff.token).status == 200);
    CHECK(client.get(delivery, staff.token).json()["address"] == "Alice's flat");
    CHECK(client.get("/api/v1/order/" + std::to_string(rejectedId), alice.token).json()["reason"] ==
          "insufficient_stock");
}

TEST_CASE("customers get 403 on staff routes, whatever the body, and nothing changes") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 100, 10);
    const auto customer = client.registerCustomer("cust");
    client.topUp(customer, 1000);
    const auto placed = client.post("/api/v1/order", oneItem(tea, 1), customer.token);
    REQUIRE(placed.status == 201);
    const auto orderId = placed.json()["id"].get<std::int64_t>();
    const auto delivery = "/api/v1/order/" + std::to_string(orderId) + "/delivery";
    REQUIRE(eventually([&] { return client.get(delivery, customer.token).status == 200; }));
    const auto positionsBefore = client.get("/api/v1/stock/positions").json();
    const auto deliveriesBefore = client.get("/api/v1/deliveries", staff.token).json();

    const auto id = std::to_string(tea);
    const std::vector<Route> staffRoutes = {
        {"POST", "/api/v1/stock/positions", {{"name", "Coffee"}, {"price", 1}, {"count", 1}}},
        {"POST", "/api/v1/stock/position/" + id, {{"add", 100}, {"price", 1}}},
        {"POST",
         "/api/v1/stock/position/" + id + "/reserve",
         {{"order_id", orderId}, {"count", 5}}},
        {"POST", "/api/v1/stock/position/" + id + "/reserve", {{"order_id", 999}, {"count", 5}}},
        {"POST", "/api/v1/order/sent", {{"order_id", orderId}}},
        {"POST", "/api/v1/order/recieved", {{"order_id", orderId}}},
        {"POST", "/api/v1/order/received", {{"order_id", orderId}}},
        {"GET", "/api/v1/deliveries", nullptr},
        {"GET", "/api/v1/deliveries?status=awaiting_shipment", nullptr},
        {"GET", "/api/v1/staff/ws", nullptr},
    };
    for (const auto& route : staffRoutes) {
        const auto body = route.body.is_null() ? std::string() : route.body.dump();
        expectError(route.method + " " + route.path,
                    request(client.raw(), route.method, route.path, bearer(customer.token), body),
                    403, "forbidden");
        expectError(route.method + " " + route.path + " by cookie",
                    request(client.raw(), route.method, route.path, cookie(customer.token), body),
                    403, "forbidden");
        if (route.method == "POST") {
            // The role is checked before the body: a bad body tells a customer nothing either.
            expectError(
                route.method + " " + route.path + " with a bad body",
                request(client.raw(), route.method, route.path, bearer(customer.token), "{oops"),
                403, "forbidden");
        }
    }
    CHECK(upgradeStatus(server.publicUrl(), "/api/v1/staff/ws", customer.token) == 403);

    CHECK(client.get("/api/v1/stock/positions").json() == positionsBefore);
    CHECK(client.count(tea) == 9);
    CHECK(client.get("/api/v1/deliveries", staff.token).json() == deliveriesBefore);
    CHECK(client.get(delivery, customer.token).json()["status"] == "awaiting_shipment");
    CHECK(client.balance(customer) == 900);
    // The same requests by staff go through.
    CHECK(client.post("/api/v1/order/sent", {{"order_id", orderId}}, staff.token).status == 200);
    CHECK(upgradeStatus(server.publicUrl(), "/api/v1/staff/ws", staff.token) == 101);
}

TEST_CASE("internal routes answer 404 on the public listener and work on the internal one",
          "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());
    const auto customer = client.registerCustomer("int");
    client.topUp(customer, 5000);
    const auto user = std::to_string(customer.id);
    const auto ghost = uniqueName("ghost");

    const std::vector<Route> internalRoutes = {
        {"GET", "/internal/api/v1/auth", nullptr},
        {"POST",
         "/internal/api/v1/register",
         {{"user_id", 999}, {"login", ghost}, {"password", "password123"}}},
        {"POST",
         "/internal/api/v1/users",
         {{"login", ghost},
          {"password", "password123"},
          {"email", "g@example.com"},
          {"first_name", "G"},
          {"last_name", "G"},
          {"address", "A"},
          {"role", "staff"}}},
        {"GET", "/internal/api/v1/user/" + user + "/profile", nullptr},
        {"POST",
         "/internal/api/v1/payment",
         {{"user_id", customer.id}, {"order_id", 4242}, {"amount", 5000}}},
        {"POST", "/internal/api/v1/stock/release", {{"order_id", 1}}},
    };
    for (const auto& route : internalRoutes) {
        const auto body = route.body.is_null() ? std::string() : route.body.dump();
        // Spelled in ways a careless prefix check would miss, too.
        for (const auto& path : {route.path, "/" + route.path, "//" + route.path.substr(1) + "/",
                                 route.path.substr(0, 9) + "/" + route.path.substr(9)}) {
            expectError("public " + route.method + " " + path,
                        request(client.raw(), route.method, path, bearer(customer.token), body),
                        404, "not_found");
        }
    }
    for (const auto& [what, path] : std::vector<std::pair<std::string, std::string>>{
             {"dot segments", "/api/v1/../../internal/api/v1/user/" + user + "/profile"},
             {"percent-encoded", "/%69nternal/api/v1/user/" + user + "/profile"}}) {
        const auto response = request(client.raw(), "GET", path, bearer(customer.token));
        INFO(what << ": " << response.status << " " << response.body);
        CHECK(response.status == 404);
    }
    // None of it happened: no payment, no staff account, no credentials.
    CHECK(client.balance(customer) == 5000);
    CHECK(client.post("/api/v1/login", {{"login", ghost}, {"password", "password123"}}).status ==
          401);

    // The internal listener serves them, and the public paths too.
    const auto auth =
        request(internal.raw(), "GET", "/internal/api/v1/auth", bearer(customer.token));
    REQUIRE(auth.status == 200);
    CHECK(auth.json()["user_id"] == customer.id);
    CHECK(auth.json()["role"] == "customer");
    CHECK(auth.header("x-user-id").value_or("") == user);
    CHECK(auth.header("x-user-role").value_or("") == "customer");
    expectError("internal auth without a token",
                request(internal.raw(), "GET", "/internal/api/v1/auth"), 401, "unauthorized");
    const auto profile =
        request(internal.raw(), "GET", "/internal/api/v1/user/" + user + "/profile");
    CHECK(profile.status == 200);
    CHECK(profile.json()["login"] == customer.login);
    CHECK(internal.balance(customer) == 5000);
    CHECK(internal.get("/api/v1/stock/positions").status == 200);
    for (auto* listener : {&client, &internal}) {
        CHECK(listener->get("/healthz").status == 200);
        const auto ready = listener->get("/readyz");
        CHECK(ready.status == 200);
        CHECK(ready.json()["status"] == "ready");
        expectError("unknown path", listener->get("/api/v1/nothing-here"), 404, "not_found");
    }
}

TEST_CASE("with a service token configured, the internal listener wants it", "[local]") {
    const std::string token = "svc-" + lotok::util::randomToken(16);
    setenv("LOTOK_SERVICE_TOKEN", token.c_str(), 1);
    LotokdProcess server;
    unsetenv("LOTOK_SERVICE_TOKEN");
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());
    // Services hosted together still reach each other: register, login and balance work.
    const auto customer = client.registerCustomer("tok");
    CHECK(client.balance(customer) == 0);
    const auto path = "/internal/api/v1/user/" + std::to_string(customer.id) + "/profile";
    expectError("no service token", internal.get(path), 401, "unauthorized");
    expectError("wrong service token",
                request(internal.raw(), "GET", path, {{"X-Service-Token", "guess"}}), 401,
                "unauthorized");
    expectError("public route without a service token",
                request(internal.raw(), "GET", "/api/v1/account", bearer(customer.token)), 401,
                "unauthorized");
    const auto profile = request(internal.raw(), "GET", path, {{"X-Service-Token", token}});
    CHECK(profile.status == 200);
    CHECK(profile.json()["login"] == customer.login);
}

TEST_CASE("login attempts are limited per login: 429 after 5 failures, successes do not count") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("rate");
    const auto other = client.registerCustomer("other");
    const auto attempt = [&](const std::string& login, const std::string& password) {
        return client.post("/api/v1/login", {{"login", login}, {"password", password}});
    };
    for (int i = 0; i < 8; ++i) {
        REQUIRE(attempt(customer.login, customer.password).status == 200);
    }
    for (int i = 0; i < 4; ++i) {
        expectError("failure " + std::to_string(i + 1), attempt(customer.login, "wrong-password"),
                    401, "invalid_credentials");
    }
    CHECK(attempt(customer.login, customer.password).status == 200);
    expectError("failure 5", attempt(customer.login, "wrong-password"), 401, "invalid_credentials");
    const auto limited = attempt(customer.login, customer.password);
    expectError("the right password after 5 failures", limited, 429, "too_many_requests");
    const auto retryAfter =
        std::atoi(std::string(limited.header("retry-after").value_or("0")).c_str());
    CHECK(retryAfter >= 1);
    CHECK(retryAfter <= 60);
    expectError("a wrong password after 5 failures", attempt(customer.login, "wrong-password"), 429,
                "too_many_requests");
    // Only that login is held back; sessions already open keep working.
    CHECK(attempt(other.login, other.password).status == 200);
    CHECK(client.get("/api/v1/user/profile", customer.token).status == 200);

    // A login that does not exist is limited the same way: no hint either way.
    const auto nobody = uniqueName("nobody");
    for (int i = 0; i < 5; ++i) {
        expectError("unknown login", attempt(nobody, "wrong-password"), 401, "invalid_credentials");
    }
    expectError("unknown login, 6th attempt", attempt(nobody, "wrong-password"), 429,
                "too_many_requests");
}

TEST_CASE("login attempts are limited per address: 429 after 50 failures", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("addr");
    for (int i = 0; i < 50; ++i) {
        // A different login each time, so only the per-address limit can trip.
        const auto response = client.post("/api/v1/login", {{"login", "ghost" + std::to_string(i)},
                                                            {"password", "wrong-password"}});
        REQUIRE(response.status == 401);
    }
    expectError(
        "the 51st attempt from the address",
        client.post("/api/v1/login", {{"login", customer.login}, {"password", customer.password}}),
        429, "too_many_requests");
}

TEST_CASE("passwords are stored as Argon2id hashes and session tokens only as hashes", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto password = "Pw-" + lotok::util::randomToken(12);
    const auto first = uniqueName("hash");
    const auto second = uniqueName("hash");
    for (const auto& login : {first, second}) {
        const auto registered = client.post("/api/v1/register", {{"login", login},
                                                                 {"password", password},
                                                                 {"email", login + "@example.com"},
                                                                 {"first_name", "H"},
                                                                 {"last_name", "H"},
                                                                 {"address", "A"}});
        REQUIRE(registered.status == 201);
    }
    const auto user = client.login(first, password);
    const auto again = client.login(first, password);
    const auto staffLogin = uniqueName("staff");
    const auto staffPassword = server.addStaff(staffLogin);
    const auto staff = client.login(staffLogin, staffPassword);
    // At least 128 random bits, different every time.
    CHECK(user.token.size() >= 22);
    CHECK(user.token != again.token);

    lotok::db::Connection db(server.databaseUrl());
    std::vector<std::string> hashes;
    for (const auto& login : {first, second, staffLogin}) {
        const auto rows =
            db.exec("SELECT password_hash FROM auth.credentials WHERE login = $1", {login});
        REQUIRE(rows.rows() == 1);
        const auto hash = rows.string(0, 0);
        INFO(login << ": " << hash);
        CHECK(hash.rfind("$argon2id$", 0) == 0);
        CHECK(hash.find(password) == std::string::npos);
        hashes.push_back(hash);
    }
    CHECK(hashes[0] != hashes[1]); // salted: the same password, two hashes

    const auto sessions =
        db.exec("SELECT token_hash FROM auth.sessions WHERE user_id = $1", {user.id});
    CHECK(sessions.rows() == 2);
    for (int i = 0; i < sessions.rows(); ++i) {
        CHECK(sessions.string(i, 0) != user.token);
        CHECK(sessions.string(i, 0) != again.token);
    }

    // The stored hash is the token's SHA-256, and a session past its expiry opens nothing.
    REQUIRE(db.exec("UPDATE auth.sessions SET expires_at = now() - interval '1 second' WHERE "
                    "token_hash = $1",
                    {lotok::util::sha256Hex(again.token)})
                .affected() == 1);
    expectError("an expired session", client.get("/api/v1/user/profile", again.token), 401,
                "unauthorized");
    CHECK(client.get("/api/v1/user/profile", user.token).status == 200);

    // Nowhere in any service's tables (outboxes included) is a password or a token in clear.
    const auto tables =
        db.exec("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE "
                "table_type = "
                "'BASE TABLE' AND table_schema IN ('auth', 'users', 'stock', 'billing', 'orders', "
                "'delivery', 'notification')");
    REQUIRE(tables.rows() > 10);
    for (int i = 0; i < tables.rows(); ++i) {
        const auto table = tables.string(i, 0);
        for (const auto& secret : {password, staffPassword, user.token, again.token, staff.token}) {
            const auto found = db.exec(
                "SELECT count(*) FROM " + table + " t WHERE strpos(t::text, $1) > 0", {secret});
            INFO(table);
            CHECK(found.int64(0, 0) == 0);
        }
    }
}

namespace {

HttpResponse changePassword(TestClient& client, const std::string& token,
                            const std::string& oldPassword, const std::string& newPassword) {
    return client.post("/api/v1/user/password",
                       {{"old_password", oldPassword}, {"new_password", newPassword}}, token);
}

HttpResponse signIn(TestClient& client, const std::string& login, const std::string& password) {
    return client.post("/api/v1/login", {{"login", login}, {"password", password}});
}

void expectFieldError(const std::string& what, const HttpResponse& response, int status,
                      const std::string& code, const std::string& field) {
    expectError(what, response, status, code);
    INFO(what << " -> " << response.body);
    CHECK(response.json()["error"].value("field", "") == field);
}

} // namespace

TEST_CASE("a password change ends every other session and keeps the caller's") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("pw");
    const auto laptop = client.login(customer.login, customer.password);
    const auto phone = client.login(customer.login, customer.password);
    WsClient phoneSocket(server.publicUrl(), "/api/v1/notifications/ws", phone.token);
    WsClient callerSocket(server.publicUrl(), "/api/v1/notifications/ws", laptop.token);
    const auto someoneElse = client.registerCustomer("bystander");
    const std::string newPassword = "a new password, Ünïcode too";

    const auto changed = changePassword(client, laptop.token, customer.password, newPassword);
    INFO(changed.body);
    REQUIRE(changed.status == 200);
    CHECK(changed.json()["user_id"] == customer.id);
    // The session registerCustomer signed in with and the phone's.
    CHECK(changed.json()["other_sessions_ended"] == 2);

    for (const auto& [what, token] : {std::pair{"the phone's session", phone.token},
                                      std::pair{"the first session", customer.token}}) {
        expectError(what, client.get("/api/v1/user/profile", token), 401, "unauthorized");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!phoneSocket.closed() && std::chrono::steady_clock::now() < deadline) {
        phoneSocket.receive(std::chrono::milliseconds(200));
    }
    CHECK(phoneSocket.closed());
    CHECK(phoneSocket.closeCode() == 1008);
    // The caller stays signed in, socket and all.
    CHECK(client.get("/api/v1/user/profile", laptop.token).status == 200);
    CHECK_FALSE(callerSocket.closed());
    // Another user's session is none of its business.
    CHECK(client.get("/api/v1/user/profile", someoneElse.token).status == 200);

    expectError("the old password", signIn(client, customer.login, customer.password), 401,
                "invalid_credentials");
    CHECK(signIn(client, customer.login, newPassword).status == 200);
    // The new password is the one to give next time.
    expectFieldError("the old password again",
                     changePassword(client, laptop.token, customer.password, "third-password"), 403,
                     "invalid_credentials", "old_password");
    CHECK(changePassword(client, laptop.token, newPassword, customer.password).status == 200);
    CHECK(signIn(client, customer.login, customer.password).status == 200);

    // Staff change their own the same way.
    const auto staffLogin = uniqueName("staff");
    const auto staffPassword = server.addStaff(staffLogin);
    const auto staff = client.login(staffLogin, staffPassword);
    CHECK(changePassword(client, staff.token, staffPassword, "staff-new-password").status == 200);
    CHECK(signIn(client, staffLogin, "staff-new-password").status == 200);
}

TEST_CASE("a password change needs the right old password and a new one that passes the rules") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("pwbad");
    const auto other = client.login(customer.login, customer.password);

    const auto wrong = changePassword(client, customer.token, "not-my-password", "new-password-1");
    expectFieldError("a wrong old password", wrong, 403, "invalid_credentials", "old_password");
    // A 403, not a 401: the session is fine, no client must take it for signed out.
    CHECK_FALSE(wrong.header("www-authenticate").has_value());
    // The rules are checked only once the old password is right: no oracle without it.
    expectFieldError("a wrong old password and a weak new one",
                     changePassword(client, customer.token, "not-my-password", "short"), 403,
                     "invalid_credentials", "old_password");
    expectFieldError("a weak new password",
                     changePassword(client, customer.token, customer.password, "short"), 400,
                     "invalid_request", "new_password");
    expectFieldError(
        "an over-long new password",
        changePassword(client, customer.token, customer.password, std::string(129, 'x')), 400,
        "invalid_request", "new_password");
    expectFieldError(
        "a control character",
        changePassword(client, customer.token, customer.password, std::string("new-pass\tword")),
        400, "invalid_request", "new_password");
    expectFieldError(
        "no old password",
        client.post("/api/v1/user/password", {{"new_password", "new-password-1"}}, customer.token),
        400, "invalid_request", "old_password");
    expectFieldError(
        "no new password",
        client.post("/api/v1/user/password", {{"old_password", customer.password}}, customer.token),
        400, "invalid_request", "new_password");
    expectFieldError("a number for a password",
                     client.post("/api/v1/user/password",
                                 {{"old_password", customer.password}, {"new_password", 12345678}},
                                 customer.token),
                     400, "invalid_request", "new_password");
    expectError("no session",
                client.post("/api/v1/user/password",
                            {{"old_password", customer.password}, {"new_password", "x-12345678"}}),
                401, "unauthorized");

    // Nothing changed: the password is the old one and both sessions live.
    CHECK(signIn(client, customer.login, customer.password).status == 200);
    CHECK(client.get("/api/v1/user/profile", customer.token).status == 200);
    CHECK(client.get("/api/v1/user/profile", other.token).status == 200);
}

// Uses up one login's attempts and five of the address's: a shop of its own.
TEST_CASE("wrong old passwords count against the sign-in limit", "[local]") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("pwrate");
    // Someone with a stolen token guesses the password through the change route...
    for (int i = 0; i < 5; ++i) {
        expectError(
            "guess " + std::to_string(i + 1),
            changePassword(client, customer.token, "guess-" + std::to_string(i), "taken-over-1"),
            403, "invalid_credentials");
    }
    const auto limited = changePassword(client, customer.token, customer.password, "taken-over-1");
    expectError("the right password after 5 wrong ones", limited, 429, "too_many_requests");
    CHECK(limited.header("retry-after").has_value());
    // ...and the same count holds back sign-ins, so neither route buys fresh guesses.
    expectError("sign-in after 5 wrong old passwords",
                signIn(client, customer.login, customer.password), 429, "too_many_requests");
    // Nothing was changed, and the session itself is not ended by the guessing.
    CHECK(client.get("/api/v1/user/profile", customer.token).status == 200);
}
