#include "NotificationApi.h"

#include "http/ApiError.h"
#include "lotok/Limits.h"

namespace lotok::services::notification {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

void NotificationApi::registerRoutes(http::Router& router) {
    router.add("GET", "/api/v1/notifications", Access::SignedIn, [this](RequestContext& context) {
        const int limit =
            context.limitParam(limits::kNotificationsPageDefault, limits::kNotificationsPageMax);
        const auto after = context.idQueryParam("after").value_or(0);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& notification :
             m_service.listAfter(context.caller().userId, after, limit)) {
            list.push_back(notification.toJson());
        }
        return HttpResponse::json(200, {{"notifications", list}});
    });
    router.add("POST", "/api/v1/notifications/read", Access::SignedIn,
               [this](RequestContext& context) {
                   const auto upTo = context.json().requireInt64("up_to");
                   if (upTo <= 0) {
                       throw ApiError::invalid("up_to", "up_to must be a positive integer");
                   }
                   const auto unread = m_service.markRead(context.caller().userId, upTo);
                   return HttpResponse::json(200, {{"up_to", upTo}, {"unread", unread}});
               });
    // A plain GET (no Upgrade header) on a socket path: authenticated like the upgrade, then
    // told what to do. The upgrade itself is taken over by the WebSocket hub.
    const auto upgradeRequired = [](RequestContext&) -> HttpResponse {
        auto response = ApiError(ErrorCode::InvalidRequest,
                                 "this path speaks WebSocket: send Upgrade: websocket")
                            .toResponse();
        response.status = 426;
        response.headers.emplace_back("Upgrade", "websocket");
        return response;
    };
    router.add("GET", "/api/v1/notifications/ws", Access::SignedIn, upgradeRequired);
    router.add("GET", "/api/v1/staff/ws", Access::Staff, upgradeRequired);
}

} // namespace lotok::services::notification
