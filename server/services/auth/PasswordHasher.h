#pragma once

#include <string>

namespace lotok::services::auth {

// Argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane).
class PasswordHasher {
public:
    static std::string hash(const std::string& password);
    static bool verify(const std::string& encodedHash, const std::string& password);
    // Costs as much as a real verify, for logins that name no known user, so response time
    // does not reveal which logins exist.
    static void burnEquivalentTime(const std::string& password);
};

} // namespace lotok::services::auth
