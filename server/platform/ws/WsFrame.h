#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// RFC 6455 framing for the server side: frames out are unmasked, frames in must be masked.
namespace lotok::ws {

enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001; // server shutdown
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kPolicyViolation = 1008; // session revoked
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kTryAgainLater = 1013; // too slow a reader
} // namespace close_code

std::string encodeFrame(Opcode opcode, std::string_view payload);
std::string encodeClose(std::uint16_t code, std::string_view reason);

struct Frame {
    bool fin = true;
    Opcode opcode = Opcode::Text;
    std::string payload;
};

enum class ParseStatus { Complete, NeedMore, ProtocolError, TooBig };

// Takes one frame off the front of `buffer` when it is all there.
ParseStatus parseClientFrame(std::string& buffer, Frame& frame, std::size_t maxPayload);

} // namespace lotok::ws
