// The request bodies of the routes: each route's fields, read with http::JsonInput and
// checked with the shared lotok::validation rules, as the services' Api layers do before
// they touch the database. The input is a body; every route's fields are decoded from it.
// Checked: no crash or sanitizer report (the validators see arbitrary UTF-8, lengths and
// numbers); the only exception is ApiError invalid_request; and a text field that passes
// its rule is valid UTF-8 without control characters (issue 10: a NUL in a login got past
// the rate limiter), so nothing downstream ever stores or compares such bytes; passwords
// only need to be UTF-8. The raw input also goes to validation::utf8Length, which must
// agree with a strict decoder (RFC 3629: no overlong forms, surrogates or code points
// above U+10FFFF), since paths and headers reach it without passing a JSON parser first.
#include "FuzzSupport.h"
#include "http/ApiError.h"
#include "http/JsonInput.h"
#include "lotok/Limits.h"
#include "lotok/Validation.h"

#include <set>
#include <string>

namespace {

using lotok::http::ApiError;
using lotok::http::JsonInput;
using lotok::validation::Problem;
namespace validation = lotok::validation;

using TextRule = Problem (*)(std::string_view);
using NumberRule = Problem (*)(std::int64_t);

Problem positiveId(std::int64_t value) {
    return value > 0 ? Problem() : Problem("must be a positive integer");
}

enum class Kind { Text, Number, Items };

struct Field {
    const char* name;
    Kind kind;
    bool required;
    TextRule text = nullptr;     // Kind::Text; nullptr: any string (checked where it is used)
    NumberRule number = nullptr; // Kind::Number
    bool secret = false;         // a password: any UTF-8 is allowed
};

struct Route {
    const char* route;
    std::vector<Field> fields;
};

Field text(const char* name, TextRule rule, bool required = true) {
    return {name, Kind::Text, required, rule, nullptr};
}
Field number(const char* name, NumberRule rule, bool required = true) {
    return {name, Kind::Number, required, nullptr, rule};
}
Field password() {
    return {"password", Kind::Text, true, &validation::password, nullptr, true};
}

// Route by route, the fields their handlers read (server/services/*/...Api.cpp, and
// UserService::registerUser/updateProfile, OrderApi's validatedItems).
const std::vector<Route>& routes() {
    static const std::vector<Route> table = {
        {"POST /api/v1/login", {text("login", nullptr), text("password", nullptr)}},
        {"POST /api/v1/register",
         {text("login", &validation::login), password(), text("email", &validation::email),
          text("first_name", &validation::personName), text("last_name", &validation::personName),
          text("phone", &validation::phone, false), text("address", &validation::address)}},
        {"POST /api/v1/user/profile",
         {text("email", &validation::email, false),
          text("first_name", &validation::personName, false),
          text("last_name", &validation::personName, false),
          text("phone", &validation::phone, false), text("address", &validation::address, false)}},
        {"POST /api/v1/user/password",
         {{"old_password", Kind::Text, true, nullptr, nullptr, true},
          {"new_password", Kind::Text, true, &validation::password, nullptr, true}}},
        {"POST /internal/api/v1/register",
         {number("user_id", &positiveId), text("login", &validation::login), password(),
          text("role", nullptr, false)}},
        {"POST /api/v1/account", {number("amount", &validation::amount)}},
        {"POST /internal/api/v1/payment",
         {number("user_id", &positiveId), number("order_id", &positiveId),
          number("amount", &validation::amount)}},
        {"POST /api/v1/order", {{"items", Kind::Items, true}}},
        {"POST /api/v1/stock/positions",
         {text("name", &validation::positionName), number("price", &validation::price),
          number("count", &validation::stockCount, false)}},
        {"POST /api/v1/stock/position/{id}",
         {text("name", &validation::positionName, false),
          number("price", &validation::price, false),
          number("add", &validation::stockAdjustment, false)}},
        {"POST /api/v1/stock/position/{id}/reserve",
         {number("order_id", &positiveId), number("count", &validation::orderCount)}},
        {"POST /api/v1/order/sent", {number("order_id", &positiveId)}},
        {"POST /internal/api/v1/delivery/cancel",
         {number("order_id", &positiveId), number("user_id", &positiveId)}},
        {"POST /internal/api/v1/stock/reserve",
         {number("order_id", &positiveId), {"items", Kind::Items, true}}},
        {"POST /internal/api/v1/stock/release", {number("order_id", &positiveId)}},
    };
    return table;
}

void checkAcceptedText(std::string_view value, bool secret) {
    FUZZ_CHECK(lotok::fuzz::strictUtf8Length(value).has_value());
    if (secret) {
        return;
    }
    for (unsigned char c : value) {
        FUZZ_CHECK(c >= 0x20 && c != 0x7F);
    }
}

void rejectIf(const std::string& field, const Problem& problem) {
    if (problem) {
        throw ApiError::invalid(field, field + " " + *problem);
    }
}

// The rules of the order's items (OrderApi's validatedItems; Stock's reserve of a whole
// order reads the same shape).
void decodeItems(const JsonInput& body) {
    const auto entries = body.requireObjectArray("items");
    rejectIf("items", entries.empty() ? Problem("needs at least one item") : Problem());
    rejectIf("items",
             entries.size() > lotok::limits::kMaxOrderItems ? Problem("too many") : Problem());
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto field = "items[" + std::to_string(i) + "]";
        const auto id = entries[i].requireInt64("position_id");
        rejectIf(field + ".position_id", positiveId(id));
        rejectIf(field + ".count", validation::orderCount(entries[i].requireInt64("count")));
        rejectIf(field + ".position_id", seen.insert(id).second ? Problem() : Problem("twice"));
    }
}

void decode(const JsonInput& body, const Route& route) {
    for (const auto& field : route.fields) {
        switch (field.kind) {
        case Kind::Text: {
            auto value = field.required ? std::optional(body.requireString(field.name))
                                        : body.optionalString(field.name);
            if (value && field.text) {
                rejectIf(field.name, field.text(*value));
                checkAcceptedText(*value, field.secret);
            }
            break;
        }
        case Kind::Number: {
            auto value = field.required ? std::optional(body.requireInt64(field.name))
                                        : body.optionalInt64(field.name);
            if (value) {
                rejectIf(field.name, field.number(*value));
            }
            break;
        }
        case Kind::Items:
            decodeItems(body);
            break;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto bytes = lotok::fuzz::bytesOf(data, size);
    FUZZ_CHECK(validation::utf8Length(bytes) == lotok::fuzz::strictUtf8Length(bytes));
    std::optional<JsonInput> body;
    try {
        body = JsonInput::parse(bytes);
    } catch (const ApiError&) {
        return 0; // JsonInput's own target covers bodies that are not objects
    }
    for (const auto& route : routes()) {
        try {
            decode(*body, route);
        } catch (const ApiError& error) {
            FUZZ_CHECK(error.code() == lotok::ErrorCode::InvalidRequest && error.field());
        }
    }
    return 0;
}
