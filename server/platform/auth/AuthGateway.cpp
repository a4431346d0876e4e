#include "auth/AuthGateway.h"

#include "http/ApiError.h"
#include "util/Crypto.h"

namespace lotok::auth {

std::optional<Caller> AuthGateway::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 256) {
        return std::nullopt;
    }
    http::HttpRequest request;
    request.method = "GET";
    request.path = "/internal/api/v1/auth";
    request.headers.emplace_back("authorization", "Bearer " + token);
    const auto response = m_authService.send(std::move(request));
    if (response.status == 401) {
        return std::nullopt;
    }
    if (response.status != 200) {
        throw http::ApiError::fromResponse(response).value_or(
            http::ApiError(ErrorCode::Unavailable, "authentication is unavailable"));
    }
    const auto body = response.json();
    Caller caller;
    caller.userId = body.value("user_id", std::int64_t{0});
    if (caller.userId <= 0 || !roleFromString(body.value("role", ""), caller.role)) {
        return std::nullopt;
    }
    // Auth already hashed the token to find the session; an older Auth does not say so.
    caller.sessionKey = body.value("session_key", std::string());
    if (caller.sessionKey.empty()) {
        caller.sessionKey = util::sha256Hex(token);
    }
    return caller;
}

} // namespace lotok::auth
