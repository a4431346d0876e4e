#include "http/JsonInput.h"

#include "http/ApiError.h"

#include <catch2/catch.hpp>

using lotok::ErrorCode;
using lotok::http::ApiError;
using lotok::http::JsonInput;

namespace {

// The field an input error names ("" when it names none).
template <typename Call> std::string failingField(Call call) {
    try {
        call();
    } catch (const ApiError& error) {
        REQUIRE(error.code() == ErrorCode::InvalidRequest);
        return error.field().value_or("");
    }
    FAIL("no error was raised");
    return {};
}

} // namespace

TEST_CASE("bodies must be JSON objects") {
    CHECK(failingField([] { JsonInput::parse("{"); }) == "");
    CHECK(failingField([] { JsonInput::parse("[1,2]"); }) == "");
    CHECK(failingField([] { JsonInput::parse("\"text\""); }) == "");
    CHECK(JsonInput::parse("{\"a\":1}").has("a"));
}

TEST_CASE("integers are integers: no strings, floats or out-of-range values") {
    const auto body = JsonInput::parse(
        R"({"n": 5, "s": "5", "f": 5.5, "whole": 5.0, "big": 18446744073709551615, "nul": null})");
    CHECK(body.requireInt64("n") == 5);
    CHECK(failingField([&] { body.requireInt64("s"); }) == "s");
    CHECK(failingField([&] { body.requireInt64("f"); }) == "f");
    CHECK(failingField([&] { body.requireInt64("whole"); }) == "whole");
    CHECK(failingField([&] { body.requireInt64("big"); }) == "big");
    CHECK(failingField([&] { body.requireInt64("missing"); }) == "missing");
    CHECK(failingField([&] { body.requireInt64("nul"); }) == "nul");
    CHECK_FALSE(body.optionalInt64("nul"));
}

TEST_CASE("strings are strings") {
    const auto body = JsonInput::parse(R"({"s": "x", "n": 1, "o": {}})");
    CHECK(body.requireString("s") == "x");
    CHECK(failingField([&] { body.requireString("n"); }) == "n");
    CHECK(failingField([&] { body.requireString("o"); }) == "o");
}

TEST_CASE("array elements are named by their index") {
    const auto body = JsonInput::parse(R"({"items": [{"count": 1}, {"count": "two"}], "x": 3})");
    const auto items = body.requireObjectArray("items");
    REQUIRE(items.size() == 2);
    CHECK(items[0].requireInt64("count") == 1);
    CHECK(failingField([&] { items[1].requireInt64("count"); }) == "items[1].count");
    CHECK(failingField([&] { body.requireObjectArray("x"); }) == "x");
    const auto mixed = JsonInput::parse(R"({"items": [1]})");
    CHECK(failingField([&] { mixed.requireObjectArray("items"); }) == "items[0]");
}

TEST_CASE("a raw NUL ends no body early: bytes after the value are an error") {
    CHECK(failingField([] { JsonInput::parse(std::string("{\"a\":1}\0{\"a\":2}", 15)); }) == "");
    CHECK(failingField([] { JsonInput::parse(std::string("{\"a\":1}\0", 8)); }) == "");
    CHECK(failingField([] { JsonInput::parse("{\"a\":1} {\"a\":2}"); }) == "");
    CHECK(JsonInput::parse("{\"a\":1} \r\n").requireInt64("a") == 1);
}

TEST_CASE("text fields refuse control characters, escaped or not") {
    for (const auto& body :
         {R"({"name":"a\u0000b"})", R"({"name":"a\u0001"})", R"({"name":"line\nbreak"})",
          R"({"name":"\u007f"})", R"({"name":"tab\t"})", R"({"name":"\u001b[31m"})"}) {
        INFO(body);
        const auto input = JsonInput::parse(body);
        CHECK(failingField([&] { input.requireString("name"); }) == "name");
    }
    // Beyond ASCII is fine.
    CHECK(JsonInput::parse(R"({"name":"Чай €"})").requireString("name") == "Чай €");
}

TEST_CASE("bodies nest at most 64 levels, and the scan is not fooled by strings") {
    const auto nested = [](int depth) {
        return "{\"a\":" + std::string(static_cast<std::size_t>(depth - 1), '[') + "1" +
               std::string(static_cast<std::size_t>(depth - 1), ']') + "}";
    };
    CHECK_NOTHROW(JsonInput::parse(nested(64)));
    CHECK(failingField([&] { JsonInput::parse(nested(65)); }) == "");
    CHECK(failingField([&] { JsonInput::parse(nested(30000)); }) == "");
    CHECK(JsonInput::nestsTooDeep(std::string(100, '[')));
    CHECK_FALSE(JsonInput::nestsTooDeep("{\"a\":\"" + std::string(100, '[') + "\\\"[\"}"));
}
