#include "http/RequestParser.h"

#include "http/HttpServer.h"

#include <catch2/catch.hpp>

using namespace lotok::http;

namespace {

// Feeds everything (in pieces of `step` bytes) and returns how much was used in all.
std::size_t feedInPieces(RequestParser& parser, std::string_view bytes, std::size_t step) {
    std::size_t used = 0;
    while (used < bytes.size() && parser.state() == RequestParser::State::NeedMore) {
        const auto piece = bytes.substr(used, std::min(step, bytes.size() - used));
        const auto taken = parser.feed(piece);
        used += taken;
        if (taken < piece.size()) {
            break;
        }
    }
    return used;
}

const std::string kPost = "POST /api/v1/order?x=1&y=2 HTTP/1.1\r\n"
                          "Host: localhost\r\n"
                          "Content-Type: application/json\r\n"
                          "X-Mixed-Case: Value\r\n"
                          "Content-Length: 13\r\n"
                          "\r\n"
                          "{\"items\": []}";

} // namespace

TEST_CASE("a request split anywhere parses to the same thing") {
    for (std::size_t step : {1UL, 2UL, 7UL, 64UL, 4096UL}) {
        RequestParser parser;
        CHECK(feedInPieces(parser, kPost, step) == kPost.size());
        REQUIRE(parser.state() == RequestParser::State::Complete);
        CHECK(parser.keepAlive());
        const auto request = parser.take();
        CHECK(request.method == "POST");
        CHECK(request.path == "/api/v1/order");
        CHECK(request.query == "x=1&y=2");
        CHECK(request.header("x-mixed-case") == std::optional<std::string_view>("Value"));
        CHECK(request.headers.size() == 4);
        CHECK(request.body == "{\"items\": []}");
        CHECK(parser.state() == RequestParser::State::NeedMore);
        CHECK_FALSE(parser.started());
    }
}

TEST_CASE("pipelined requests come out one at a time, in order") {
    const std::string two = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                            "GET /second HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    RequestParser parser;
    const auto used = parser.feed(two);
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(used < two.size());
    CHECK(parser.take().path == "/first");
    CHECK(parser.feed(std::string_view(two).substr(used)) == two.size() - used);
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK_FALSE(parser.keepAlive());
    CHECK(parser.take().path == "/second");
}

TEST_CASE("a chunked body is joined") {
    const std::string chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    RequestParser parser;
    CHECK(feedInPieces(parser, chunked, 3) == chunked.size());
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(parser.take().body == "hello world");
}

TEST_CASE("HTTP/1.0 closes unless it asks to keep alive") {
    RequestParser parser;
    parser.feed("GET / HTTP/1.0\r\n\r\n");
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK_FALSE(parser.keepAlive());
    RequestParser keeping;
    keeping.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    REQUIRE(keeping.state() == RequestParser::State::Complete);
    CHECK(keeping.keepAlive());
}

TEST_CASE("limits are enforced before anything large is buffered") {
    RequestParser::Limits limits;
    limits.maxTargetBytes = 100;
    limits.maxHeaderBytes = 1000;
    limits.maxBodyBytes = 50;

    // The status a request fails with when fed in pieces of `step` bytes; 0 if it did not.
    const auto failureStatus = [&](const std::string& request, std::size_t step) {
        RequestParser parser(limits);
        feedInPieces(parser, request, step);
        return parser.state() == RequestParser::State::Failed ? parser.failure().status : 0;
    };
    SECTION("a long target is 414") {
        CHECK(failureStatus("GET /" + std::string(200, 'a') + " HTTP/1.1\r\n\r\n", 4096) == 414);
    }
    SECTION("too many header bytes are 431") {
        std::string request = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 100; ++i) {
            request += "X-Header-" + std::to_string(i) + ": some value\r\n";
        }
        CHECK(failureStatus(request + "\r\n", 10) == 431);
    }
    SECTION("a declared length over the limit is 413 before the body arrives") {
        CHECK(failureStatus("POST / HTTP/1.1\r\nContent-Length: 51\r\n\r\n", 4096) == 413);
    }
    SECTION("a chunked body is counted as it arrives") {
        std::string request = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 10; ++i) {
            request += "a\r\n0123456789\r\n";
        }
        CHECK(failureStatus(request, 16) == 413);
    }
    SECTION("exactly at the limit is fine") {
        RequestParser parser(limits);
        parser.feed("POST / HTTP/1.1\r\nContent-Length: 50\r\n\r\n" + std::string(50, 'x'));
        CHECK(parser.state() == RequestParser::State::Complete);
    }
}

TEST_CASE("malformed requests fail with 400") {
    for (const std::string& bad : std::vector<std::string>{
             "NOT-A-METHOD / HTTP/1.1\r\n\r\n", "GET / FTP/1.1\r\n\r\n",
             "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
             "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
             "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
             std::string("GET /\0 HTTP/1.1\r\n\r\n", 20)}) {
        RequestParser parser;
        parser.feed(bad);
        INFO(bad);
        REQUIRE(parser.state() == RequestParser::State::Failed);
        CHECK(parser.failure().status == 400);
        CHECK_FALSE(parser.failure().message.empty());
    }
}

TEST_CASE("Expect: 100-continue is noticed after the headers, other expectations are 417") {
    RequestParser parser;
    parser.feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    CHECK(parser.state() == RequestParser::State::NeedMore);
    CHECK(parser.awaitsContinue());
    parser.continueSent();
    CHECK_FALSE(parser.awaitsContinue());
    parser.feed("body");
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(parser.take().body == "body");

    RequestParser other;
    other.feed("POST / HTTP/1.1\r\nExpect: something-else\r\nContent-Length: 4\r\n\r\n");
    REQUIRE(other.state() == RequestParser::State::Failed);
    CHECK(other.failure().status == 417);
}

TEST_CASE("an upgrade request completes at its headers") {
    const std::string upgrade = "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                "\r\n\x81\x80";
    RequestParser parser;
    const auto used = parser.feed(upgrade);
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(parser.upgrade());
    CHECK(used == upgrade.size() - 2);
}

TEST_CASE("answers carry their framing") {
    auto response = HttpResponse::json(200, {{"status", "ok"}});
    const auto keep = serializeResponse(response, true);
    CHECK(keep.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(keep.find("Content-Length: 15\r\n") != std::string::npos);
    CHECK(keep.find("Connection: keep-alive\r\n") != std::string::npos);
    CHECK(keep.find("\r\nDate: ") != std::string::npos);
    CHECK(keep.substr(keep.size() - 15) == R"({"status":"ok"})");

    const auto head = serializeResponse(response, false, /*headOnly=*/true);
    CHECK(head.find("Content-Length: 15\r\n") != std::string::npos);
    CHECK(head.find("Connection: close\r\n") != std::string::npos);
    CHECK(head.substr(head.size() - 4) == "\r\n\r\n");

    const auto empty = serializeResponse(HttpResponse::noContent(), true);
    CHECK(empty.rfind("HTTP/1.1 204 No Content\r\n", 0) == 0);
    CHECK(empty.find("Content-Length") == std::string::npos);

    // A handler cannot break the framing by setting its own.
    response.headers.emplace_back("Content-Length", "999");
    response.headers.emplace_back("Connection", "close");
    const auto framed = serializeResponse(response, true);
    CHECK(framed.find("999") == std::string::npos);
    CHECK(framed.find("Connection: close") == std::string::npos);
}
