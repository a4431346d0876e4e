#include "lotok/Money.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

using namespace lotok;

TEST_CASE("money arithmetic refuses to overflow") {
    CHECK(money::add(1, 2) == 3);
    CHECK_FALSE(money::add(std::numeric_limits<std::int64_t>::max(), 1));
    CHECK(money::multiply(25000, 3) == 75000);
    CHECK_FALSE(money::multiply(1'000'000'000'000, 100'000'000));
}

TEST_CASE("money prints as a decimal with two places") {
    CHECK(money::toDecimalString(100000) == "1000.00");
    CHECK(money::toDecimalString(5) == "0.05");
    CHECK(money::toDecimalString(-150) == "-1.50");
    CHECK(money::toDecimalString(std::numeric_limits<std::int64_t>::min()) ==
          "-92233720368547758.08");
}

TEST_CASE("money parses what people type") {
    CHECK(money::parseDecimal("1000") == 100000);
    CHECK(money::parseDecimal("1000.5") == 100050);
    CHECK(money::parseDecimal("1000,55") == 100055);
    CHECK(money::parseDecimal("0.01") == 1);
    CHECK_FALSE(money::parseDecimal(""));
    CHECK_FALSE(money::parseDecimal("1.234"));
    CHECK_FALSE(money::parseDecimal("-5"));
    CHECK_FALSE(money::parseDecimal("1e5"));
    CHECK_FALSE(money::parseDecimal(".5"));
    CHECK_FALSE(money::parseDecimal("99999999999999999999"));
}
