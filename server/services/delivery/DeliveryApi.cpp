#include "DeliveryApi.h"

#include "http/ApiError.h"
#include "http/Page.h"
#include "lotok/Limits.h"

namespace lotok::services::delivery {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

namespace {

std::int64_t orderIdOf(const RequestContext& context) {
    const auto orderId = context.json().requireInt64("order_id");
    if (orderId <= 0) {
        throw ApiError::invalid("order_id", "order_id must be a positive integer");
    }
    return orderId;
}

} // namespace

void DeliveryApi::registerRoutes(http::Router& router) {
    router.add("GET", "/api/v1/order/{id}/delivery", Access::SignedIn,
               [this](RequestContext& context) {
                   return HttpResponse::json(
                       200, m_service.get(context.idParam("id"), context.caller()).toJson());
               });
    router.add("POST", "/api/v1/order/sent", Access::Staff, [this](RequestContext& context) {
        return HttpResponse::json(200, m_service.markSent(orderIdOf(context)).toJson());
    });
    const auto received = [this](RequestContext& context) {
        return HttpResponse::json(200, m_service.markReceived(orderIdOf(context)).toJson());
    };
    router.add("POST", "/api/v1/order/recieved", Access::Staff, received); // the seed's spelling
    router.add("POST", "/api/v1/order/received", Access::Staff, received);
    // Order's cancel saga (docs/architecture.md): 200 with the delivery as cancelled, or 409
    // invalid_transition with `error.delivery_status` once it was sent or received.
    router.add("POST", "/internal/api/v1/delivery/cancel", Access::Service,
               [this](RequestContext& context) {
                   const auto body = context.json();
                   const auto orderId = orderIdOf(context);
                   const auto userId = body.requireInt64("user_id");
                   if (userId <= 0) {
                       throw ApiError::invalid("user_id", "user_id must be a positive integer");
                   }
                   const auto outcome = m_service.cancel(orderId, userId);
                   if (outcome.cancelled) {
                       return HttpResponse::json(200, outcome.cancelled->toJson());
                   }
                   auto response =
                       ApiError(ErrorCode::InvalidTransition,
                                "the order has already been " +
                                    std::string(outcome.status == "sent" ? "sent" : "delivered"))
                           .toResponse();
                   auto error = nlohmann::json::parse(response.body);
                   error["error"]["delivery_status"] = outcome.status;
                   response.body = error.dump();
                   return response;
               });
    router.add("GET", "/api/v1/deliveries", Access::Staff, [this](RequestContext& context) {
        auto status = context.request().queryParam("status");
        if (status && status->empty()) {
            status.reset();
        }
        if (status && *status != "awaiting_shipment" && *status != "sent" &&
            *status != "received" && *status != "cancelled") {
            throw ApiError::invalid("status",
                                    "must be awaiting_shipment, sent, received or cancelled");
        }
        const int limit =
            context.limitParam(limits::kPositionsPageDefault, limits::kPositionsPageMax);
        return HttpResponse::json(
            200, http::pageJson(m_service.list(status, context.idQueryParam("before"), limit + 1),
                                limit, "deliveries", "next_before",
                                [](const Delivery& delivery) { return delivery.orderId; }));
    });
}

} // namespace lotok::services::delivery
