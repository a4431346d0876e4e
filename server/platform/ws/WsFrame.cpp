#include "ws/WsFrame.h"

#include "lotok/Validation.h"

namespace lotok::ws {

std::string encodeFrame(Opcode opcode, std::string_view payload) {
    std::string frame;
    frame.reserve(payload.size() + 10);
    frame += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
    const auto size = payload.size();
    if (size < 126) {
        frame += static_cast<char>(size);
    } else if (size <= 0xFFFF) {
        frame += static_cast<char>(126);
        frame += static_cast<char>((size >> 8) & 0xFF);
        frame += static_cast<char>(size & 0xFF);
    } else {
        frame += static_cast<char>(127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF);
        }
    }
    frame.append(payload);
    return frame;
}

std::string encodeClose(std::uint16_t code, std::string_view reason) {
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload.append(reason.substr(0, 120));
    return encodeFrame(Opcode::Close, payload);
}

ParseStatus parseClientFrame(std::string& buffer, Frame& frame, std::size_t maxPayload) {
    if (buffer.size() < 2) {
        return ParseStatus::NeedMore;
    }
    const auto b0 = static_cast<std::uint8_t>(buffer[0]);
    const auto b1 = static_cast<std::uint8_t>(buffer[1]);
    if ((b0 & 0x70) != 0 || (b1 & 0x80) == 0) {
        return ParseStatus::ProtocolError; // reserved bits, or an unmasked client frame
    }
    const auto opcode = b0 & 0x0F;
    const bool fin = (b0 & 0x80) != 0;
    const bool control = (opcode & 0x08) != 0;
    const bool known = opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
    if (!known || (control && (!fin || (b1 & 0x7F) > 125))) {
        return ParseStatus::ProtocolError;
    }
    std::size_t header = 2;
    std::uint64_t length = b1 & 0x7F;
    if (length == 126) {
        if (buffer.size() < 4) {
            return ParseStatus::NeedMore;
        }
        length = (static_cast<std::uint8_t>(buffer[2]) << 8) | static_cast<std::uint8_t>(buffer[3]);
        header = 4;
    } else if (length == 127) {
        if (buffer.size() < 10) {
            return ParseStatus::NeedMore;
        }
        length = 0;
        for (int i = 2; i < 10; ++i) {
            length = (length << 8) | static_cast<std::uint8_t>(buffer[i]);
        }
        header = 10;
        if (length >> 63) {
            return ParseStatus::ProtocolError;
        }
    }
    if (length > maxPayload) {
        return ParseStatus::TooBig;
    }
    if (buffer.size() < header + 4 + length) {
        return ParseStatus::NeedMore;
    }
    const char* mask = buffer.data() + header;
    frame.fin = fin;
    frame.opcode = static_cast<Opcode>(opcode);
    frame.payload.assign(buffer.data() + header + 4, length);
    for (std::size_t i = 0; i < length; ++i) {
        frame.payload[i] = static_cast<char>(frame.payload[i] ^ mask[i % 4]);
    }
    buffer.erase(0, header + 4 + length);
    return ParseStatus::Complete;
}

std::optional<std::uint16_t> closePayloadProblem(std::string_view payload) {
    if (payload.empty()) {
        return std::nullopt; // no code given
    }
    if (payload.size() == 1) {
        return close_code::kProtocolError;
    }
    const auto code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                 static_cast<std::uint8_t>(payload[1]));
    // 1000-1003 and 1007-1014 are the defined codes an endpoint may send; 1004-1006 and 1015
    // are reserved or only for reporting; 3000-4999 belong to libraries and applications.
    const bool allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                         (code >= 3000 && code <= 4999);
    if (!allowed) {
        return close_code::kProtocolError;
    }
    if (!validation::utf8Length(payload.substr(2))) {
        return close_code::kInvalidPayload;
    }
    return std::nullopt;
}

} // namespace lotok::ws
