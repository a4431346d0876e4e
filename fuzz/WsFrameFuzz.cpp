// lotok::ws::parseClientFrame, the WebSocket decoder every signed-in client's bytes reach.
// The input is what a client sends after the upgrade, decoded as SocketHub::readFrom does:
// whole, then arriving in random pieces. Checked: no crash or sanitizer report; the same
// frames and the same final verdict however the bytes are split; a frame never exceeds the
// payload limit and takes exactly its own bytes off the buffer; a control frame is whole
// and at most 125 bytes (RFC 6455 5.5) and a close frame's payload is judged with one of the
// codes the RFC names; a decoded frame, masked and encoded again with encodeFrame, decodes
// to itself.
#include "FuzzSupport.h"
#include "ws/WsFrame.h"

#include <string>

namespace {

using lotok::ws::Frame;
using lotok::ws::Opcode;
using lotok::ws::ParseStatus;

constexpr std::size_t kMaxPayload = 16 * 1024; // SocketHub's kMaxClientFrame

struct Outcome {
    std::vector<std::string> frames;
    ParseStatus last = ParseStatus::NeedMore;
    bool operator==(const Outcome&) const = default;
};

// encodeFrame's output as a client would send it: mask bit set, a mask key, payload masked.
std::string masked(const Frame& frame) {
    std::string encoded = lotok::ws::encodeFrame(frame.opcode, frame.payload);
    if (!frame.fin) {
        encoded[0] = static_cast<char>(encoded[0] & 0x7F);
    }
    const std::size_t header = encoded.size() - frame.payload.size();
    encoded[1] = static_cast<char>(encoded[1] | 0x80);
    const char key[4] = {'\x12', '\x34', '\x56', '\x78'};
    std::string out = encoded.substr(0, header) + std::string(key, 4);
    for (std::size_t i = 0; i < frame.payload.size(); ++i) {
        out += static_cast<char>(frame.payload[i] ^ key[i % 4]);
    }
    return out;
}

void checkRoundTrip(const Frame& frame) {
    std::string buffer = masked(frame);
    Frame again;
    FUZZ_CHECK(lotok::ws::parseClientFrame(buffer, again, kMaxPayload) == ParseStatus::Complete);
    FUZZ_CHECK(buffer.empty());
    FUZZ_CHECK(again.fin == frame.fin && again.opcode == frame.opcode &&
               again.payload == frame.payload);
}

Outcome decode(std::string_view bytes, const std::vector<std::size_t>& pieces) {
    Outcome outcome;
    std::string buffer;
    std::size_t offset = 0;
    for (const auto piece : pieces) {
        buffer.append(bytes.substr(offset, piece));
        offset += piece;
        for (;;) {
            Frame frame;
            const auto before = buffer.size();
            outcome.last = lotok::ws::parseClientFrame(buffer, frame, kMaxPayload);
            if (outcome.last == ParseStatus::NeedMore) {
                FUZZ_CHECK(buffer.size() == before);
                break;
            }
            if (outcome.last != ParseStatus::Complete) {
                return outcome; // the hub closes the connection here
            }
            FUZZ_CHECK(frame.payload.size() <= kMaxPayload);
            FUZZ_CHECK(before - buffer.size() >= 6 + frame.payload.size());
            FUZZ_CHECK(before - buffer.size() <= 14 + frame.payload.size());
            if (static_cast<int>(frame.opcode) >= 0x8) {
                FUZZ_CHECK(frame.fin && frame.payload.size() <= 125);
            }
            if (frame.opcode == Opcode::Close) {
                const auto problem = lotok::ws::closePayloadProblem(frame.payload);
                FUZZ_CHECK(!problem || *problem == 1002 || *problem == 1007);
                FUZZ_CHECK(frame.payload.size() != 1 || problem == 1002);
            }
            checkRoundTrip(frame);
            outcome.frames.push_back(std::to_string(frame.fin) + ' ' +
                                     std::to_string(static_cast<int>(frame.opcode)) + ' ' +
                                     frame.payload);
        }
    }
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto bytes = lotok::fuzz::bytesOf(data, size);
    const auto whole = decode(bytes, {size});
    FUZZ_CHECK(decode(bytes, lotok::fuzz::pieces(bytes)) == whole);
    return 0;
}
