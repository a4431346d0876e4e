#include "lotok/Validation.h"

#include "lotok/Limits.h"

#include <catch2/catch.hpp>
#include <string>

using namespace lotok;

TEST_CASE("logins are 3 to 32 plain characters") {
    CHECK_FALSE(validation::login("alice_01"));
    CHECK(validation::login("al"));
    CHECK(validation::login(std::string(33, 'a')));
    CHECK(validation::login("alice smith"));
    CHECK(validation::login("алиса"));
}

TEST_CASE("passwords are 8 to 128 characters, counted as code points") {
    CHECK_FALSE(validation::password("12345678"));
    CHECK(validation::password("1234567"));
    CHECK_FALSE(validation::password("пароль12")); // 8 code points, 14 bytes
    CHECK(validation::password(std::string(129, 'x')));
}

TEST_CASE("emails need one @ and a dotted domain") {
    CHECK_FALSE(validation::email("a@example.com"));
    CHECK(validation::email("a@example"));
    CHECK(validation::email("@example.com"));
    CHECK(validation::email("a@b@c.com"));
    CHECK(validation::email("a @example.com"));
}

TEST_CASE("text fields reject blanks, control characters and bad UTF-8") {
    CHECK_FALSE(validation::address("Moscow, Tverskaya 1"));
    CHECK(validation::address(""));
    CHECK(validation::address("   "));
    CHECK(validation::address("line\nbreak"));
    CHECK(validation::address(std::string("\xff\xfe", 2)));
    CHECK(validation::address(std::string(501, 'a')));
    CHECK_FALSE(validation::personName("Анна"));
}

TEST_CASE("amounts and counts stay within the contract's ranges") {
    CHECK_FALSE(validation::amount(1));
    CHECK_FALSE(validation::amount(1'000'000'000'000));
    CHECK(validation::amount(0));
    CHECK(validation::amount(-5));
    CHECK(validation::amount(1'000'000'000'001));
    CHECK_FALSE(validation::orderCount(1'000'000));
    CHECK(validation::orderCount(0));
    CHECK(validation::orderCount(1'000'001));
    CHECK_FALSE(validation::stockCount(0));
    CHECK(validation::stockAdjustment(0));
    CHECK_FALSE(validation::stockAdjustment(-3));
}

TEST_CASE("phones are optional but sane") {
    CHECK_FALSE(validation::phone(""));
    CHECK_FALSE(validation::phone("+7 (900) 123-45-67"));
    CHECK(validation::phone("call me"));
    CHECK(validation::phone("123"));
}

TEST_CASE("text is strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF") {
    using lotok::validation::utf8Length;
    CHECK(utf8Length("Чай €") == 5u);
    CHECK(utf8Length("\xf0\x9f\x8d\xb5") == 1u); // U+1F375
    CHECK(utf8Length("\xed\x9f\xbf") == 1u);     // U+D7FF, the last before the surrogates
    CHECK(utf8Length("\xf4\x8f\xbf\xbf") == 1u); // U+10FFFF
    for (const auto* bad :
         {"\xc0\xaf", "\xe0\x80\xaf", "\xe0\x9f\xbf", "\xf0\x80\x80\xaf", "\xed\xa0\x80",
          "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xe2\x82"}) {
        INFO(bad);
        CHECK(utf8Length(bad) == std::nullopt);
    }
}

TEST_CASE("descriptions are plain text with lines, category names a single line") {
    using namespace lotok::validation;
    CHECK_FALSE(description(""));
    CHECK_FALSE(description("Two lines.\nAnd a blank one:\n\nend."));
    CHECK(description("a\r\nb"));
    CHECK(description("tab\there"));
    CHECK(description(std::string("nul\0", 4)));
    CHECK(description("\x7f"));
    CHECK(description("\xff"));
    CHECK_FALSE(description(std::string(lotok::limits::kDescriptionMax, 'x')));
    CHECK(description(std::string(lotok::limits::kDescriptionMax + 1, 'x')));
    std::string cyrillic;
    for (std::size_t i = 0; i < lotok::limits::kDescriptionMax; ++i) {
        cyrillic += "ж"; // two bytes each: the limit counts code points
    }
    CHECK_FALSE(description(cyrillic));
    CHECK_FALSE(categoryName("Чай"));
    CHECK(categoryName(""));
    CHECK(categoryName("  "));
    CHECK(categoryName("a\nb"));
    CHECK(categoryName(std::string(lotok::limits::kCategoryNameMax + 1, 'x')));
}
