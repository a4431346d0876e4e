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

private:
    std::string m_schema;
};

} // namespace lotok::http
