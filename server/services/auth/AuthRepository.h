#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lotok::services::auth {

struct Credentials {
    std::int64_t userId;
    std::string login;
    std::string passwordHash;
    std::string role;
};

struct Session {
    std::int64_t userId;
    std::string role;
    std::string tokenHash; // what the session is stored and known (to WebSockets) by
};

// SQL of the auth schema: credentials and sessions.
class AuthRepository {
public:
    AuthRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}

    std::optional<Credentials> findByLogin(const std::string& login);
    std::optional<Credentials> findByUserId(std::int64_t userId);
    // False when the login is taken by another user.
    bool insertCredentials(const Credentials& credentials);
    // Returns expires_at as RFC 3339.
    std::string insertSession(db::Transaction& tx, const std::string& tokenHash,
                              std::int64_t userId, const std::string& role, int ttlSeconds);
    std::optional<Session> findLiveSession(const std::string& tokenHash);
    // Returns the session's user when it was live until now.
    std::optional<std::int64_t> revokeSession(db::Transaction& tx, const std::string& tokenHash);

    // False when the user has no credentials (any more).
    bool updatePasswordHash(db::Transaction& tx, std::int64_t userId,
                            const std::string& passwordHash);
    // Revokes every live session of the user but the one kept; returns the token hashes of
    // those it ended (what their WebSockets are known by).
    std::vector<std::string> revokeOtherSessions(db::Transaction& tx, std::int64_t userId,
                                                 const std::string& keptTokenHash);

    db::Pool& pool() { return m_pool; }

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::auth
