#include "ws/ClientMessage.h"

#include "ws/WsFrame.h"

#include <catch2/catch.hpp>

using namespace lotok::ws;

TEST_CASE("a resume is the one message a client may send") {
    auto message = parseClientMessage(R"({"type":"resume","after":42,"extra":true})");
    REQUIRE(message.kind == ClientMessage::Kind::Resume);
    CHECK(message.after == 42);
    CHECK(parseClientMessage(R"({"type":"resume","after":0})").after == 0);
    CHECK(parseClientMessage(R"({"type":"resume","after":9223372036854775807})").after ==
          INT64_MAX);
}

TEST_CASE("every other message is refused with the close code for its fault, never thrown") {
    const std::vector<std::pair<std::string, std::uint16_t>> cases = {
        {R"({"type":5})", close_code::kInvalidPayload},
        {R"({"type":null})", close_code::kInvalidPayload},
        {R"({"type":[]})", close_code::kInvalidPayload},
        {R"({"type":{}})", close_code::kInvalidPayload},
        {R"({"type":true})", close_code::kInvalidPayload},
        {R"({})", close_code::kInvalidPayload},
        {"", close_code::kInvalidPayload},
        {"null", close_code::kInvalidPayload},
        {"[]", close_code::kInvalidPayload},
        {"{", close_code::kInvalidPayload},
        {"\xff", close_code::kInvalidPayload},
        {std::string("{\"type\":\"resume\",\"after\":1}\0", 28), close_code::kInvalidPayload},
        {R"({"type":"resume","after":-1})", close_code::kInvalidPayload},
        {R"({"type":"resume","after":9223372036854775808})", close_code::kInvalidPayload},
        {R"({"type":"resume","after":1e3})", close_code::kInvalidPayload},
        {R"({"type":"resume","after":"1"})", close_code::kInvalidPayload},
        {R"({"type":"resume","after":null})", close_code::kInvalidPayload},
        {R"({"type":"resume"})", close_code::kInvalidPayload},
        {R"({"type":"RESUME","after":1})", close_code::kPolicyViolation},
        {R"({"type":"ping"})", close_code::kPolicyViolation},
    };
    for (const auto& [text, code] : cases) {
        INFO(text);
        const auto message = parseClientMessage(text);
        CHECK(message.kind == ClientMessage::Kind::Invalid);
        CHECK(message.closeCode == code);
        CHECK_FALSE(message.reason.empty());
        CHECK(message.reason.size() <= 120);
    }
}
