// W3C traceparent as a client may send it: only a well-formed one is kept (and only its
// version-00 form is passed on); anything else is dropped before it is logged or forwarded.
#include "log/RequestScope.h"

#include <catch2/catch.hpp>

using lotok::log::parseTraceparent;

namespace {
const std::string kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string kParent = "00f067aa0ba902b7";
} // namespace

TEST_CASE("a well-formed traceparent is kept as version 00") {
    CHECK(parseTraceparent("00-" + kTrace + "-" + kParent + "-01") ==
          "00-" + kTrace + "-" + kParent + "-01");
    // A later version may carry more fields after a dash; we keep what we understand.
    CHECK(parseTraceparent("01-" + kTrace + "-" + kParent + "-00-extra") ==
          "00-" + kTrace + "-" + kParent + "-00");
}

TEST_CASE("a malformed traceparent is dropped") {
    const std::vector<std::string> bad = {
        "",
        "garbage",
        "00-" + kTrace + "-" + kParent,                       // no flags
        "00-" + kTrace + "-" + kParent + "-01-extra",         // version 00 has exactly four fields
        "01-" + kTrace + "-" + kParent + "-01x",              // a later version, no dash after
        "ff-" + kTrace + "-" + kParent + "-01",               // version ff is invalid
        "00-" + std::string(32, '0') + "-" + kParent + "-01", // all-zero trace id
        "00-" + kTrace + "-" + std::string(16, '0') + "-01",  // all-zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + kParent + "-01", // upper case
        "00-" + kTrace + "-" + kParent + "-0g",                   // not hex
        "00_" + kTrace + "-" + kParent + "-01",                   // wrong separator
        "00-" + kTrace + "-" + kParent + "-01\r\nX-Evil: 1",      // header injection
        "00-" + kTrace.substr(0, 31) + std::string(1, '\0') + "-" + kParent + "-01", // NUL
    };
    for (const auto& text : bad) {
        INFO(text);
        CHECK(parseTraceparent(text).empty());
    }
}
