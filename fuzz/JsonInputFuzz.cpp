// http::JsonInput, which turns every request body into typed fields. The input is a body;
// every accessor is asked for every key it has (and for keys it lacks), inside arrays of
// objects too. Checked: no crash or sanitizer report; the only exception is ApiError
// invalid_request, naming the field asked for; a value handed out is exactly the JSON one;
// the error turns into the contract's body.
#include "FuzzSupport.h"
#include "http/ApiError.h"
#include "http/HttpMessage.h"
#include "http/JsonInput.h"

#include <functional>
#include <string>

namespace {

using lotok::http::ApiError;
using lotok::http::JsonInput;

// Runs one accessor: it either succeeds or throws the contract's error naming `field` (or
// one element of it: "items[2]").
bool attempt(const std::string& field, const std::function<void()>& access) {
    try {
        access();
        return true;
    } catch (const ApiError& error) {
        FUZZ_CHECK(error.code() == lotok::ErrorCode::InvalidRequest);
        FUZZ_CHECK(error.field() &&
                   (*error.field() == field || error.field()->rfind(field + "[", 0) == 0));
        const auto response = error.toResponse();
        FUZZ_CHECK(response.status == 400);
        const auto body = nlohmann::json::parse(response.body);
        FUZZ_CHECK(body.at("error").at("field") == *error.field());
        return false;
    }
}

void exercise(const JsonInput& input, const std::string& prefix, int depth) {
    std::vector<std::string> names = {"login", "amount", "items", "", "missing"};
    for (const auto& [name, value] : input.raw().items()) {
        names.push_back(name);
    }
    for (const auto& name : names) {
        const auto field = prefix.empty() ? name : prefix + "." + name;
        const auto* value = input.raw().contains(name) && !input.raw()[name].is_null()
                                ? &input.raw()[name]
                                : nullptr;
        FUZZ_CHECK(input.has(name) == (value != nullptr));
        attempt(field, [&] {
            const auto text = input.optionalString(name);
            FUZZ_CHECK(text.has_value() == (value != nullptr));
            FUZZ_CHECK(!text || (value->is_string() && *text == value->get<std::string>()));
        });
        attempt(field, [&] {
            const auto text = input.requireString(name); // throws first when there is no value
            FUZZ_CHECK(text == value->get<std::string>());
        });
        attempt(field, [&] {
            const auto number = input.optionalInt64(name);
            FUZZ_CHECK(number.has_value() == (value != nullptr));
            FUZZ_CHECK(!number || (value->is_number_integer() && *value == *number));
        });
        attempt(field, [&] {
            const auto number = input.requireInt64(name);
            FUZZ_CHECK(*value == number);
        });
        attempt(field, [&] {
            const auto elements = input.requireObjectArray(name);
            FUZZ_CHECK(value->is_array() && elements.size() == value->size());
            if (depth < 3) {
                for (std::size_t i = 0; i < elements.size() && i < 8; ++i) {
                    exercise(elements[i], field + "[" + std::to_string(i) + "]", depth + 1);
                }
            }
        });
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = lotok::fuzz::bytesOf(data, size);
    try {
        const auto input = JsonInput::parse(body);
        FUZZ_CHECK(input.raw().is_object());
        exercise(input, "", 0);
    } catch (const ApiError& error) {
        FUZZ_CHECK(error.code() == lotok::ErrorCode::InvalidRequest);
        FUZZ_CHECK(!error.field());
        error.toResponse();
    }
    return 0;
}
