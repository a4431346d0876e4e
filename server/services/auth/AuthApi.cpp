#include "AuthApi.h"

#include "http/ApiError.h"
#include "lotok/Validation.h"
#include "net/Address.h"

namespace lotok::services::auth {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

std::string AuthApi::cookie(const http::HttpRequest& request, const std::string& value,
                            int maxAgeSeconds) const {
    return "session_id=" + value +
           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(maxAgeSeconds) +
           (secure(request) ? "; Secure" : "");
}

void AuthApi::registerRoutes(http::Router& router) {
    router.add("POST", "/api/v1/login", Access::Anyone, [this](RequestContext& context) {
        const auto& request = context.request();
        if (!secure(request) && !m_allowPlainSessions && !net::isLoopback(request.remoteAddress)) {
            // The password is already out; the session at least is not handed over, and the
            // client learns to come over HTTPS (docs/api-decisions.md, "Sessions and
            // security").
            throw ApiError(ErrorCode::Forbidden,
                           "sign in over HTTPS: this server issues no session over plain HTTP "
                           "to another machine");
        }
        const auto body = context.json();
        const auto login = body.requireString("login");
        const auto password = body.requireString("password");
        try {
            const auto result = m_service.login(login, password, context.request().remoteAddress);
            auto response = HttpResponse::json(200, {{"token", result.token},
                                                     {"user_id", result.userId},
                                                     {"role", result.role},
                                                     {"expires_at", result.expiresAt}});
            response.headers.emplace_back(
                "Set-Cookie", cookie(request, result.token, m_service.sessionTtlSeconds()));
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
        response.headers.emplace_back("Set-Cookie", cookie(context.request(), "", 0));
        return response;
    });

    // Beyond the seed: the signed-in user changes their password (docs/api-decisions.md).
    router.add("POST", "/api/v1/user/password", Access::SignedIn, [this](RequestContext& context) {
        const auto body = context.json();
        const auto oldPassword = body.requireString("old_password");
        const auto newPassword = body.requireString("new_password");
        const auto token = http::sessionToken(context.request());
        if (!token) {
            // A service's call carries who the user is but no session to keep.
            throw ApiError(ErrorCode::Unauthorized, "a password change needs the user's session");
        }
        int ended = 0;
        try {
            ended = m_service.changePassword(context.caller().userId, *token, oldPassword,
                                             newPassword, context.request().remoteAddress);
        } catch (const ApiError& error) {
            auto response = error.toResponse();
            if (error.code() == ErrorCode::InvalidCredentials) {
                // 403, not the code's usual 401: the session is fine, and every client takes a
                // 401 on a signed-in call for "signed out".
                response.status = 403;
                std::erase_if(response.headers, [](const auto& header) {
                    return header.first == "WWW-Authenticate";
                });
            } else if (error.code() == ErrorCode::TooManyRequests) {
                response.headers.emplace_back("Retry-After", "60");
            } else {
                throw;
            }
            return response;
        }
        return HttpResponse::json(
            200, {{"user_id", context.caller().userId}, {"other_sessions_ended", ended}});
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
