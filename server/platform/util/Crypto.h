#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Randomness and hashing from libsodium, for tokens, ids and stored token hashes.
namespace lotok::util {

// Must run once before any other call (lotokd's main and test mains do it).
void initCrypto();
std::string randomBytes(std::size_t count);
// Unpadded URL-safe base64 of `count` random bytes: session tokens, passwords.
std::string randomToken(std::size_t count = 32);
std::string uuid4();
std::string sha256Hex(std::string_view data);

} // namespace lotok::util
