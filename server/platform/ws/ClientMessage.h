#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lotok::ws {

// One text message a client sent on a push socket, validated. The socket is a push channel:
// the only thing a client may say is {"type": "resume", "after": ID}. Anything else is a
// client bug or an attack, and the connection is closed with the code RFC 6455 names for it.
struct ClientMessage {
    enum class Kind { Resume, Invalid };
    Kind kind = Kind::Invalid;
    std::int64_t after = 0;      // Resume: send what came after this notification id
    std::uint16_t closeCode = 0; // Invalid: close the connection with this code
    std::string reason;          // Invalid: said in the close frame (short, ASCII)
};

// Never throws, whatever the bytes: invalid UTF-8 is 1007, text that is not the JSON of a
// message is 1007, a well-formed message of a type the server does not take is 1008.
ClientMessage parseClientMessage(std::string_view text);

} // namespace lotok::ws
