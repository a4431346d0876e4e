#include "AuthRepository.h"

#include "db/Sql.h"

namespace lotok::services::auth {
namespace {

std::optional<Credentials> toCredentials(const db::Result& rows) {
    if (rows.empty()) {
        return std::nullopt;
    }
    return Credentials{rows.int64(0, 0), rows.string(0, 1), rows.string(0, 2), rows.string(0, 3)};
}

} // namespace

std::optional<Credentials> AuthRepository::findByLogin(const std::string& login) {
    return toCredentials(m_pool.exec("SELECT user_id, login, password_hash, role FROM " + m_schema +
                                         ".credentials WHERE login = $1",
                                     {login}));
}

std::optional<Credentials> AuthRepository::findByUserId(std::int64_t userId) {
    return toCredentials(m_pool.exec("SELECT user_id, login, password_hash, role FROM " + m_schema +
                                         ".credentials WHERE user_id = $1",
                                     {userId}));
}

bool AuthRepository::insertCredentials(const Credentials& credentials) {
    const auto inserted = m_pool.exec(
        "INSERT INTO " + m_schema +
            ".credentials (user_id, login, password_hash, role) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT DO NOTHING",
        {credentials.userId, credentials.login, credentials.passwordHash, credentials.role});
    return inserted.affected() == 1;
}

std::string AuthRepository::insertSession(db::Transaction& tx, const std::string& tokenHash,
                                          std::int64_t userId, const std::string& role,
                                          int ttlSeconds) {
    const auto rows = tx.exec("INSERT INTO " + m_schema +
                                  ".sessions (token_hash, user_id, role, expires_at) VALUES ($1, "
                                  "$2, $3, now() + make_interval(secs => $4)) RETURNING " +
                                  db::rfc3339("expires_at"),
                              {tokenHash, userId, role, ttlSeconds});
    return rows.string(0, 0);
}

std::optional<Session> AuthRepository::findLiveSession(const std::string& tokenHash) {
    const auto rows = m_pool.exec("SELECT user_id, role FROM " + m_schema +
                                      ".sessions WHERE token_hash = $1 AND revoked_at IS NULL "
                                      "AND expires_at > now()",
                                  {tokenHash});
    if (rows.empty()) {
        return std::nullopt;
    }
    return Session{rows.int64(0, 0), rows.string(0, 1), tokenHash};
}

std::optional<std::int64_t> AuthRepository::revokeSession(db::Transaction& tx,
                                                          const std::string& tokenHash) {
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".sessions SET revoked_at = now() WHERE token_hash = $1 AND "
                                  "revoked_at IS NULL RETURNING user_id",
                              {tokenHash});
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.int64(0, 0);
}

bool AuthRepository::updatePasswordHash(db::Transaction& tx, std::int64_t userId,
                                        const std::string& passwordHash) {
    const auto updated =
        tx.exec("UPDATE " + m_schema + ".credentials SET password_hash = $2 WHERE user_id = $1",
                {userId, passwordHash});
    return updated.affected() == 1;
}

std::vector<std::string> AuthRepository::revokeOtherSessions(db::Transaction& tx,
                                                             std::int64_t userId,
                                                             const std::string& keptTokenHash) {
    // Expired sessions too: a WebSocket opened before its session expired stays open (the
    // hub checks the session at the upgrade only), so it must hear of the revocation as well.
    const auto rows = tx.exec("UPDATE " + m_schema +
                                  ".sessions SET revoked_at = now() WHERE user_id = $1 AND "
                                  "token_hash <> $2 AND revoked_at IS NULL RETURNING token_hash",
                              {userId, keptTokenHash});
    std::vector<std::string> revoked;
    revoked.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        revoked.push_back(rows.string(row, 0));
    }
    return revoked;
}

} // namespace lotok::services::auth
