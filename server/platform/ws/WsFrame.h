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
inline constexpr std::uint16_t kUnsupportedData = 1003; // a binary message
inline constexpr std::uint16_t kInvalidPayload = 1007;  // text that is not UTF-8 or JSON
inline constexpr std::uint16_t kPolicyViolation = 1008; // session revoked, unknown message
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;
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

// Takes one frame off the front of `buffer` when it is all there. ProtocolError for what
// RFC 6455 5.2 and 5.5 forbid: reserved bits or opcodes, an unmasked frame, a control frame
// that is fragmented or carries more than 125 bytes, a 64-bit length with its top bit set.
ParseStatus parseClientFrame(std::string& buffer, Frame& frame, std::size_t maxPayload);

// The payload of a Close frame a client sent, checked (RFC 6455 5.5.1, 7.4): nullopt when it
// is fine, else the code to close with (1002 for a bad length or a code no endpoint may
// send, 1007 for a reason that is not UTF-8).
std::optional<std::uint16_t> closePayloadProblem(std::string_view payload);

} // namespace lotok::ws
