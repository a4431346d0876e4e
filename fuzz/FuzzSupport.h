#pragma once

// What the fuzz targets share: a failed invariant is a crash (libFuzzer keeps the input),
// and the same bytes are fed whole and in pieces, as a socket would deliver them.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace lotok::fuzz {

inline std::string_view bytesOf(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Piece sizes that add up to `total`, drawn from the input's own hash: the seeds stay plain
// requests and frames (no prefix to describe the split), and every mutation splits anew.
// Mostly tiny pieces (one byte, a few), sometimes large ones, like reads from a socket.
inline std::vector<std::size_t> pieces(std::string_view bytes) {
    std::uint64_t state = 1469598103934665603ULL; // FNV-1a
    for (unsigned char c : bytes) {
        state = (state ^ c) * 1099511628211ULL;
    }
    std::vector<std::size_t> out;
    std::size_t left = bytes.size();
    while (left > 0) {
        state ^= state << 13; // xorshift64
        state ^= state >> 7;
        state ^= state << 17;
        const auto roll = state % 16;
        std::size_t size = roll < 6    ? 1
                           : roll < 12 ? 1 + (state >> 8) % 16
                                       : 1 + (state >> 8) % 4096;
        size = size < left ? size : left;
        out.push_back(size);
        left -= size;
    }
    return out;
}

// The number of code points of strict UTF-8 (RFC 3629: no overlong forms, surrogates or
// code points above U+10FFFF), or nullopt: the oracle for what the server calls UTF-8.
inline std::optional<std::size_t> strictUtf8Length(std::string_view value) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < value.size(); ++count) {
        const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(value[at]); };
        const unsigned char lead = byte(i);
        std::size_t width = lead < 0x80   ? 1
                            : lead < 0xC2 ? 0
                            : lead < 0xE0 ? 2
                            : lead < 0xF0 ? 3
                            : lead < 0xF5 ? 4
                                          : 0;
        if (width == 0 || i + width > value.size()) {
            return std::nullopt;
        }
        std::uint32_t point = width == 1 ? lead : lead & (0x7F >> width);
        for (std::size_t k = 1; k < width; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80) {
                return std::nullopt;
            }
            point = (point << 6) | (byte(i + k) & 0x3F);
        }
        const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (point < smallest[width] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) {
            return std::nullopt;
        }
        i += width;
    }
    return count;
}

} // namespace lotok::fuzz
