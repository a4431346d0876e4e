// Issue 2, item 10: every bad input to every POST route that takes a body gets the
// contract's error (status, code and, where one field is at fault, `field`), and nothing is
// written: the balance, the orders, the stock and the profile are as before, and so is every
// business table of the database, row for row.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"
#include "lotok/Limits.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

using namespace lotok::test;
using lotok::http::HttpResponse;
using nlohmann::json;

namespace {

constexpr std::int64_t kTrillion = 1'000'000'000'000; // 10^12, the largest amount

// Asserts the contract's error body: status, code, a message and (when given) the field.
void expectError(const std::string& what, const HttpResponse& response, int status,
                 const std::string& code, const std::optional<std::string>& field = std::nullopt) {
    INFO(what << " -> " << response.status << " " << response.body);
    CHECK(response.status == status);
    const auto body = response.json();
    REQUIRE(body.is_object());
    REQUIRE(body.contains("error"));
    REQUIRE(body["error"].is_object());
    CHECK(body["error"].value("code", "") == code);
    CHECK(!body["error"].value("message", "").empty());
    if (field) {
        CHECK(body["error"].value("field", "") == *field);
    }
}

// The business tables of every service, row for row, and how many events each outbox holds:
// any write a refused request made shows up here. Sessions are left out (logins make them).
std::string databaseFingerprint(const std::string& url) {
    lotok::db::Connection db(url);
    std::string out;
    for (const char* table :
         {"users.profiles", "auth.credentials", "billing.accounts", "billing.topups",
          "billing.payments", "billing.ledger", "billing.idempotency_keys", "orders.orders",
          "orders.order_items", "orders.idempotency_keys", "stock.positions", "stock.reservations",
          "delivery.deliveries", "notification.notifications"}) {
        const auto rows = db.exec(std::string("SELECT count(*), md5(coalesce(string_agg(t::text, "
                                              "'|' ORDER BY t::text), '')) FROM ") +
                                  table + " t");
        out += std::string(table) + ": " + rows.string(0, 0) + " rows " + rows.string(0, 1) + "\n";
    }
    for (const char* schema :
         {"auth", "users", "stock", "billing", "orders", "delivery", "notification"}) {
        const auto rows = db.exec(std::string("SELECT count(*) FROM ") + schema + ".outbox");
        out += std::string(schema) + ".outbox: " + rows.string(0, 0) + " events\n";
    }
    return out;
}

// Waits until the asynchronous work of the setup (events, deliveries, notifications) has
// settled, so that a later difference can only come from the requests under test.
std::string settledFingerprint(const std::string& url) {
    auto last = databaseFingerprint(url);
    for (int i = 0; i < 40; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        auto now = databaseFingerprint(url);
        if (now == last) {
            return now;
        }
        last = std::move(now);
    }
    FAIL("the database never settled");
    return last;
}

// A body sent with Transfer-Encoding: chunked, so the server cannot refuse it by its
// Content-Length and has to count while reading.
int postChunked(const std::string& baseUrl, const std::string& path, const std::string& body,
                const std::string& token, std::string& responseBody) {
    const Poco::URI uri(baseUrl);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setChunkedTransferEncoding(true);
    request.setContentType("application/json");
    request.set("Authorization", "Bearer " + token);
    auto& out = session.sendRequest(request);
    out << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    std::ostringstream text;
    Poco::StreamCopier::copyStream(in, text);
    responseBody = text.str();
    return static_cast<int>(response.getStatus());
}

json registration(const std::string& login) {
    return {{"login", login},
            {"password", "correct-horse-battery"},
            {"email", login + "@example.com"},
            {"first_name", "Test"},
            {"last_name", "Customer"},
            {"address", "Moscow, Tverskaya 1"}};
}

json with(json body, const std::string& field, json value) {
    body[field] = std::move(value);
    return body;
}

json without(json body, const std::string& field) {
    body.erase(field);
    return body;
}

json oneItem(json positionId, json count) {
    return {{"items",
             json::array({{{"position_id", std::move(positionId)}, {"count", std::move(count)}}})}};
}

// What a customer and the staff can see through the API; nothing here may change.
struct Visible {
    std::int64_t balance = 0;
    json orders;
    json positions;
    json profile;
    json deliveries;

    bool operator==(const Visible& other) const {
        return balance == other.balance && orders == other.orders && positions == other.positions &&
               profile == other.profile && deliveries == other.deliveries;
    }
};

struct World {
    LotokdProcess server;
    TestClient client{server.publicUrl()};
    User customer;
    User staff;
    std::int64_t tea = 0;     // price 1000, 50 available
    std::int64_t gold = 0;    // price 10^12, 10 available
    std::int64_t orderId = 0; // confirmed, its delivery awaits shipment

    World() {
        customer = client.registerCustomer("bad");
        client.topUp(customer, 100000);
        const auto staffLogin = uniqueName("staff");
        staff = client.login(staffLogin, server.addStaff(staffLogin));
        tea = client.createPosition(staff, "Tea", 1000, 50);
        gold = client.createPosition(staff, "Gold", kTrillion, 10);
        const auto placed = client.post("/api/v1/order", oneItem(tea, 2), customer.token);
        REQUIRE(placed.status == 201);
        orderId = placed.json().at("id").get<std::int64_t>();
        const auto delivery = "/api/v1/order/" + std::to_string(orderId) + "/delivery";
        REQUIRE(eventually([&] { return client.get(delivery, customer.token).status == 200; }));
    }

    Visible visible() {
        Visible out;
        out.balance = client.balance(customer);
        out.orders = client.get("/api/v1/orders?limit=100", customer.token).json();
        out.positions = client.get("/api/v1/stock/positions").json();
        out.profile = client.get("/api/v1/user/profile", customer.token).json();
        out.deliveries = client.get("/api/v1/deliveries", staff.token).json();
        return out;
    }
};

struct BodyRoute {
    std::string path;
    std::string token;
    json validBody;
};

} // namespace

TEST_CASE("bad input to every POST route is refused with the contract's error and writes nothing",
          "[local]") {
    World world;
    auto& client = world.client;
    const auto& customer = world.customer;
    const auto& staff = world.staff;
    const auto tea = std::to_string(world.tea);
    const auto orderId = world.orderId;

    const auto fingerprintBefore = settledFingerprint(world.server.databaseUrl());
    const auto visibleBefore = world.visible();
    REQUIRE(visibleBefore.balance == 98000);

    const auto post = [&](const std::string& path, const json& body, const std::string& token) {
        return client.post(path, body, token);
    };

    std::vector<std::pair<std::string, std::function<void()>>> groups;
    const std::vector<BodyRoute> routes = {
        {"/api/v1/register", "", registration(uniqueName("never"))},
        {"/api/v1/login", "", {{"login", customer.login}, {"password", customer.password}}},
        {"/api/v1/user/profile", customer.token, {{"first_name", "Changed"}}},
        {"/api/v1/account", customer.token, {{"amount", 500}}},
        {"/api/v1/order", customer.token, oneItem(world.tea, 1)},
        {"/api/v1/stock/positions",
         staff.token,
         {{"name", "Coffee"}, {"price", 100}, {"count", 1}}},
        {"/api/v1/stock/position/" + tea, staff.token, {{"add", 5}}},
        {"/api/v1/stock/position/" + tea + "/reserve",
         staff.token,
         {{"order_id", 777}, {"count", 1}}},
        {"/api/v1/order/sent", staff.token, {{"order_id", orderId}}},
        {"/api/v1/order/recieved", staff.token, {{"order_id", orderId}}},
        {"/api/v1/order/received", staff.token, {{"order_id", orderId}}},
    };

    groups.emplace_back(
        "the body itself: not JSON, not an object, empty, too large, wrong content type", [&] {
            for (const auto& route : routes) {
                const auto& path = route.path;
                const auto valid = route.validBody.dump();
                const auto token = route.token;
                expectError(path + " malformed",
                            client.postRaw(path, "{\"login\": ", "application/json", token), 400,
                            "invalid_request");
                expectError(path + " trailing garbage",
                            client.postRaw(path, valid + " x", "application/json", token), 400,
                            "invalid_request");
                expectError(
                    path + " not UTF-8",
                    client.postRaw(path, "{\"name\": \"\xff\xfe\"}", "application/json", token),
                    400, "invalid_request");
                for (const char* notAnObject : {"[]", "[{}]", "\"text\"", "42", "null", "true"}) {
                    expectError(path + " " + notAnObject,
                                client.postRaw(path, notAnObject, "application/json", token), 400,
                                "invalid_request");
                }
                expectError(path + " empty body",
                            client.postRaw(path, "", "application/json", token), 400,
                            "invalid_request");
                // Deep nesting within the size limit must not take the server down.
                const std::string deep = std::string(30000, '[') + std::string(30000, ']');
                expectError(path + " deeply nested",
                            client.postRaw(path, deep, "application/json", token), 400,
                            "invalid_request");
                // The same nesting inside the fields each route reads.
                const std::string deepValue = std::string(3000, '[') + std::string(3000, ']');
                std::string deepFields = "{";
                for (const char* field : {"login", "password", "first_name", "amount", "items",
                                          "name", "add", "order_id", "count"}) {
                    deepFields += std::string(deepFields.size() > 1 ? ", " : "") + "\"" + field +
                                  "\": " + deepValue;
                }
                deepFields += "}";
                expectError(path + " deeply nested fields",
                            client.postRaw(path, deepFields, "application/json", token), 400,
                            "invalid_request");
                for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                                         "multipart/form-data; boundary=x", "application/xml",
                                         "application/jsonp", "application/json-seq"}) {
                    expectError(path + " as " + type, client.postRaw(path, valid, type, token), 415,
                                "unsupported_media_type");
                }
                expectError(path + " without a content type",
                            client.postRaw(path, valid, "", token), 415, "unsupported_media_type");
                const std::string huge =
                    "{\"pad\": \"" + std::string(lotok::limits::kMaxBodyBytes, 'x') + "\"}";
                expectError(path + " over 64 KiB",
                            client.postRaw(path, huge, "application/json", token), 413,
                            "payload_too_large");
                std::string justOver = route.validBody.dump();
                justOver.insert(1, "\"pad\": \"\", ");
                justOver.insert(
                    9, std::string(lotok::limits::kMaxBodyBytes + 1 - justOver.size(), 'y'));
                REQUIRE(justOver.size() == lotok::limits::kMaxBodyBytes + 1);
                expectError(path + " one byte over 64 KiB",
                            client.postRaw(path, justOver, "application/json", token), 413,
                            "payload_too_large");
            }
            std::string chunkedAnswer;
            const std::string huge =
                "{\"amount\": 1, \"pad\": \"" + std::string(100 * 1024, 'z') + "\"}";
            CHECK(postChunked(client.raw().baseUrl(), "/api/v1/account", huge, customer.token,
                              chunkedAnswer) == 413);
            CHECK(chunkedAnswer.find("payload_too_large") != std::string::npos);
        });

    groups.emplace_back(
        "register: missing fields, wrong types, values out of their limits, a taken login", [&] {
            const auto base = registration(uniqueName("reg"));
            for (const char* field :
                 {"login", "password", "email", "first_name", "last_name", "address"}) {
                expectError(std::string("missing ") + field,
                            post("/api/v1/register", without(base, field), ""), 400,
                            "invalid_request", field);
                expectError(std::string("null ") + field,
                            post("/api/v1/register", with(base, field, nullptr), ""), 400,
                            "invalid_request", field);
                expectError(std::string("int ") + field,
                            post("/api/v1/register", with(base, field, 12345), ""), 400,
                            "invalid_request", field);
                expectError(std::string("float ") + field,
                            post("/api/v1/register", with(base, field, 1.5), ""), 400,
                            "invalid_request", field);
                expectError(std::string("array ") + field,
                            post("/api/v1/register", with(base, field, json::array({"x"})), ""),
                            400, "invalid_request", field);
                expectError(std::string("object ") + field,
                            post("/api/v1/register", with(base, field, json::object()), ""), 400,
                            "invalid_request", field);
                expectError(std::string("bool ") + field,
                            post("/api/v1/register", with(base, field, true), ""), 400,
                            "invalid_request", field);
            }
            expectError("phone as a number",
                        post("/api/v1/register", with(base, "phone", 79161234567), ""), 400,
                        "invalid_request", "phone");
            const std::vector<std::pair<std::string, json>> badValues = {
                {"login", "ab"},
                {"login", std::string(lotok::limits::kLoginMax + 1, 'a')},
                {"login", "with space"},
                {"login", "кириллица"},
                {"login", ""},
                {"password", "short12"},
                {"password", std::string(lotok::limits::kPasswordMax + 1, 'p')},
                {"email", "no-at-sign"},
                {"email", "a@b"},
                {"email", std::string(lotok::limits::kEmailMax - 11, 'e') + "@example.com"},
                {"first_name", ""},
                {"first_name", "   "},
                {"first_name", std::string(lotok::limits::kNameMax + 1, 'n')},
                {"last_name", "Tab\tinside"},
                {"last_name", std::string(lotok::limits::kNameMax + 1, 'n')},
                {"phone", "call me"},
                {"phone", "12"},
                {"phone", std::string(lotok::limits::kPhoneMax + 1, '1')},
                {"address", ""},
                {"address", std::string(lotok::limits::kAddressMax + 1, 'a')},
                {"address", "bell\x07"},
            };
            for (const auto& [field, value] : badValues) {
                expectError("register " + field + "=" + value.dump().substr(0, 40),
                            post("/api/v1/register", with(base, field, value), ""), 400,
                            "invalid_request", field);
            }
            // 101 Cyrillic letters: 202 bytes, and one letter too many however they are counted.
            std::string cyrillic;
            for (std::size_t i = 0; i <= lotok::limits::kNameMax; ++i) {
                cyrillic += "ж";
            }
            expectError("101 Cyrillic letters",
                        post("/api/v1/register", with(base, "first_name", cyrillic), ""), 400,
                        "invalid_request", "first_name");
            expectError("taken login",
                        post("/api/v1/register", with(base, "login", customer.login), ""), 409,
                        "login_taken", "login");
            // None of these users exists: their login is free and signs nobody in.
            CHECK(client
                      .post("/api/v1/login",
                            {{"login", base["login"]}, {"password", base["password"]}})
                      .status == 401);
        });

    groups.emplace_back("login: missing fields and wrong types", [&] {
        const json base{{"login", customer.login}, {"password", customer.password}};
        for (const char* field : {"login", "password"}) {
            expectError(std::string("missing ") + field,
                        post("/api/v1/login", without(base, field), ""), 400, "invalid_request",
                        field);
            expectError(std::string("int ") + field,
                        post("/api/v1/login", with(base, field, 42), ""), 400, "invalid_request",
                        field);
            expectError(std::string("array ") + field,
                        post("/api/v1/login", with(base, field, json::array()), ""), 400,
                        "invalid_request", field);
        }
        // A login far over its limit cannot exist: the answer is the same as for a wrong one.
        expectError("10 KiB login",
                    post("/api/v1/login", with(base, "login", std::string(10240, 'l')), ""), 401,
                    "invalid_credentials");
    });

    groups.emplace_back(
        "profile update: wrong types and values out of their limits change nothing", [&] {
            const std::vector<std::pair<std::string, json>> badValues = {
                {"email", 5},
                {"email", "nope"},
                {"first_name", ""},
                {"first_name", std::string(lotok::limits::kNameMax + 1, 'n')},
                {"first_name", json::array({"A"})},
                {"last_name", "\t"},
                {"last_name", false},
                {"phone", "abc"},
                {"phone", 12345},
                {"phone", std::string(lotok::limits::kPhoneMax + 1, '1')},
                {"address", std::string(lotok::limits::kAddressMax + 1, 'a')},
                {"address", "line\x01"},
                {"address", 12},
            };
            for (const auto& [field, value] : badValues) {
                expectError("profile " + field + "=" + value.dump().substr(0, 40),
                            post("/api/v1/user/profile", {{field, value}}, customer.token), 400,
                            "invalid_request", field);
            }
            // One bad field spoils the whole update: the good one is not applied either.
            expectError("good first_name, bad email",
                        post("/api/v1/user/profile", {{"first_name", "Changed"}, {"email", "bad"}},
                             customer.token),
                        400, "invalid_request", "email");
        });

    groups.emplace_back("top-up: amounts of the wrong type, zero, negative or over 10^12", [&] {
        const std::vector<json> badAmounts = {
            "100",
            1.5,
            100.0,
            1e3,
            true,
            json::array({1}),
            json::object(),
            0,
            -1,
            -kTrillion,
            kTrillion + 1,
            INT64_MAX,
            INT64_MIN,
            json(18446744073709551615ULL),
            json::parse("1e30"),
            json::parse("123456789012345678901234567890"),
        };
        for (const auto& amount : badAmounts) {
            expectError("amount " + amount.dump(),
                        post("/api/v1/account", {{"amount", amount}}, customer.token), 400,
                        "invalid_request", "amount");
        }
        expectError("no amount", post("/api/v1/account", json::object(), customer.token), 400,
                    "invalid_request", "amount");
        expectError("null amount", post("/api/v1/account", {{"amount", nullptr}}, customer.token),
                    400, "invalid_request", "amount");
        expectError("amount misspelt", post("/api/v1/account", {{"amout", 100}}, customer.token),
                    400, "invalid_request", "amount");
        expectError("an over-long Idempotency-Key",
                    client.post("/api/v1/account", {{"amount", 100}}, customer.token,
                                {{"Idempotency-Key",
                                  std::string(lotok::limits::kIdempotencyKeyMax + 1, 'k')}}),
                    400, "invalid_request", "Idempotency-Key");
        expectError("an Idempotency-Key with a space",
                    client.post("/api/v1/account", {{"amount", 100}}, customer.token,
                                {{"Idempotency-Key", "two words"}}),
                    400, "invalid_request", "Idempotency-Key");
    });

    groups.emplace_back(
        "order: bad items, counts, unknown positions, duplicates, too many items, absurd totals",
        [&] {
            const auto order = [&](const json& body) {
                return post("/api/v1/order", body, customer.token);
            };
            expectError("no items", order(json::object()), 400, "invalid_request", "items");
            expectError("items null", order({{"items", nullptr}}), 400, "invalid_request", "items");
            expectError("items an object",
                        order({{"items", {{"position_id", world.tea}, {"count", 1}}}}), 400,
                        "invalid_request", "items");
            expectError("items a string", order({{"items", "tea"}}), 400, "invalid_request",
                        "items");
            expectError("no item", order({{"items", json::array()}}), 400, "invalid_request",
                        "items");
            expectError("item not an object", order({{"items", json::array({1})}}), 400,
                        "invalid_request", "items[0]");
            for (const auto& count : std::vector<json>{0, -1, -1000000, 1000001, INT64_MAX, "2",
                                                       1.5, 2.0, true, nullptr, json::array()}) {
                expectError("count " + count.dump(), order(oneItem(world.tea, count)), 400,
                            "invalid_request", "items[0].count");
            }
            expectError("no count", order({{"items", json::array({{{"position_id", world.tea}}})}}),
                        400, "invalid_request", "items[0].count");
            for (const auto& id : std::vector<json>{0, -5, "1", 1.5, nullptr, json::object()}) {
                expectError("position_id " + id.dump(), order(oneItem(id, 1)), 400,
                            "invalid_request", "items[0].position_id");
            }
            expectError("unknown position", order(oneItem(987654, 1)), 404, "not_found",
                        "items[0].position_id");
            json twoItems = oneItem(world.tea, 1);
            twoItems["items"].push_back({{"position_id", 987654}, {"count", 1}});
            expectError("unknown second position", order(twoItems), 404, "not_found",
                        "items[1].position_id");
            json duplicate = oneItem(world.tea, 1);
            duplicate["items"].push_back({{"position_id", world.tea}, {"count", 2}});
            expectError("duplicate position", order(duplicate), 400, "invalid_request",
                        "items[1].position_id");
            json bad2nd = oneItem(world.tea, 1);
            bad2nd["items"].push_back({{"position_id", world.gold}, {"count", 0}});
            expectError("bad count in the second item", order(bad2nd), 400, "invalid_request",
                        "items[1].count");

            // 100 items pass the size check (and fail on the unknown positions); 101 do not.
            json hundred{{"items", json::array()}};
            for (int i = 0; i < 100; ++i) {
                hundred["items"].push_back({{"position_id", 900000 + i}, {"count", 1}});
            }
            expectError("100 unknown positions", order(hundred), 404, "not_found",
                        "items[0].position_id");
            hundred["items"].push_back({{"position_id", 900100}, {"count", 1}});
            expectError("101 items", order(hundred), 400, "invalid_request", "items");

            // Two units of a 10^12 position: each number is fine, the total is absurd.
            expectError("total over 10^12", order(oneItem(world.gold, 2)), 400, "invalid_request",
                        "items");
            expectError("total of 10^18", order(oneItem(world.gold, 1000000)), 400,
                        "invalid_request", "items");
        });

    groups.emplace_back("stock: creating and changing positions with bad values, unknown ids", [&] {
        const json base{{"name", "Coffee"}, {"price", 100}, {"count", 1}};
        const auto create = [&](const json& body) {
            return post("/api/v1/stock/positions", body, staff.token);
        };
        expectError("no name", create(without(base, "name")), 400, "invalid_request", "name");
        expectError("no price", create(without(base, "price")), 400, "invalid_request", "price");
        const std::vector<std::pair<std::string, json>> badValues = {
            {"name", ""},
            {"name", "  "},
            {"name", std::string(lotok::limits::kPositionNameMax + 1, 'n')},
            {"name", 5},
            {"name", "new\nline"},
            {"price", 0},
            {"price", -1},
            {"price", kTrillion + 1},
            {"price", "5"},
            {"price", 1.5},
            {"count", -1},
            {"count", lotok::limits::kMaxCount + 1},
            {"count", "1"},
            {"count", 0.5},
        };
        for (const auto& [field, value] : badValues) {
            expectError("create " + field + "=" + value.dump().substr(0, 40),
                        create(with(base, field, value)), 400, "invalid_request", field);
        }

        const auto update = [&](const std::string& id, const json& body) {
            return post("/api/v1/stock/position/" + id, body, staff.token);
        };
        expectError("update nothing", update(tea, json::object()), 400, "invalid_request");
        const std::vector<std::pair<std::string, json>> badChanges = {
            {"name", ""},
            {"name", std::string(lotok::limits::kPositionNameMax + 1, 'n')},
            {"name", 1},
            {"price", 0},
            {"price", -100},
            {"price", kTrillion + 1},
            {"price", "100"},
            {"add", 0},
            {"add", lotok::limits::kMaxCount + 1},
            {"add", -lotok::limits::kMaxCount - 1},
            {"add", 1.5},
            {"add", "3"},
        };
        for (const auto& [field, value] : badChanges) {
            expectError("update " + field + "=" + value.dump().substr(0, 40),
                        update(tea, {{field, value}}), 400, "invalid_request", field);
        }
        expectError("good name, bad price", update(tea, {{"name", "Renamed"}, {"price", 0}}), 400,
                    "invalid_request", "price");
        expectError("below zero available", update(tea, {{"add", -49}}), 409, "insufficient_stock");
        for (const char* id : {"987654", "0", "-1", "abc", "99999999999999999999"}) {
            expectError(std::string("update position ") + id, update(id, {{"add", 1}}), 404,
                        "not_found");
        }

        const auto reserve = [&](const std::string& id, const json& body) {
            return post("/api/v1/stock/position/" + id + "/reserve", body, staff.token);
        };
        expectError("reserve without order_id", reserve(tea, {{"count", 1}}), 400,
                    "invalid_request", "order_id");
        for (const auto& id : std::vector<json>{0, -1, "7", 1.5}) {
            expectError("reserve order_id " + id.dump(),
                        reserve(tea, {{"order_id", id}, {"count", 1}}), 400, "invalid_request",
                        "order_id");
        }
        for (const auto& count : std::vector<json>{0, -1, 1000001, "1", nullptr}) {
            expectError("reserve count " + count.dump(),
                        reserve(tea, {{"order_id", 777}, {"count", count}}), 400, "invalid_request",
                        "count");
        }
        expectError("reserve more than there is", reserve(tea, {{"order_id", 777}, {"count", 49}}),
                    409, "insufficient_stock");
        expectError("reserve an unknown position",
                    reserve("987654", {{"order_id", 777}, {"count", 1}}), 404, "not_found");
    });

    groups.emplace_back("delivery: bad order ids, unknown orders, a transition out of order", [&] {
        for (const char* path :
             {"/api/v1/order/sent", "/api/v1/order/recieved", "/api/v1/order/received"}) {
            expectError(std::string(path) + " without order_id",
                        post(path, json::object(), staff.token), 400, "invalid_request",
                        "order_id");
            for (const auto& id : std::vector<json>{0, -1, "1", 1.5, json::array({orderId})}) {
                expectError(std::string(path) + " order_id " + id.dump(),
                            post(path, {{"order_id", id}}, staff.token), 400, "invalid_request",
                            "order_id");
            }
            expectError(std::string(path) + " unknown order",
                        post(path, {{"order_id", 987654}}, staff.token), 404, "not_found");
        }
        expectError("received before sent",
                    post("/api/v1/order/recieved", {{"order_id", orderId}}, staff.token), 409,
                    "invalid_transition");
        expectError("received before sent (alias)",
                    post("/api/v1/order/received", {{"order_id", orderId}}, staff.token), 409,
                    "invalid_transition");
    });

    groups.emplace_back("query parameters and path ids", [&] {
        const std::vector<std::tuple<std::string, std::string, std::string>> badQueries = {
            {"/api/v1/orders?limit=0", customer.token, "limit"},
            {"/api/v1/orders?limit=101", customer.token, "limit"},
            {"/api/v1/orders?limit=ten", customer.token, "limit"},
            {"/api/v1/orders?before=-1", customer.token, "before"},
            {"/api/v1/orders?before=x", customer.token, "before"},
            {"/api/v1/notifications?limit=201", customer.token, "limit"},
            {"/api/v1/notifications?after=-5", customer.token, "after"},
            {"/api/v1/stock/positions?limit=501", "", "limit"},
            {"/api/v1/stock/positions?after=abc", "", "after"},
            {"/api/v1/stock/positions?ids=1,x", "", "ids"},
            {"/api/v1/deliveries?status=lost", staff.token, "status"},
            {"/api/v1/deliveries?limit=0", staff.token, "limit"},
            {"/api/v1/account/transactions?limit=0", customer.token, "limit"},
            {"/api/v1/account/transactions?limit=201", customer.token, "limit"},
            {"/api/v1/account/transactions?limit=1.5", customer.token, "limit"},
            {"/api/v1/account/transactions?before=-1", customer.token, "before"},
            {"/api/v1/account/transactions?before=abc", customer.token, "before"},
            {"/api/v1/account/transactions?before=99999999999999999999", customer.token, "before"},
        };
        for (const auto& [path, token, field] : badQueries) {
            expectError(path, client.get(path, token), 400, "invalid_request", field);
        }
        // The statement is a customer's own: no session is 401, staff are 403 (before the
        // parameters are read, so a bad one does not change the answer).
        for (const char* path :
             {"/api/v1/account/transactions", "/api/v1/account/transactions?limit=0"}) {
            expectError(std::string(path) + " without a session", client.get(path), 401,
                        "unauthorized");
            expectError(std::string(path) + " by staff", client.get(path, staff.token), 403,
                        "forbidden");
        }
        for (const char* path : {"/api/v1/order/0", "/api/v1/order/-1", "/api/v1/order/abc",
                                 "/api/v1/order/99999999999999999999", "/api/v1/order/987654",
                                 "/api/v1/order/987654/delivery", "/api/v1/order/x/delivery"}) {
            expectError(path, client.get(path, customer.token), 404, "not_found");
        }
        for (const char* path :
             {"/api/v1/stock/position/0/count", "/api/v1/stock/position/abc/count",
              "/api/v1/stock/position/987654/count"}) {
            expectError(path, client.get(path), 404, "not_found");
        }
    });

    // One server for all groups; after each, nothing may have been written.
    for (const auto& [name, group] : groups) {
        INFO("group: " << name);
        group();
        CHECK(world.visible() == visibleBefore);
        CHECK(databaseFingerprint(world.server.databaseUrl()) == fingerprintBefore);
    }
}

TEST_CASE("values at the limits are accepted") {
    World world;
    auto& client = world.client;
    const auto& customer = world.customer;
    const auto& staff = world.staff;
    std::vector<std::pair<std::string, std::function<void()>>> groups;

    groups.emplace_back(
        "amounts: exactly 10^12 tops up, and so does a body of exactly 64 KiB", [&] {
            auto response = client.post("/api/v1/account", {{"amount", kTrillion}}, customer.token);
            REQUIRE(response.status == 200);
            CHECK(response.json()["balance"] == kTrillion + 98000);
            std::string exact = "{\"amount\": 1, \"pad\": \"\"}";
            exact.insert(exact.size() - 2,
                         std::string(lotok::limits::kMaxBodyBytes - exact.size(), 'p'));
            REQUIRE(exact.size() == lotok::limits::kMaxBodyBytes);
            response = client.postRaw("/api/v1/account", exact, "application/json; charset=utf-8",
                                      customer.token);
            CHECK(response.status == 200);
            response =
                client.postRaw("/api/v1/account", "{\"amount\": 1, \"unknown\": {\"x\": [1, 2]}}",
                               "Application/JSON", customer.token);
            CHECK(response.status == 200);
            CHECK(client.balance(customer) == kTrillion + 98002);
        });

    groups.emplace_back(
        "register: every text field at its maximum length, counted in characters", [&] {
            std::string cyrillic;
            for (std::size_t i = 0; i < lotok::limits::kNameMax; ++i) {
                cyrillic += "ж";
            }
            const auto login = uniqueName("l") + std::string(lotok::limits::kLoginMax - 9, 'x');
            REQUIRE(login.size() == lotok::limits::kLoginMax);
            const std::string password(lotok::limits::kPasswordMax, 'P');
            const json body{
                {"login", login},
                {"password", password},
                {"email", std::string(lotok::limits::kEmailMax - 12, 'e') + "@example.com"},
                {"first_name", cyrillic},
                {"last_name", cyrillic},
                {"phone", "+7 (916) 123-45-67" + std::string(lotok::limits::kPhoneMax - 18, '0')},
                {"address", std::string(lotok::limits::kAddressMax, 'a')}};
            const auto response = client.post("/api/v1/register", body);
            INFO(response.body);
            REQUIRE(response.status == 201);
            CHECK(response.json()["first_name"] == cyrillic);
            CHECK(response.json()["role"] == "customer");
            CHECK(client.login(login, password).id == response.json()["id"]);
            const auto shortest = client.post("/api/v1/register", {{"login", "abc"},
                                                                   {"password", "12345678"},
                                                                   {"email", "a@b.c"},
                                                                   {"first_name", "A"},
                                                                   {"last_name", "B"},
                                                                   {"address", "C"}});
            INFO(shortest.body);
            CHECK(shortest.status == 201);
        });

    groups.emplace_back("stock and orders: the largest price, count and number of items", [&] {
        auto response = client.post("/api/v1/stock/positions",
                                    {{"name", std::string(lotok::limits::kPositionNameMax, 'n')},
                                     {"price", kTrillion},
                                     {"count", lotok::limits::kMaxCount}},
                                    staff.token);
        INFO(response.body);
        CHECK(response.status == 201);
        response =
            client.post("/api/v1/stock/positions", {{"name", "Empty"}, {"price", 1}}, staff.token);
        REQUIRE(response.status == 201);
        CHECK(response.json()["count"] == 0);
        client.topUp(customer, 2000000);
        const auto grain = client.createPosition(staff, "Grain", 1, lotok::limits::kMaxCount);
        response =
            client.post("/api/v1/order", oneItem(grain, lotok::limits::kMaxCount), customer.token);
        INFO(response.body);
        REQUIRE(response.status == 201);
        CHECK(response.json()["total"] == lotok::limits::kMaxCount);
        CHECK(client.count(grain) == 0);

        json hundred{{"items", json::array()}};
        for (int i = 0; i < 100; ++i) {
            const auto id = client.createPosition(staff, "Item " + std::to_string(i), 10, 1);
            hundred["items"].push_back({{"position_id", id}, {"count", 1}});
        }
        response = client.post("/api/v1/order", hundred, customer.token);
        INFO(response.body);
        REQUIRE(response.status == 201);
        CHECK(response.json()["items"].size() == 100);
        CHECK(response.json()["total"] == 1000);
    });

    for (const auto& [name, group] : groups) {
        INFO(name);
        group();
    }
}
