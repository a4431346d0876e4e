#include "http/IdempotencyStore.h"

#include "http/ApiError.h"
#include "http/JsonInput.h"
#include "lotok/Limits.h"
#include "util/Crypto.h"

namespace lotok::http {

std::optional<std::string> IdempotencyStore::keyOf(const HttpRequest& request) {
    const auto key = request.header("idempotency-key");
    if (!key) {
        return std::nullopt;
    }
    if (key->empty() || key->size() > limits::kIdempotencyKeyMax) {
        throw ApiError::invalid("Idempotency-Key", "must be 1 to 128 characters");
    }
    for (char c : *key) {
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) {
            throw ApiError::invalid("Idempotency-Key", "must be printable ASCII without spaces");
        }
    }
    return std::string(*key);
}

std::string IdempotencyStore::fingerprint(const HttpRequest& request) {
    // The body as JSON, so formatting does not matter; as bytes when it is not JSON or nests
    // too deep to re-serialize safely (such a body is refused anyway).
    const auto json = JsonInput::nestsTooDeep(request.body)
                          ? nlohmann::json(nlohmann::json::value_t::discarded)
                          : nlohmann::json::parse(request.body, nullptr, false);
    const auto canonical = json.is_discarded() ? request.body : json.dump();
    return util::sha256Hex(request.method + " " + request.path + "\n" + canonical);
}

std::optional<HttpResponse> IdempotencyStore::claim(db::Transaction& tx, const std::string& scope,
                                                    std::int64_t userId, const std::string& key,
                                                    const std::string& fingerprint) {
    const auto claimed = tx.exec("INSERT INTO " + m_schema +
                                     ".idempotency_keys (scope, user_id, key, request_hash) VALUES "
                                     "($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                                 {scope, userId, key, fingerprint});
    if (claimed.affected() == 1) {
        return std::nullopt;
    }
    const auto rows =
        tx.exec("SELECT request_hash, status, response FROM " + m_schema +
                    ".idempotency_keys WHERE scope = $1 AND user_id = $2 AND key = $3",
                {scope, userId, key});
    if (rows.empty() || rows.string(0, 0) != fingerprint) {
        throw ApiError(ErrorCode::IdempotencyKeyReused,
                       "this Idempotency-Key was used for a different request");
    }
    HttpResponse replay = HttpResponse::json(static_cast<int>(rows.int64(0, 1)), nullptr);
    replay.body = rows.string(0, 2);
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
}

void IdempotencyStore::complete(db::Transaction& tx, const std::string& scope, std::int64_t userId,
                                const std::string& key, const HttpResponse& response) {
    tx.exec("UPDATE " + m_schema +
                ".idempotency_keys SET status = $4, response = $5 WHERE scope = $1 AND user_id = "
                "$2 AND key = $3",
            {scope, userId, key, response.status, response.body});
}

} // namespace lotok::http
