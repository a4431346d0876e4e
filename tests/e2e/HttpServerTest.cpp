// The HTTP front of a real lotokd, over raw sockets: more keep-alive clients than worker
// threads, pipelining, requests split into single bytes, refusals in the contract's shape,
// and the timeouts that free connections from idle or trickling clients.
#include "LotokdProcess.h"
#include "RawConnection.h"
#include "TestClient.h"

#include <Poco/URI.h>
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace lotok::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

std::string get(const std::string& path, const std::string& extraHeaders = {}) {
    return rawGet(path, extraHeaders);
}

// A server with few workers and short timeouts, so that the limits show quickly.
const char* const kTightConfig = "[server]\nhttp_threads = 4\nhttp_io_threads = 2\n"
                                 "keepalive_seconds = 2\nrequest_timeout_seconds = 2\n";

} // namespace

TEST_CASE("more keep-alive clients than workers are all answered, again and again") {
    ConfigFile config(kTightConfig);
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("keepalive");
    // 200 connections against 4 workers; each asks for something that needs the database
    // (a worker) three times over the same connection, all of them at once.
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < 200; ++i) {
        connections.push_back(std::make_unique<RawConnection>(server.publicUrl()));
    }
    const auto request = get("/api/v1/account", "Authorization: Bearer " + customer.token + "\r\n");
    int answered = 0;
    for (int round = 0; round < 3; ++round) {
        for (auto& connection : connections) {
            REQUIRE(connection->send(request));
        }
        for (auto& connection : connections) {
            const auto answer = connection->read();
            if (answer.status == 200 && json::parse(answer.body).value("balance", -1) == 0 &&
                answer.header("connection") == "keep-alive") {
                ++answered;
            }
        }
    }
    CHECK(answered == 600);
}

TEST_CASE("pipelined requests are answered in order on one connection") {
    LotokdProcess server;
    RawConnection connection(server.publicUrl());
    REQUIRE(connection.send(get("/healthz") + get("/api/v1/no-such-thing") + get("/readyz") +
                            get("/healthz", "Connection: close\r\n")));
    const auto first = connection.read();
    const auto second = connection.read();
    const auto third = connection.read();
    const auto fourth = connection.read();
    CHECK(first.status == 200);
    CHECK(json::parse(first.body) == json{{"status", "ok"}});
    CHECK(second.status == 404);
    CHECK(second.error().value("code", "") == "not_found");
    CHECK(third.status == 200);
    CHECK(json::parse(third.body).value("status", "") == "ready");
    CHECK(fourth.status == 200);
    CHECK(fourth.header("connection") == "close");
    CHECK(connection.closedWithin(2s));
}

TEST_CASE("a request that arrives one byte at a time is answered") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto body = json{{"login", uniqueName("bytes")}, {"password", "correct-horse-battery"},
                           {"email", "bytes@example.com"}, {"first_name", "Byte"},
                           {"last_name", "Wise"},          {"address", "Moscow"}}
                          .dump();
    const auto request = "POST /api/v1/register HTTP/1.1\r\nHost: localhost\r\n"
                         "Content-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body;
    RawConnection connection(server.publicUrl());
    for (char byte : request) {
        REQUIRE(connection.send(std::string_view(&byte, 1)));
    }
    const auto answer = connection.read();
    CHECK(answer.status == 201);
    CHECK(json::parse(answer.body).value("id", 0) > 0);
}

TEST_CASE("requests the server will not take are refused in the contract's shape") {
    LotokdProcess server;
    struct Case {
        std::string name;
        std::string request;
        int status;
        std::string code;
    };
    std::string manyHeaders = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < 1000; ++i) {
        manyHeaders += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'x') + "\r\n";
    }
    manyHeaders += "\r\n";
    const std::vector<Case> cases = {
        {"a 20 KB target", get("/api/v1/orders?" + std::string(20000, 'a')), 414,
         "invalid_request"},
        {"40 KB of headers", manyHeaders, 431, "invalid_request"},
        {"not HTTP at all", "HELLO THERE\r\n\r\n", 400, "invalid_request"},
        {"a broken header line", "GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n", 400,
         "invalid_request"},
        {"a body declared at 10 MB",
         "POST /api/v1/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: 10485760\r\n\r\n{",
         413, "payload_too_large"},
        {"an expectation nobody meets",
         "POST /api/v1/register HTTP/1.1\r\nHost: x\r\nExpect: a-miracle\r\n"
         "Content-Length: 2\r\n\r\n{}",
         417, "invalid_request"},
    };
    for (const auto& each : cases) {
        INFO(each.name);
        RawConnection connection(server.publicUrl());
        connection.send(each.request);
        const auto answer = connection.read();
        CHECK(answer.status == each.status);
        CHECK(answer.error().value("code", "") == each.code);
        CHECK_FALSE(answer.error().value("message", "").empty());
        CHECK(answer.header("connection") == "close");
        CHECK(connection.closedWithin(5s));
    }
    // The server is unharmed.
    RawConnection after(server.publicUrl());
    after.send(get("/healthz"));
    CHECK(after.read().status == 200);
}

TEST_CASE("Expect: 100-continue gets the go-ahead before the body is sent") {
    LotokdProcess server;
    RawConnection connection(server.publicUrl());
    const std::string body = R"({"login": "x"})";
    REQUIRE(connection.send("POST /api/v1/login HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                            "Content-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n"));
    CHECK(connection.read().status == 100);
    REQUIRE(connection.send(body));
    const auto answer = connection.read();
    CHECK(answer.status == 400);
    CHECK(answer.error().value("field", "") == "password");
}

TEST_CASE("HEAD and HTTP/1.0 are framed as their versions expect") {
    LotokdProcess server;
    {
        RawConnection connection(server.publicUrl());
        connection.send("GET /healthz HTTP/1.0\r\n\r\n");
        const auto answer = connection.read();
        CHECK(answer.status == 200);
        CHECK(answer.header("connection") == "close");
        CHECK(connection.closedWithin(2s));
    }
    {
        RawConnection connection(server.publicUrl());
        connection.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        CHECK(connection.read().header("connection") == "keep-alive");
        connection.send(get("/healthz"));
        CHECK(connection.read().status == 200);
    }
}

TEST_CASE("idle and trickling connections are closed, busy ones are not") {
    ConfigFile config(kTightConfig);
    LotokdProcess server(config.options());
    RawConnection idle(server.publicUrl());
    RawConnection trickling(server.publicUrl());
    RawConnection busy(server.publicUrl());
    const auto started = std::chrono::steady_clock::now();
    // A slow client that never finishes its headers: one byte every 300 ms.
    std::thread slowloris([&] {
        const std::string partial = "GET /healthz HTTP/1.1\r\nX-Slow: ";
        trickling.send(partial);
        for (int i = 0; i < 30; ++i) {
            std::this_thread::sleep_for(300ms);
            if (!trickling.send("a")) {
                return;
            }
        }
    });
    int busyAnswers = 0;
    while (std::chrono::steady_clock::now() - started < 4500ms) {
        busy.send(get("/healthz"));
        busyAnswers += busy.read().status == 200 ? 1 : 0;
        std::this_thread::sleep_for(500ms);
    }
    CHECK(idle.closedWithin(1s));
    CHECK(trickling.closedWithin(1s));
    slowloris.join();
    CHECK(busyAnswers >= 8);
    busy.send(get("/healthz"));
    CHECK(busy.read().status == 200);
}

TEST_CASE("the WebSocket handshake is checked before the socket is handed over") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("handshake");
    const auto upgrade = [&](const std::string& extraHeaders) {
        return get("/api/v1/notifications/ws", "Authorization: Bearer " + customer.token +
                                                   "\r\nConnection: Upgrade\r\n" + extraHeaders);
    };
    // The key and accept value of RFC 6455, section 1.3.
    const std::string goodHeaders = "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    {
        RawConnection connection(server.publicUrl());
        connection.send(upgrade(goodHeaders));
        const auto answer = connection.read();
        CHECK(answer.status == 101);
        CHECK(answer.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"another version", "Upgrade: websocket\r\nSec-WebSocket-Version: 8\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"},
        {"no key", "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"},
        {"another protocol", "Upgrade: h2c\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"},
    };
    for (const auto& [name, headers] : bad) {
        INFO(name);
        RawConnection connection(server.publicUrl());
        connection.send(upgrade(headers));
        const auto answer = connection.read();
        CHECK(answer.status == 400);
        CHECK(answer.error().value("code", "") == "invalid_request");
        CHECK(answer.error().value("message", "").find("handshake") != std::string::npos);
    }
    {
        // A frame sent before the 101 arrived breaks RFC 6455 (4.1): refused, not adopted.
        RawConnection connection(server.publicUrl());
        connection.send(upgrade(goodHeaders) + std::string("\x81\x80\x01\x02\x03\x04", 6));
        const auto answer = connection.read();
        CHECK(answer.status == 400);
        CHECK(answer.error().value("message", "").find("before the handshake") !=
              std::string::npos);
    }
}
