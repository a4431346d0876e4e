#include "util/Crypto.h"

#include <openssl/ssl.h>
#include <sodium.h>
#include <stdexcept>

namespace lotok::util {

void initCrypto() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium failed to initialise");
    }
    // OpenSSL first, before any static object that may outlive its use: its exit handler
    // (which frees per-thread state and retires the key thread exits free theirs by) then
    // runs last. Initialised later — by the first certificate loaded after the event pool
    // started — it ran before the pool's threads were joined, and each thread's error state
    // was left behind (LeakSanitizer saw it once in a few runs).
    if (OPENSSL_init_ssl(0, nullptr) != 1) {
        throw std::runtime_error("OpenSSL failed to initialise");
    }
}

std::string randomBytes(std::size_t count) {
    std::string out(count, '\0');
    randombytes_buf(out.data(), count);
    return out;
}

std::string randomToken(std::size_t count) {
    const auto bytes = randomBytes(count);
    std::string out(sodium_base64_encoded_len(count, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

std::string uuid4() {
    auto bytes = randomBytes(16);
    bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        const auto byte = static_cast<unsigned char>(bytes[i]);
        out += kHex[byte >> 4];
        out += kHex[byte & 15];
    }
    return out;
}

std::string sha256Hex(std::string_view data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    std::string out(crypto_hash_sha256_BYTES * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest, sizeof digest);
    out.pop_back();
    return out;
}

} // namespace lotok::util
