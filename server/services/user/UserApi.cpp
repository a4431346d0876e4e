#include "UserApi.h"

#include "http/ApiError.h"

namespace lotok::services::user {

using http::Access;
using http::HttpResponse;
using http::RequestContext;

void UserApi::registerRoutes(http::Router& router) {
    router.add("POST", "/api/v1/register", Access::Anyone, [this](RequestContext& context) {
        return HttpResponse::json(201, m_service.registerUser(context.json(), "customer").toJson());
    });
    router.add("GET", "/api/v1/user/profile", Access::SignedIn, [this](RequestContext& context) {
        return HttpResponse::json(200, m_service.profile(context.caller().userId).toJson());
    });
    router.add("POST", "/api/v1/user/profile", Access::SignedIn, [this](RequestContext& context) {
        return HttpResponse::json(
            200, m_service.updateProfile(context.caller().userId, context.json()).toJson());
    });
    // Beyond the seed: staff read a customer's profile (the phone on a pick list).
    router.add("GET", "/api/v1/staff/users/{id}", Access::Staff, [this](RequestContext& context) {
        return HttpResponse::json(200, m_service.profile(context.idParam("id")).toJson());
    });
    router.add("GET", "/internal/api/v1/user/{id}/profile", Access::Service,
               [this](RequestContext& context) {
                   return HttpResponse::json(200,
                                             m_service.profile(context.idParam("id")).toJson());
               });
    // Beyond the seed: how `lotokd staff add` creates staff accounts.
    router.add("POST", "/internal/api/v1/users", Access::Service, [this](RequestContext& context) {
        const auto body = context.json();
        const auto role = body.optionalString("role").value_or("customer");
        if (role != "customer" && role != "staff") {
            throw http::ApiError::invalid("role", "must be customer or staff");
        }
        return HttpResponse::json(201, m_service.registerUser(body, role).toJson());
    });
}

} // namespace lotok::services::user
