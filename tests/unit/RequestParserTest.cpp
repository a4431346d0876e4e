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
    const std::string chunked = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
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
        std::string request = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 100; ++i) {
            request += "X-Header-" + std::to_string(i) + ": some value\r\n";
        }
        CHECK(failureStatus(request + "\r\n", 10) == 431);
    }
    SECTION("a declared length over the limit is 413 before the body arrives") {
        CHECK(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 51\r\n\r\n", 4096) ==
              413);
    }
    SECTION("a chunked body is counted as it arrives") {
        std::string request = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int i = 0; i < 10; ++i) {
            request += "a\r\n0123456789\r\n";
        }
        CHECK(failureStatus(request, 16) == 413);
    }
    SECTION("exactly at the limit is fine") {
        RequestParser parser(limits);
        parser.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n" +
                    std::string(50, 'x'));
        CHECK(parser.state() == RequestParser::State::Complete);
    }
}

TEST_CASE("a route's own body limit is asked once the head is in") {
    RequestParser::Limits limits;
    limits.maxBodyBytes = 50;
    // As the HTTP server wires it: the router says 200 bytes for PUT .../picture.
    const auto parserFor = [&] {
        auto parser = std::make_unique<RequestParser>(limits);
        parser->setBodyLimit([](std::string_view method, std::string_view path) {
            return method == "PUT" && path == "/picture" ? std::size_t(200) : std::size_t(0);
        });
        return parser;
    };
    const auto status = [&](const std::string& request, std::size_t step) {
        auto parser = parserFor();
        feedInPieces(*parser, request, step);
        return parser->state() == RequestParser::State::Failed     ? parser->failure().status
               : parser->state() == RequestParser::State::Complete ? 200
                                                                   : 0;
    };
    const auto put = [](const std::string& path, std::size_t length) {
        return "PUT " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(length) +
               "\r\n\r\n" + std::string(length, 'x');
    };
    CHECK(status(put("/picture", 200), 7) == 200);
    CHECK(status(put("/picture", 201), 4096) == 413);
    CHECK(status(put("/other", 51), 4096) == 413); // every other route keeps the general one
    CHECK(status(put("/other", 50), 3) == 200);
    // Chunked: counted against the route's limit as it arrives.
    std::string chunked = "PUT /picture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 25; ++i) {
        chunked += "a\r\n0123456789\r\n"; // 250 bytes in all
    }
    CHECK(status(chunked + "0\r\n\r\n", 16) == 413);
    // A keep-alive connection's next request is judged by its own route.
    auto parser = parserFor();
    const auto both = put("/picture", 150) + put("/other", 60);
    const auto used = feedInPieces(*parser, both, 4096);
    REQUIRE(parser->state() == RequestParser::State::Complete);
    CHECK(parser->take().body.size() == 150);
    feedInPieces(*parser, std::string_view(both).substr(used), 4096);
    CHECK(parser->state() == RequestParser::State::Failed);
    CHECK(parser->failure().status == 413);
}

TEST_CASE("malformed requests fail with 400") {
    for (const std::string& bad : std::vector<std::string>{
             "NOT-A-METHOD / HTTP/1.1\r\n\r\n", "GET / FTP/1.1\r\n\r\n",
             "GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n",
             "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
             "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
             std::string("GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n", 29)}) {
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
    parser.feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    CHECK(parser.state() == RequestParser::State::NeedMore);
    CHECK(parser.awaitsContinue());
    parser.continueSent();
    CHECK_FALSE(parser.awaitsContinue());
    parser.feed("body");
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(parser.take().body == "body");

    RequestParser other;
    other.feed("POST / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\nContent-Length: 4\r\n\r\n");
    REQUIRE(other.state() == RequestParser::State::Failed);
    CHECK(other.failure().status == 417);
}

TEST_CASE("an upgrade request completes at its headers") {
    const std::string upgrade =
        "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
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

TEST_CASE("what a proxy in front could read otherwise is refused (RFC 9112)") {
    struct Case {
        std::string name;
        std::string request;
        int status;
    };
    const std::vector<Case> cases = {
        {"space before the colon", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 2\r\n\r\n{}",
         400},
        {"tab before the colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400},
        {"two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400},
        {"no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400},
        {"a folded line", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\t2\r\n\r\n", 400},
        {"a folded first header", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400},
        {"chunked, chunked",
         "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400},
        {"chunked twice",
         "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
         "chunked\r\n\r\n",
         400},
        {"gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
        {"chunked in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"length and chunked",
         "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
         400},
        {"two equal lengths",
         "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", 400},
        {"HTTP/9.9", "GET / HTTP/9.9\r\nHost: a\r\n\r\n", 505},
        {"HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
        {"a lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400},
        {"HTTP/0.9", "GET /\r\n\r\n", 400},
        {"a bare LF", "GET / HTTP/1.1\nHost: a\n\n", 400},
        {"a bare CR", "GET / HTTP/1.1\rHost: a\r\n\r\n", 400},
        {"two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"a raw byte above 0x7E in the target", "GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"a target that is not a path", "GET example.com HTTP/1.1\r\nHost: a\r\n\r\n", 400},
        {"a NUL in a value", std::string("GET / HTTP/1.1\r\nHost: a\0\r\n\r\n", 27), 400},
        {"a control character in a value", "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400},
        {"a name that is not a token", "GET / HTTP/1.1\r\nHost: a\r\nX(A): 1\r\n\r\n", 400},
        {"an empty name", "GET / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n", 400},
    };
    for (const auto& each : cases) {
        for (std::size_t step : {1UL, 4096UL}) {
            INFO(each.name << " in pieces of " << step);
            RequestParser parser;
            feedInPieces(parser, each.request, step);
            REQUIRE(parser.state() == RequestParser::State::Failed);
            CHECK(parser.failure().status == each.status);
        }
    }
}

TEST_CASE("the head limits count every byte and every line") {
    RequestParser::Limits limits;
    limits.maxHeaderBytes = 1000;
    limits.maxHeaderCount = 20;
    // Small headers: few name and value bytes, but every line counts.
    std::string small = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 300; ++i) {
        small += "a:\r\n";
    }
    RequestParser bytes(limits);
    feedInPieces(bytes, small + "\r\n", 64);
    CHECK(bytes.failure().status == 431);
    std::string many = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 20; ++i) {
        many += "X-" + std::to_string(i) + ": 1\r\n";
    }
    RequestParser count(limits);
    feedInPieces(count, many + "\r\n", 4096);
    CHECK(count.failure().status == 431);
    // An over-long target is 414 before its line ends.
    RequestParser target;
    feedInPieces(target, "GET /" + std::string(9000, 'a'), 512);
    CHECK(target.state() == RequestParser::State::Failed);
    CHECK(target.failure().status == 414);
}

TEST_CASE("a chunk over the body limit is refused at its size line") {
    RequestParser::Limits limits;
    limits.maxBodyBytes = 50;
    RequestParser parser(limits);
    parser.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n33\r\n");
    REQUIRE(parser.state() == RequestParser::State::Failed);
    CHECK(parser.failure().status == 413);
    RequestParser fits(limits);
    fits.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n");
    CHECK(fits.state() == RequestParser::State::NeedMore);
}

TEST_CASE("an empty line before a request is ignored, and HTTP/1.0 needs no Host") {
    RequestParser parser;
    const std::string request = "\r\n\r\nGET /x HTTP/1.0\r\n\r\n";
    CHECK(parser.feed(request) == request.size());
    REQUIRE(parser.state() == RequestParser::State::Complete);
    CHECK(parser.take().path == "/x");
}
