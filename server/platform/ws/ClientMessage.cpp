#include "ws/ClientMessage.h"

#include "http/JsonInput.h"
#include "lotok/Validation.h"
#include "ws/WsFrame.h"

#include <nlohmann/json.hpp>

namespace lotok::ws {
namespace {

ClientMessage invalid(std::uint16_t code, std::string reason) {
    ClientMessage message;
    message.kind = ClientMessage::Kind::Invalid;
    message.closeCode = code;
    message.reason = std::move(reason);
    return message;
}

} // namespace

ClientMessage parseClientMessage(std::string_view text) {
    if (!validation::utf8Length(text)) {
        return invalid(close_code::kInvalidPayload, "text is not UTF-8");
    }
    // nlohmann's parser reads a raw NUL as the end of the input, so "{...}\0junk" would pass
    // as the object alone. No JSON text holds a raw NUL (inside strings it is escaped).
    if (text.find('\0') != std::string_view::npos) {
        return invalid(close_code::kInvalidPayload, "not a JSON message");
    }
    if (http::JsonInput::nestsTooDeep(text)) {
        return invalid(close_code::kInvalidPayload, "not a JSON message");
    }
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        return invalid(close_code::kInvalidPayload, "not a JSON message");
    }
    const auto type = json.find("type");
    if (type == json.end() || !type->is_string()) {
        return invalid(close_code::kInvalidPayload, "a message needs a string type");
    }
    if (type->get_ref<const std::string&>() != "resume") {
        return invalid(close_code::kPolicyViolation, "clients may only send resume");
    }
    const auto after = json.find("after");
    // Unsigned values above INT64_MAX are stored as unsigned and are out of range too.
    if (after == json.end() || !after->is_number_integer() ||
        (after->is_number_unsigned() && after->get<std::uint64_t>() > INT64_MAX) ||
        (!after->is_number_unsigned() && after->get<std::int64_t>() < 0)) {
        return invalid(close_code::kInvalidPayload, "resume needs after: a non-negative id");
    }
    ClientMessage message;
    message.kind = ClientMessage::Kind::Resume;
    message.after = after->is_number_unsigned()
                        ? static_cast<std::int64_t>(after->get<std::uint64_t>())
                        : after->get<std::int64_t>();
    return message;
}

} // namespace lotok::ws
