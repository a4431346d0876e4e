#include "AuthService.h"

#include "PasswordHasher.h"
#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"
#include "lotok/Limits.h"
#include "lotok/Validation.h"
#include "metrics/Metrics.h"
#include "util/Crypto.h"

namespace lotok::services::auth {

using http::ApiError;

namespace {

void countLoginFailure(const std::string& reason) {
    metrics::Registry::global()
        .counter("lotok_login_failures_total",
                 "Sign-ins refused: invalid_credentials, or rate_limited (answered 429)",
                 {{"reason", reason}})
        .inc();
}

} // namespace

LoginResult AuthService::login(const std::string& typedLogin, const std::string& password,
                               const std::string& clientAddress) {
    // One account, one counter, however the login is spelt.
    const auto login = validation::canonicalLogin(typedLogin);
    if (const int wait = m_limiter.retryAfterSeconds(login, clientAddress); wait > 0) {
        countLoginFailure("rate_limited");
        throw ApiError(ErrorCode::TooManyRequests,
                       "too many failed sign-in attempts; try again in " + std::to_string(wait) +
                           " s");
    }
    const bool plausible = login.size() <= limits::kLoginMax &&
                           password.size() <= limits::kPasswordMax && !password.empty();
    const auto credentials = plausible ? m_repository.findByLogin(login) : std::nullopt;
    bool valid = false;
    if (credentials) {
        valid = PasswordHasher::verify(credentials->passwordHash, password);
    } else if (plausible) {
        PasswordHasher::burnEquivalentTime(password);
    }
    if (!valid) {
        m_limiter.recordFailure(login, clientAddress);
        countLoginFailure("invalid_credentials");
        throw ApiError(ErrorCode::InvalidCredentials, "wrong login or password");
    }
    LoginResult result;
    result.token = util::randomToken(32); // 256 bits
    result.userId = credentials->userId;
    result.role = credentials->role;
    m_repository.pool().transact([&](db::Transaction& tx) {
        result.expiresAt = m_repository.insertSession(
            tx, util::sha256Hex(result.token), result.userId, result.role, m_sessionTtlSeconds);
    });
    log::debug("user {} signed in", result.userId);
    return result;
}

void AuthService::logout(const std::string& token) {
    const auto tokenHash = util::sha256Hex(token);
    m_repository.pool().transact([&](db::Transaction& tx) {
        const auto userId = m_repository.revokeSession(tx, tokenHash);
        if (!userId) {
            throw ApiError(ErrorCode::Unauthorized, "the session has already ended");
        }
        // Whoever holds sockets for this session (Notification, in any process) closes them.
        m_outbox.add(tx, events::SessionRevoked{*userId, tokenHash});
    });
}

int AuthService::changePassword(std::int64_t userId, const std::string& token,
                                const std::string& oldPassword, const std::string& newPassword,
                                const std::string& clientAddress) {
    const auto session = authenticate(token);
    if (!session || session->userId != userId) {
        throw ApiError(ErrorCode::Unauthorized, "no live session for this token");
    }
    const auto credentials = m_repository.findByUserId(userId);
    if (!credentials) {
        throw ApiError(ErrorCode::Unauthorized, "the account has no credentials");
    }
    // The old password is a guess like a sign-in's: whoever holds a stolen token must not
    // get a second, unlimited way to try passwords. Same counters (the stored login and the
    // address), so neither route buys fresh attempts for the other.
    if (const int wait = m_limiter.retryAfterSeconds(credentials->login, clientAddress); wait > 0) {
        countLoginFailure("rate_limited");
        throw ApiError(ErrorCode::TooManyRequests,
                       "too many wrong passwords; try again in " + std::to_string(wait) + " s");
    }
    const bool plausible = !oldPassword.empty() && oldPassword.size() <= limits::kPasswordMax;
    if (!plausible || !PasswordHasher::verify(credentials->passwordHash, oldPassword)) {
        m_limiter.recordFailure(credentials->login, clientAddress);
        countLoginFailure("invalid_credentials");
        throw ApiError(ErrorCode::InvalidCredentials, "the old password is not right",
                       "old_password");
    }
    // Checked after the old password, so the rules are no oracle for someone who lacks it.
    if (auto problem = validation::password(newPassword)) {
        throw ApiError::invalid("new_password", "new_password " + *problem);
    }
    const auto newHash = PasswordHasher::hash(newPassword);
    int ended = 0;
    m_repository.pool().transact([&](db::Transaction& tx) {
        if (!m_repository.updatePasswordHash(tx, userId, newHash)) {
            throw ApiError(ErrorCode::Unauthorized, "the account has no credentials");
        }
        // Whoever signed in with the old password (a thief among them) is out at once, and
        // their sockets are closed by Notification like a logout's.
        for (const auto& revoked :
             m_repository.revokeOtherSessions(tx, userId, session->tokenHash)) {
            m_outbox.add(tx, events::SessionRevoked{userId, revoked});
            ++ended;
        }
    });
    log::info("user {} changed their password; {} other session(s) ended", userId, ended);
    return ended;
}

std::optional<Session> AuthService::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 256) {
        return std::nullopt;
    }
    return m_repository.findLiveSession(util::sha256Hex(token));
}

void AuthService::registerCredentials(std::int64_t userId, const std::string& typedLogin,
                                      const std::string& password, const std::string& role) {
    const auto login = validation::canonicalLogin(typedLogin);
    if (auto existing = m_repository.findByUserId(userId)) {
        if (existing->login == login) {
            return; // a retry of a registration that already went through
        }
        throw ApiError(ErrorCode::LoginTaken,
                       "user " + std::to_string(userId) + " already has other credentials");
    }
    Credentials credentials{userId, login, PasswordHasher::hash(password), role};
    if (!m_repository.insertCredentials(credentials)) {
        if (auto existing = m_repository.findByUserId(userId);
            existing && existing->login == login) {
            return;
        }
        throw ApiError(ErrorCode::LoginTaken, "this login is taken", "login");
    }
}

} // namespace lotok::services::auth
