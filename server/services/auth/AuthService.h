#pragma once

#include "AuthRepository.h"
#include "LoginRateLimiter.h"
#include "events/Outbox.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lotok::services::auth {

struct LoginResult {
    std::string token;
    std::int64_t userId;
    std::string role;
    std::string expiresAt;
};

// Authentication: who may sign in, which sessions are live, and ending them.
class AuthService {
public:
    AuthService(AuthRepository& repository, events::Outbox& outbox, int sessionTtlSeconds)
        : m_repository(repository), m_outbox(outbox), m_sessionTtlSeconds(sessionTtlSeconds) {}

    // Throws ApiError invalid_credentials or too_many_requests.
    LoginResult login(const std::string& login, const std::string& password,
                      const std::string& clientAddress);
    void logout(const std::string& token);
    std::optional<Session> authenticate(const std::string& token);
    // Idempotent for the same user and login; throws login_taken otherwise.
    void registerCredentials(std::int64_t userId, const std::string& login,
                             const std::string& password, const std::string& role);

    // The signed-in user changes their password: the old one must be right (a stolen session
    // token alone cannot take the account), and wrong guesses count against the same limits
    // as sign-ins. Every other session of the user ends; the one presented stays. Throws
    // ApiError invalid_credentials (field old_password), too_many_requests, invalid_request
    // (field new_password) or unauthorized (the session is not the user's live one).
    // Returns how many other sessions ended.
    int changePassword(std::int64_t userId, const std::string& token,
                       const std::string& oldPassword, const std::string& newPassword,
                       const std::string& clientAddress);

    int sessionTtlSeconds() const { return m_sessionTtlSeconds; }

private:
    AuthRepository& m_repository;
    events::Outbox& m_outbox;
    int m_sessionTtlSeconds;
    LoginRateLimiter m_limiter;
};

} // namespace lotok::services::auth
