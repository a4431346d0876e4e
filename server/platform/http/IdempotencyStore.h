#pragma once

#include "db/Transaction.h"
#include "http/HttpMessage.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lotok::http {

// Idempotency-Key support for requests whose whole effect commits in one transaction:
// claim() inside it, do the work, complete() with the response, commit. A concurrent
// repeat waits on the key's row and then replays what the first one answered.
class IdempotencyStore {
public:
    explicit IdempotencyStore(std::string schema) : m_schema(std::move(schema)) {}

    // The key from the request's Idempotency-Key header, validated (nullopt when absent).
    static std::optional<std::string> keyOf(const HttpRequest& request);
    // A fingerprint of the request that ignores JSON formatting.
    static std::string fingerprint(const HttpRequest& request);

    // nullopt: the key is new and now claimed. A response: replay it. Throws 422 when the key
    // was used for another request.
    std::optional<HttpResponse> claim(db::Transaction& tx, const std::string& scope,
                                      std::int64_t userId, const std::string& key,
                                      const std::string& fingerprint);
    void complete(db::Transaction& tx, const std::string& scope, std::int64_t userId,
                  const std::string& key, const HttpResponse& response);

    // The whole pattern: in one transaction of `pool`, claim the key (if the request has
    // one), run work(tx) for the answer, store it with the key, commit. A repeat replays the
    // answer and runs nothing; an error rolls the claim back with the work, so a retry after
    // a failure is tried anew.
    template <typename Pool, typename Work>
    HttpResponse run(Pool& pool, const std::string& scope, std::int64_t userId,
                     const std::optional<std::string>& key, const std::string& fingerprint,
                     Work&& work) {
        return pool.transact([&](db::Transaction& tx) {
            if (key) {
                if (auto replay = claim(tx, scope, userId, *key, fingerprint)) {
                    return *replay;
                }
            }
            HttpResponse response = work(tx);
            if (key) {
                complete(tx, scope, userId, *key, response);
            }
            return response;
        });
    }

private:
    std::string m_schema;
};

} // namespace lotok::http
