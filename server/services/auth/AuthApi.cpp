#include "AuthApi.h"

#include "http/ApiError.h"
#include "lotok/Validation.h"

namespace lotok::services::auth {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

std::string AuthApi::cookie(const std::string& value, int maxAgeSeconds) const {
    return "session_id=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(maxAgeSeconds) +
           (m_secureCookie ? "; Secure" : "");
}

void AuthApi::registerRoutes(http::Router& router) {
    router.add("POST", "/api/v1/login", Access::Anyone, [this](RequestContext& context) {
        const auto body = context.json();
        const auto login = body.requireString("login");
        const auto password = body.requireString("password");
        try {
            const auto result = m_service.login(login, password, context.request().remoteAddress);
            auto response = HttpResponse::json(200, {{"token", result.token},
                                                     {"user_id", result.userId},
                                                     {"role", result.role},
                                                     {"expires_at", result.expiresAt}});
            response.headers.emplace_back("Set-Cookie",
                                          cookie(result.token, m_service.sessionTtlSeconds()));
            response.headers.emplace_back("Cache-Control", "no-store");
            return response;
        } catch (const ApiError& error) {
            if (error.code() != ErrorCode::TooManyRequests) {
                throw;
            }
            auto response = error.toResponse();
            response.headers.emplace_back("Retry-After", "60");
            return response;
        }
    });

    router.add("POST", "/api/v1/logout", Access::SignedIn, [this](RequestContext& context) {
        m_service.logout(*http::sessionToken(context.request()));
        auto response = HttpResponse::noContent();
        response.headers.emplace_back("Set-Cookie", cookie("", 0));
        return response;
    });

    router.add("GET", "/internal/api/v1/auth", Access::Service, [this](RequestContext& context) {
        const auto token = http::sessionToken(context.request());
        const auto session = token ? m_service.authenticate(*token) : std::nullopt;
        if (!session) {
            throw ApiError(ErrorCode::Unauthorized, "no live session for this token");
        }
        auto response = HttpResponse::json(200, {{"user_id", session->userId},
                                                 {"role", session->role},
                                                 {"session_key", session->tokenHash}});
        response.headers.emplace_back("X-User-Id", std::to_string(session->userId));
        response.headers.emplace_back("X-User-Role", session->role);
        return response;
    });

    router.add("POST", "/internal/api/v1/register", Access::Service,
               [this](RequestContext& context) {
                   const auto body = context.json();
                   const auto userId = body.requireInt64("user_id");
                   const auto login = body.requireString("login");
                   const auto password = body.requireString("password");
                   const auto role = body.optionalString("role").value_or("customer");
                   if (userId <= 0) {
                       throw ApiError::invalid("user_id", "must be a positive integer");
                   }
                   if (auto problem = validation::login(login)) {
                       throw ApiError::invalid("login", *problem);
                   }
                   if (auto problem = validation::password(password)) {
                       throw ApiError::invalid("password", *problem);
                   }
                   if (role != "customer" && role != "staff") {
                       throw ApiError::invalid("role", "must be customer or staff");
                   }
                   m_service.registerCredentials(userId, login, password, role);
                   return HttpResponse::json(201, {{"user_id", userId}, {"login", login}});
               });
}

} // namespace lotok::services::auth
