// What outside testing broke (issue 10), each as a stranger would send it to a real lotokd:
// WebSocket messages and frames of every shape, the internal listener's upgrade, Origin
// checks, control characters and case in logins, HTTP framing a proxy would read otherwise,
// and Idempotency-Key on staff stock changes. Every case also checks the server lives on.
#include "LotokdProcess.h"
#include "RawConnection.h"
#include "TestClient.h"
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

using namespace lotok::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

constexpr int kText = 0x1;
constexpr int kBinary = 0x2;
constexpr int kContinuation = 0x0;
constexpr int kClose = 0x8;
constexpr int kPing = 0x9;

std::string bearerHeader(const std::string& token) {
    return "Authorization: Bearer " + token + "\r\n";
}

// A WebSocket on `path`, upgraded with `headers`; REQUIREs the 101.
std::unique_ptr<RawConnection> openSocket(const std::string& baseUrl, const std::string& path,
                                          const std::string& headers) {
    auto connection = std::make_unique<RawConnection>(baseUrl);
    connection->send(rawUpgrade(path, headers));
    const auto answer = connection->read();
    REQUIRE(answer.status == 101);
    return connection;
}

void expectAlive(const std::string& baseUrl) {
    RawConnection connection(baseUrl);
    connection.send(rawGet("/healthz"));
    CHECK(connection.read().status == 200);
}

std::string closePayload(int code, const std::string& reason = {}) {
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    return payload + reason;
}

// A raw POST with a JSON content type and the given extra header lines.
std::string rawPost(const std::string& path, const std::string& body,
                    const std::string& extraHeaders = {}) {
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
           extraHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string withCase(std::string text, int (*change)(int)) {
    for (auto& c : text) {
        c = static_cast<char>(change(static_cast<unsigned char>(c)));
    }
    return text;
}

} // namespace

TEST_CASE("a WebSocket message of any shape closes only its own socket, with the RFC's code") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("wsmsg");
    const auto staffLogin = uniqueName("wsstaff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    // A bystander whose socket must survive every one of the cases below.
    auto bystander = openSocket(server.publicUrl(), "/api/v1/notifications/ws?after=0",
                                bearerHeader(customer.token));

    struct Case {
        std::string name;
        int opcode;
        std::string payload;
        int closeCode;
    };
    const std::vector<Case> cases = {
        {"type is a number", kText, R"({"type":5})", 1007},
        {"type is null", kText, R"({"type":null})", 1007},
        {"type is an array", kText, R"({"type":["resume"]})", 1007},
        {"type is an object", kText, R"({"type":{"a":1}})", 1007},
        {"no type", kText, R"({"after":1})", 1007},
        {"not JSON", kText, "hello", 1007},
        {"a JSON array", kText, "[1,2]", 1007},
        {"a JSON string", kText, R"("resume")", 1007},
        {"resume with a negative id", kText, R"({"type":"resume","after":-1})", 1007},
        {"resume with a string id", kText, R"({"type":"resume","after":"5"})", 1007},
        {"resume with a fraction", kText, R"({"type":"resume","after":1.5})", 1007},
        {"resume with an id past int64", kText, R"({"type":"resume","after":18446744073709551615})",
         1007},
        {"resume without an id", kText, R"({"type":"resume"})", 1007},
        {"JSON, a NUL, more JSON", kText, std::string("{\"type\":\"resume\",\"after\":0}\0{}", 30),
         1007},
        {"not UTF-8", kText, "{\"type\":\"\xff\xfe\"}", 1007},
        {"an unknown type", kText, R"({"type":"subscribe","channel":"staff"})", 1008},
        {"a binary message", kBinary, std::string("\x00\x01\x02", 3), 1003},
    };
    for (const auto& path :
         {std::string("/api/v1/notifications/ws"), std::string("/api/v1/staff/ws")}) {
        for (const auto& each : cases) {
            INFO(path << ": " << each.name);
            auto socket = openSocket(server.publicUrl(), path, bearerHeader(staff.token));
            REQUIRE(socket->sendFrame(each.opcode, each.payload));
            CHECK(socket->readCloseCode() == each.closeCode);
            CHECK(socket->closedWithin(3s));
        }
    }
    expectAlive(server.publicUrl());
    // The bystander still gets its pushes: ping it and resume on it.
    REQUIRE(bystander->sendFrame(kPing, "still there?"));
    const auto pong = bystander->readFrame();
    REQUIRE(pong);
    CHECK(pong->opcode == 0xA);
    CHECK(pong->payload == "still there?");
    REQUIRE(bystander->sendFrame(kText, R"({"type":"resume","after":0})"));
    CHECK(bystander->readFrame(1s) == std::nullopt); // nothing to send, and no close either
}

TEST_CASE("WebSocket framing that RFC 6455 forbids gets the close code it names") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("wsframe");
    const auto open = [&] {
        return openSocket(server.publicUrl(), "/api/v1/notifications/ws",
                          bearerHeader(customer.token));
    };
    struct Step {
        int opcode;
        std::string payload;
        bool fin;
    };
    struct Case {
        std::string name;
        std::vector<Step> steps;
        int closeCode;
    };
    const std::vector<Case> cases = {
        {"a ping over 125 bytes", {{kPing, std::string(126, 'p'), true}}, 1002},
        {"a fragmented ping", {{kPing, "half", false}}, 1002},
        {"a fragmented close", {{kClose, closePayload(1000), false}}, 1002},
        {"a reserved opcode", {{0x3, "x", true}}, 1002},
        {"a reserved control opcode", {{0xB, "x", true}}, 1002},
        {"a continuation with nothing to continue", {{kContinuation, "x", true}}, 1002},
        {"a new message inside a fragmented one",
         {{kText, R"({"type":)", false}, {kText, R"("resume"})", true}},
         1002},
        {"a close with a one-byte payload", {{kClose, "x", true}}, 1002},
        {"a close with reserved code 1005", {{kClose, closePayload(1005), true}}, 1002},
        {"a close with reserved code 1006", {{kClose, closePayload(1006), true}}, 1002},
        {"a close with code 999", {{kClose, closePayload(999), true}}, 1002},
        {"a close with unassigned code 2000", {{kClose, closePayload(2000), true}}, 1002},
        {"a close whose reason is not UTF-8",
         {{kClose, closePayload(1000, "\xc3\x28"), true}},
         1007},
        {"a fragmented message that is not JSON",
         {{kText, "hel", false}, {kContinuation, "lo", true}},
         1007},
        {"a normal close", {{kClose, closePayload(1000, "bye"), true}}, 1000},
        {"an application close code", {{kClose, closePayload(4000), true}}, 1000},
    };
    for (const auto& each : cases) {
        INFO(each.name);
        auto socket = open();
        for (const auto& step : each.steps) {
            REQUIRE(socket->sendFrame(step.opcode, step.payload, step.fin));
        }
        CHECK(socket->readCloseCode() == each.closeCode);
        CHECK(socket->closedWithin(3s));
    }
    {
        // A resume split into fragments (and a ping between them) is one message.
        auto socket = open();
        REQUIRE(socket->sendFrame(kText, R"({"type":"res)", false));
        REQUIRE(socket->sendFrame(kPing, "mid"));
        REQUIRE(socket->sendFrame(kContinuation, R"(ume","after":0})", true));
        const auto pong = socket->readFrame();
        REQUIRE(pong);
        CHECK(pong->opcode == 0xA);
        CHECK(socket->readFrame(1s) == std::nullopt);
    }
    expectAlive(server.publicUrl());
}

TEST_CASE("the internal listener's WebSocket upgrade wants the service token like any request") {
    const std::string token = "svc-" + lotok::util::randomToken(16);
    ConfigFile config("[server]\nservice_token = " + token + "\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("wsint");
    client.topUp(customer, 100);
    const auto asUser =
        "X-User-Id: " + std::to_string(customer.id) + "\r\nX-User-Role: customer\r\n";
    const auto asStaff = "X-User-Id: " + std::to_string(customer.id) + "\r\nX-User-Role: staff\r\n";
    struct Case {
        std::string name;
        std::string path;
        std::string headers;
        int status;
    };
    const std::vector<Case> cases = {
        {"forwarded user, no token", "/api/v1/notifications/ws?after=0", asUser, 401},
        {"forwarded user, wrong token", "/api/v1/notifications/ws?after=0",
         asUser + "X-Service-Token: guess\r\n", 401},
        {"forwarded staff, no token", "/api/v1/staff/ws", asStaff, 401},
        {"a session, no token", "/api/v1/notifications/ws", bearerHeader(customer.token), 401},
        {"forwarded user, the token", "/api/v1/notifications/ws?after=0",
         asUser + "X-Service-Token: " + token + "\r\n", 101},
        {"forwarded staff, the token", "/api/v1/staff/ws",
         asStaff + "X-Service-Token: " + token + "\r\n", 101},
    };
    for (const auto& each : cases) {
        INFO(each.name);
        RawConnection connection(server.internalUrl());
        connection.send(rawUpgrade(each.path, each.headers));
        const auto answer = connection.read();
        CHECK(answer.status == each.status);
        CHECK_FALSE(answer.header("x-request-id").empty());
        if (each.status == 401) {
            CHECK(answer.error().value("code", "") == "unauthorized");
            CHECK(answer.header("www-authenticate").rfind("Bearer", 0) == 0);
        }
    }
}

TEST_CASE("a socket opened with the session cookie must come from an allowed Origin") {
    ConfigFile config(
        "[websocket]\nallowed_origins = https://shop.example, https://admin.example\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("origin");
    const auto cookie = "Cookie: session_id=" + customer.token + "\r\n";
    struct Case {
        std::string name;
        std::string headers;
        int status;
    };
    const std::vector<Case> cases = {
        {"cookie from another site", cookie + "Origin: https://evil.example\r\n", 403},
        {"cookie from a look-alike", cookie + "Origin: https://shop.example.evil\r\n", 403},
        {"cookie from the null origin", cookie + "Origin: null\r\n", 403},
        {"cookie from an allowed origin", cookie + "Origin: https://shop.example\r\n", 101},
        {"cookie from the server's own origin", cookie + "Origin: http://localhost\r\n", 101},
        {"cookie and no Origin (not a browser)", cookie, 101},
        {"a bearer token from anywhere",
         bearerHeader(customer.token) + "Origin: https://evil.example\r\n", 101},
    };
    for (const auto& each : cases) {
        INFO(each.name);
        RawConnection connection(server.publicUrl());
        connection.send(rawUpgrade("/api/v1/notifications/ws", each.headers));
        const auto answer = connection.read();
        CHECK(answer.status == each.status);
        if (each.status == 403) {
            CHECK(answer.error().value("code", "") == "forbidden");
        }
    }
}

TEST_CASE(
    "logins: control characters are refused, case does not matter, the limiter is not fooled") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto login = uniqueName("Mixed");
    const json profile = {{"login", login},           {"password", "a-long-password"},
                          {"email", "m@example.com"}, {"first_name", "M"},
                          {"last_name", "X"},         {"address", "Moscow, Tverskaya 1"}};
    const auto registered = client.post("/api/v1/register", profile);
    REQUIRE(registered.status == 201);
    const auto canonical = registered.json()["login"].get<std::string>();
    CHECK(canonical != login);
    CHECK(canonical == withCase(login, ::tolower));
    SECTION("one account, however it is spelt") {
        auto again = profile;
        again["login"] = canonical;
        CHECK(errorCode(client.post("/api/v1/register", again)) == "login_taken");
        for (const auto& spelling : {login, canonical, withCase(login, ::toupper)}) {
            INFO(spelling);
            const auto signedIn = client.post(
                "/api/v1/login", {{"login", spelling}, {"password", "a-long-password"}});
            CHECK(signedIn.status == 200);
            CHECK(signedIn.json()["user_id"] == registered.json()["id"]);
        }
    }
    SECTION("a NUL or another control character is refused, and buys no fresh attempts") {
        for (int i = 0; i < 5; ++i) {
            REQUIRE(client.post("/api/v1/login", {{"login", canonical}, {"password", "wrong-one!"}})
                        .status == 401);
        }
        for (const auto& sneaky :
             {canonical + std::string(1, '\0'), canonical + std::string("\0anything", 9),
              canonical + "\t", canonical + "\x1b[0m", std::string("\x7f") + canonical}) {
            const auto answer =
                client.post("/api/v1/login", {{"login", sneaky}, {"password", "a-long-password"}});
            INFO(answer.body);
            CHECK(answer.status == 400);
            CHECK(answer.json()["error"]["field"] == "login");
        }
        // Other spellings of the same login share its counter.
        for (const auto& spelling : {canonical, login}) {
            const auto answer = client.post("/api/v1/login",
                                            {{"login", spelling}, {"password", "a-long-password"}});
            CHECK(answer.status == 429);
        }
    }
    SECTION("every text field refuses control characters") {
        for (const auto& field :
             {"login", "password", "email", "first_name", "last_name", "phone", "address"}) {
            auto bad = profile;
            bad["login"] = uniqueName("ctl");
            bad["phone"] = "+7 900 000 00 00";
            bad[field] = bad[field].get<std::string>() + std::string(1, '\0') + "x";
            const auto answer = client.post("/api/v1/register", bad);
            INFO(field << ": " << answer.body);
            CHECK(answer.status == 400);
            CHECK(answer.json()["error"]["field"] == field);
        }
    }
}

TEST_CASE("HTTP framing that a proxy in front would read otherwise is refused") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("framing");
    struct Case {
        std::string name;
        std::string request;
        int status;
    };
    std::string smallHeaders = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < 6000; ++i) {
        smallHeaders += "a:\r\n";
    }
    const auto auth = bearerHeader(customer.token);
    const std::vector<Case> cases = {
        {"space before the colon",
         "POST /api/v1/account HTTP/1.1\r\nHost: x\r\n" + auth +
             "Content-Type: application/json\r\nContent-Length : 14\r\n\r\n{\"amount\":100}",
         400},
        {"two Host headers", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"no Host in HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n", 400},
        {"a folded header", "GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400},
        {"chunked twice in one header",
         "POST /api/v1/account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
         "0\r\n\r\n",
         400},
        {"chunked in two headers",
         "POST /api/v1/account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"an unknown transfer coding",
         "POST /api/v1/account HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
         "0\r\n\r\n",
         501},
        {"Content-Length and chunked",
         "POST /api/v1/account HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400},
        {"HTTP/9.9", "GET /healthz HTTP/9.9\r\nHost: a\r\n\r\n", 505},
        {"an HTTP/0.9 line", "GET /healthz\r\n\r\n", 400},
        {"a bare LF", "GET /healthz HTTP/1.1\nHost: a\n\n", 400},
        {"a NUL in a header value", std::string("GET /healthz HTTP/1.1\r\nHost: a\0b\r\n\r\n", 37),
         400},
        {"raw non-ASCII in the path", "GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"two spaces in the request line", "GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"6,000 small headers", smallHeaders + "\r\n", 431},
        {"a 9,000-byte target", rawGet("/api/v1/orders?q=" + std::string(9000, 'a')), 414},
    };
    for (const auto& each : cases) {
        INFO(each.name);
        RawConnection connection(server.publicUrl());
        connection.send(each.request);
        const auto answer = connection.read();
        CHECK(answer.status == each.status);
        CHECK_FALSE(answer.error().value("code", "").empty());
        CHECK_FALSE(answer.header("x-request-id").empty());
        CHECK(answer.header("x-content-type-options") == "nosniff");
        CHECK(connection.closedWithin(5s));
    }
    // None of them touched the balance.
    CHECK(client.balance(customer) == 0);
    expectAlive(server.publicUrl());
}

TEST_CASE("bodies, paths and limits the contract names are enforced as documented") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("bodies");
    const auto auth = bearerHeader(customer.token);
    SECTION("bytes after the JSON value are 400 and change nothing") {
        for (const auto& body :
             {std::string("{\"amount\":1}\0{\"amount\":2}", 25),
              std::string("{\"amount\":1}\0", 13), std::string("{\"amount\":1} {\"amount\":2}"),
              std::string("{\"amount\":1}x")}) {
            RawConnection connection(server.publicUrl());
            connection.send(rawPost("/api/v1/account", body, auth));
            const auto answer = connection.read();
            INFO(answer.body);
            CHECK(answer.status == 400);
            CHECK(answer.error().value("code", "") == "invalid_request");
        }
        CHECK(client.balance(customer) == 0);
    }
    SECTION("invalid UTF-8 in the path is 400 or 404, never 500") {
        for (const auto& path : {"/api/v1/%ff%fe", "/api/v1/order/%c3%28", "/api/v1/order/%00",
                                 "/api/v1/stock/position/%ff/count", "/%ed%a0%80"}) {
            INFO(path);
            RawConnection connection(server.publicUrl());
            connection.send(rawGet(path, auth));
            const auto answer = connection.read();
            CHECK((answer.status == 400 || answer.status == 404));
            CHECK(json::parse(answer.body, nullptr, false).is_object());
        }
    }
    SECTION("a chunk larger than the body limit is 413 at once, not at the request timeout") {
        RawConnection connection(server.publicUrl());
        const auto started = std::chrono::steady_clock::now();
        connection.send("POST /api/v1/account HTTP/1.1\r\nHost: x\r\n" + auth +
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "10000000\r\n{");
        const auto answer = connection.read(20s);
        CHECK(answer.status == 413);
        CHECK(answer.error().value("code", "") == "payload_too_large");
        // The request timeout is 30 s: an answer before it is an answer at once.
        CHECK(std::chrono::steady_clock::now() - started < 20s);
    }
    SECTION("HEAD works wherever GET does, without a body") {
        for (const auto& path : {"/healthz", "/api/v1/stock/positions", "/api/v1/account"}) {
            INFO(path);
            RawConnection connection(server.publicUrl());
            connection.send("HEAD " + std::string(path) + " HTTP/1.1\r\nHost: x\r\n" + auth +
                            "\r\n" + rawGet("/healthz"));
            const auto head = connection.read(10s, /*bodyless=*/true);
            CHECK(head.status == 200);
            CHECK_FALSE(head.header("content-length").empty());
            // The answer has no body: the next bytes are the pipelined GET's answer.
            const auto next = connection.read();
            CHECK(next.status == 200);
            CHECK(next.body.find("ok") != std::string::npos);
        }
        RawConnection connection(server.publicUrl());
        connection.send("DELETE /api/v1/account HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto answer = connection.read();
        CHECK(answer.status == 405);
        CHECK(answer.header("allow").find("HEAD") != std::string::npos);
    }
    SECTION("a 401 names the scheme, and every answer carries a request id") {
        RawConnection connection(server.publicUrl());
        connection.send(rawGet("/api/v1/account"));
        const auto answer = connection.read();
        CHECK(answer.status == 401);
        CHECK(answer.header("www-authenticate").rfind("Bearer", 0) == 0);
        CHECK_FALSE(answer.header("x-request-id").empty());
        connection.send(rawGet("/api/v1/account", "X-Request-Id: trace-me-42\r\n"));
        CHECK(connection.read().header("x-request-id") == "trace-me-42");
        // An id a client made up with control characters is not echoed into a header.
        connection.send(rawGet("/nowhere", "X-Request-Id: a\tb\r\n"));
        const auto unknown = connection.read();
        CHECK(unknown.status == 404);
        CHECK(unknown.header("x-request-id").find('\t') == std::string::npos);
        CHECK_FALSE(unknown.header("x-request-id").empty());
        RawConnection ws(server.publicUrl());
        ws.send(rawUpgrade("/api/v1/notifications/ws"));
        const auto refused = ws.read();
        CHECK(refused.status == 401);
        CHECK_FALSE(refused.header("x-request-id").empty());
        CHECK(refused.header("x-content-type-options") == "nosniff");
    }
}

TEST_CASE("staff stock changes honour Idempotency-Key like orders and top-ups") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto staffLogin = uniqueName("stockboss");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto key = [](const std::string& value) {
        return lotok::http::Headers{{"Idempotency-Key", value}};
    };
    const auto name = uniqueName("Idem tea ");
    const json create = {{"name", name}, {"price", 25000}, {"count", 10}};
    const auto first = client.post("/api/v1/stock/positions", create, staff.token, key("create-1"));
    REQUIRE(first.status == 201);
    const auto again = client.post("/api/v1/stock/positions", create, staff.token, key("create-1"));
    CHECK(again.status == 201);
    CHECK(again.json()["id"] == first.json()["id"]);
    CHECK(again.header("idempotent-replayed") == std::optional<std::string_view>("true"));
    const auto positions = client.get("/api/v1/stock/positions?limit=500").json()["positions"];
    int named = 0;
    for (const auto& position : positions) {
        named += position["name"] == name ? 1 : 0;
    }
    CHECK(named == 1);
    auto other = create;
    other["count"] = 11;
    CHECK(errorCode(client.post("/api/v1/stock/positions", other, staff.token, key("create-1"))) ==
          "idempotency_key_reused");

    const auto id = first.json()["id"].get<std::int64_t>();
    const auto path = "/api/v1/stock/position/" + std::to_string(id);
    for (int i = 0; i < 3; ++i) {
        const auto received = client.post(path, {{"add", 10}}, staff.token, key("receive-1"));
        CHECK(received.status == 200);
        CHECK(received.json()["count"] == 20);
    }
    CHECK(client.count(id) == 20);
    CHECK(errorCode(client.post(path, {{"add", 5}}, staff.token, key("receive-1"))) ==
          "idempotency_key_reused");
    // A failed change keeps nothing of the key: the same key may try again.
    CHECK(errorCode(client.post(path, {{"add", -100}}, staff.token, key("writeoff-1"))) ==
          "insufficient_stock");
    CHECK(client.post(path, {{"add", -100}}, staff.token, key("writeoff-1")).status == 409);
    CHECK(client.count(id) == 20);
    // Without a key, a repeat is a new change.
    client.post(path, {{"add", 1}}, staff.token);
    client.post(path, {{"add", 1}}, staff.token);
    CHECK(client.count(id) == 22);
}

TEST_CASE("the session cookie is Secure when the server is served over HTTPS") {
    ConfigFile config("[server]\npublic_https = true\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("secure");
    const auto answer =
        client.post("/api/v1/login", {{"login", customer.login}, {"password", customer.password}});
    REQUIRE(answer.status == 200);
    const auto cookie = std::string(answer.header("set-cookie").value_or(""));
    CHECK(cookie.find("; Secure") != std::string::npos);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    LotokdProcess plain;
    TestClient plainClient(plain.publicUrl());
    const auto other = plainClient.registerCustomer("plain");
    const auto plainAnswer =
        plainClient.post("/api/v1/login", {{"login", other.login}, {"password", other.password}});
    CHECK(std::string(plainAnswer.header("set-cookie").value_or("")).find("Secure") ==
          std::string::npos);
}
