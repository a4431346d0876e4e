#pragma once

// What the fuzz targets share: a failed invariant is a crash (libFuzzer keeps the input),
// and the same bytes are fed whole and in pieces, as a socket would deliver them.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

} // namespace lotok::fuzz
