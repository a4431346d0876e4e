#include "ws/WsFrame.h"

#include <catch2/catch.hpp>

using namespace lotok::ws;

namespace {

// What a client sends: the same frame, masked.
std::string maskedFrame(Opcode opcode, const std::string& payload, bool fin = true) {
    auto frame = encodeFrame(opcode, payload);
    if (!fin) {
        frame[0] = static_cast<char>(frame[0] & 0x7F);
    }
    const std::size_t header = frame.size() - payload.size();
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    std::string out = frame.substr(0, header);
    out[1] = static_cast<char>(out[1] | 0x80);
    out.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) {
        out += static_cast<char>(payload[i] ^ mask[i % 4]);
    }
    return out;
}

} // namespace

TEST_CASE("server frames use the shortest length encoding") {
    CHECK(encodeFrame(Opcode::Text, "hi") == std::string("\x81\x02hi", 4));
    CHECK(encodeFrame(Opcode::Text, std::string(200, 'a')).substr(0, 4) ==
          std::string("\x81\x7e\x00\xc8", 4));
    CHECK(encodeFrame(Opcode::Binary, std::string(70000, 'a')).size() == 70000 + 10);
    const auto close = encodeClose(1001, "bye");
    CHECK(close == std::string("\x88\x05\x03\xe9"
                               "bye",
                               7));
}

TEST_CASE("client frames are unmasked and taken off the buffer one at a time") {
    std::string buffer =
        maskedFrame(Opcode::Text, "{\"type\":\"resume\"}") + maskedFrame(Opcode::Ping, "p");
    Frame frame;
    REQUIRE(parseClientFrame(buffer, frame, 1024) == ParseStatus::Complete);
    CHECK(frame.opcode == Opcode::Text);
    CHECK(frame.payload == "{\"type\":\"resume\"}");
    REQUIRE(parseClientFrame(buffer, frame, 1024) == ParseStatus::Complete);
    CHECK(frame.opcode == Opcode::Ping);
    CHECK(buffer.empty());
    CHECK(parseClientFrame(buffer, frame, 1024) == ParseStatus::NeedMore);
}

TEST_CASE("partial, unmasked and oversized client frames are told apart") {
    Frame frame;
    auto whole = maskedFrame(Opcode::Text, std::string(300, 'x'));
    std::string partial = whole.substr(0, 100);
    CHECK(parseClientFrame(partial, frame, 1024) == ParseStatus::NeedMore);
    CHECK(partial.size() == 100);
    std::string unmasked = encodeFrame(Opcode::Text, "hi");
    CHECK(parseClientFrame(unmasked, frame, 1024) == ParseStatus::ProtocolError);
    CHECK(parseClientFrame(whole, frame, 100) == ParseStatus::TooBig);
    std::string fragment = maskedFrame(Opcode::Text, "par", false);
    REQUIRE(parseClientFrame(fragment, frame, 1024) == ParseStatus::Complete);
    CHECK_FALSE(frame.fin);
}

TEST_CASE("control frames are short and whole, and unknown opcodes are errors (RFC 6455 5.5)") {
    const auto parse = [](const std::string& bytes) {
        std::string buffer = bytes;
        Frame frame;
        return parseClientFrame(buffer, frame, 16 * 1024);
    };
    CHECK(parse(maskedFrame(Opcode::Ping, std::string(125, 'p'))) == ParseStatus::Complete);
    CHECK(parse(maskedFrame(Opcode::Ping, std::string(126, 'p'))) == ParseStatus::ProtocolError);
    CHECK(parse(maskedFrame(Opcode::Pong, std::string(200, 'p'))) == ParseStatus::ProtocolError);
    CHECK(parse(maskedFrame(Opcode::Ping, "x", /*fin=*/false)) == ParseStatus::ProtocolError);
    CHECK(parse(maskedFrame(Opcode::Close, "", /*fin=*/false)) == ParseStatus::ProtocolError);
    CHECK(parse(maskedFrame(Opcode::Text, "x", /*fin=*/false)) == ParseStatus::Complete);
    for (int opcode : {0x3, 0x4, 0x7, 0xB, 0xF}) {
        INFO(opcode);
        CHECK(parse(maskedFrame(static_cast<Opcode>(opcode), "x")) == ParseStatus::ProtocolError);
    }
    // A 64-bit length with its top bit set.
    CHECK(parse(std::string("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x01", 10)) ==
          ParseStatus::ProtocolError);
}

TEST_CASE("a client's close payload is checked") {
    const auto payload = [](int code, const std::string& reason = {}) {
        return std::string{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)} + reason;
    };
    CHECK(closePayloadProblem("") == std::nullopt);
    CHECK(closePayloadProblem("x") == close_code::kProtocolError);
    for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999}) {
        INFO(code);
        CHECK(closePayloadProblem(payload(code, "fine")) == std::nullopt);
    }
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        INFO(code);
        CHECK(closePayloadProblem(payload(code)) == close_code::kProtocolError);
    }
    CHECK(closePayloadProblem(payload(1000, "\xff")) == close_code::kInvalidPayload);
}
