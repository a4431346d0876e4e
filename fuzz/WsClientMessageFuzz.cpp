// lotok::ws::parseClientMessage, which judges every text message a signed-in client sends
// on a push socket (issue 10: {"type":5} used to abort lotokd on the hub's loop). The input
// is one message. Checked: it never throws, whatever the bytes; a refusal carries a close
// code RFC 6455 names for it (1003, 1007, 1008) and a short ASCII reason that fits a close
// frame; text that is not strict UTF-8 is 1007; a resume is exactly the JSON object
// {"type": "resume", "after": N} with N a non-negative 64-bit id.
#include "FuzzSupport.h"
#include "ws/ClientMessage.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using lotok::ws::ClientMessage;
    const auto text = lotok::fuzz::bytesOf(data, size);
    const ClientMessage message = lotok::ws::parseClientMessage(text);
    if (message.kind == ClientMessage::Kind::Invalid) {
        FUZZ_CHECK(message.closeCode == 1003 || message.closeCode == 1007 ||
                   message.closeCode == 1008);
        FUZZ_CHECK(!message.reason.empty() && message.reason.size() <= 123);
        for (unsigned char c : message.reason) {
            FUZZ_CHECK(c >= 0x20 && c < 0x7f);
        }
        if (!lotok::fuzz::strictUtf8Length(text)) {
            FUZZ_CHECK(message.closeCode == 1007);
        }
        return 0;
    }
    FUZZ_CHECK(message.kind == ClientMessage::Kind::Resume);
    FUZZ_CHECK(message.after >= 0);
    FUZZ_CHECK(lotok::fuzz::strictUtf8Length(text).has_value());
    FUZZ_CHECK(text.find('\0') == std::string_view::npos);
    const auto json = nlohmann::json::parse(text, nullptr, false);
    FUZZ_CHECK(json.is_object() && json.at("type") == "resume");
    FUZZ_CHECK(json.at("after").is_number_integer() && json.at("after") == message.after);
    return 0;
}
