#include "PasswordHasher.h"

#include "util/Crypto.h"

#include <algorithm>
#include <argon2.h>
#include <semaphore>
#include <stdexcept>
#include <thread>

namespace lotok::services::auth {
namespace {
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// Each hash holds 19 MiB and a core for ~50 ms. Running more at once than there are cores
// finishes none sooner, and 64 workers registering at once held 1.2 GiB (most of it kept
// by malloc afterwards): the rest wait their turn here.
class HashingSlot {
public:
    HashingSlot() { slots().acquire(); }
    ~HashingSlot() { slots().release(); }
    HashingSlot(const HashingSlot&) = delete;
    HashingSlot& operator=(const HashingSlot&) = delete;

private:
    static std::counting_semaphore<64>& slots() {
        static std::counting_semaphore<64> value(
            static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency(), 1U, 64U)));
        return value;
    }
};
} // namespace

std::string PasswordHasher::hash(const std::string& password) {
    const auto salt = util::randomBytes(kSaltBytes);
    const auto length =
        argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
    std::string encoded(length, '\0');
    const HashingSlot slot;
    const int result =
        argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                              salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
    if (result != ARGON2_OK) {
        throw std::runtime_error(std::string("argon2 failed: ") + argon2_error_message(result));
    }
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

bool PasswordHasher::verify(const std::string& encodedHash, const std::string& password) {
    const HashingSlot slot;
    return argon2id_verify(encodedHash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::burnEquivalentTime(const std::string& password) {
    static const std::string kDummy = hash("lotok-dummy-password");
    verify(kDummy, password);
}

} // namespace lotok::services::auth
