// What lotokd logs (docs/operations.md, "Logs"): at debug, in both formats, a shop's whole
// day — sign-up, sign-in, a wrong password, an order, its events, a service's call with the
// token — leaves no secret in the log; in JSON every line is an object and every request's
// line has its fields; saga and consumer lines carry the order and event ids.
#include "LotokdProcess.h"
#include "TestClient.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace lotok::test;

namespace {

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

struct Shop {
    std::vector<std::string> secrets;
    std::string requestId;
    std::int64_t orderId = 0;
};

// Everything a secret passes through, with a request id and trace of the test's own.
Shop runTheShop(LotokdProcess& server, const std::string& serviceToken) {
    Shop shop;
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());
    const auto customer = client.registerCustomer("logs");
    const auto staffLogin = uniqueName("staff");
    const auto staffPassword = server.addStaff(staffLogin);
    const auto staff = client.login(staffLogin, staffPassword);
    const std::string wrongPassword = "wrong-" + uniqueName("pw");
    CHECK(client.post("/api/v1/login", {{"login", customer.login}, {"password", wrongPassword}})
              .status == 401);
    client.topUp(customer, 100000);
    const auto tea = client.createPosition(staff, "Tea", 25000, 5);

    shop.requestId = uniqueName("logtest-");
    const lotok::http::Headers headers = {
        {"X-Request-Id", shop.requestId},
        {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
    const auto order =
        client.post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 1}}}}},
                    customer.token, headers);
    REQUIRE(order.status == 201);
    shop.orderId = order.json().at("id").get<std::int64_t>();
    REQUIRE(eventually([&] {
        // Delivery made it (it asked User for the address), then Notification told the customer.
        const auto notes = client.get("/api/v1/notifications?limit=200", customer.token);
        return notes.status == 200 &&
               notes.body.find("order_ready_for_delivery") != std::string::npos;
    }));

    // The session as a cookie, the service token on the internal listener, a traceparent
    // that is not one (it must not be written anywhere).
    const std::string badTrace = "00-not-a-trace-" + uniqueName("evil");
    CHECK(client.raw()
              .get("/api/v1/account",
                   {{"Cookie", "session_id=" + customer.token}, {"traceparent", badTrace}})
              .status == 200);
    CHECK(internal.raw().get("/metrics", {{"X-Service-Token", serviceToken}}).status == 200);
    CHECK(internal.raw().get("/metrics", {{"X-Service-Token", serviceToken + "x"}}).status == 401);
    CHECK(client.post("/api/v1/logout", nlohmann::json::object(), customer.token).status == 204);

    shop.secrets = {customer.password, customer.token, staffPassword, staff.token,
                    wrongPassword,     serviceToken,   badTrace};
    return shop;
}

} // namespace

TEST_CASE("no secret reaches the log, in either format, at debug", "[local]") {
    const auto format = GENERATE(std::string("text"), std::string("json"));
    CAPTURE(format);
    const auto serviceToken = "service-token-" + uniqueName("s");
    // A password in the database's connection string: the test cluster trusts local
    // connections, so libpq never sends it, but lotokd holds it all the same.
    const std::string dbPassword = "db-password-" + uniqueName("p");
    ConfigFile config("[server]\nservice_token = " + serviceToken + "\n[log]\nformat = " + format +
                      "\n");
    auto options = config.options();
    options.extraArgs.insert(options.extraArgs.end(), {"--log-level", "debug"});
    options.databaseUrl = createTestDatabase() + " password=" + dbPassword;
    const auto logFile =
        std::filesystem::temp_directory_path() / (uniqueName("lotokd-log-") + ".log");
    options.logFile = logFile.string();
    Shop shop;
    std::string log;
    {
        LotokdProcess server(options);
        shop = runTheShop(server, serviceToken);
        server.stop();
        log = server.log();
    }
    std::filesystem::remove(logFile);
    shop.secrets.push_back(dbPassword);

    REQUIRE(log.find(shop.requestId) != std::string::npos);
    for (const auto& secret : shop.secrets) {
        CAPTURE(secret);
        CHECK(log.find(secret) == std::string::npos);
    }
    // The bearer and cookie headers themselves are never written either.
    CHECK(log.find("Bearer ") == std::string::npos);
    CHECK(log.find("session_id=") == std::string::npos);

    if (format == "text") {
        // The request line reads as one: method, route template, status, duration.
        CHECK(log.find("POST /api/v1/order 201 ") != std::string::npos);
        CHECK(log.find("request_id=" + shop.requestId) != std::string::npos);
        CHECK(log.find("trace_id=4bf92f3577b34da6a3ce929d0e0e4736") != std::string::npos);
        return;
    }
    int requests = 0;
    bool sagaLine = false;
    bool consumerLine = false;
    for (const auto& line : linesOf(log)) {
        CAPTURE(line);
        const auto record = nlohmann::json::parse(line, nullptr, false);
        REQUIRE(record.is_object());
        CHECK(record.at("time").get<std::string>().size() == 24); // 2024-05-01T12:00:00.123Z
        CHECK(record.at("time").get<std::string>().back() == 'Z');
        CHECK(record.contains("level"));
        CHECK(record.contains("message"));
        if (record.contains("route")) {
            ++requests;
            CHECK(record.at("request_id").is_string());
            CHECK(record.at("method").is_string());
            CHECK(record.at("status").is_number_integer());
            CHECK(record.at("duration_ms").is_number());
            // The template, never the raw path with its id.
            const auto route = record.at("route").get<std::string>();
            CHECK(route.find("/" + std::to_string(shop.orderId) + "/") == std::string::npos);
            CHECK(!route.ends_with("/" + std::to_string(shop.orderId)));
        }
        if (record.value("request_id", "") != shop.requestId) {
            continue;
        }
        CHECK(record.value("trace_id", "") == "4bf92f3577b34da6a3ce929d0e0e4736");
        if (record.value("message", "") == "order confirmed") {
            sagaLine = record.value("order_id", std::int64_t{0}) == shop.orderId;
        }
        if (record.contains("consumer") && record.contains("event_id") &&
            record.value("order_id", std::int64_t{0}) == shop.orderId) {
            consumerLine = true;
        }
    }
    CHECK(requests > 10);
    CHECK(sagaLine);
    CHECK(consumerLine);
}
