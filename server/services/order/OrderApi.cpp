#include "OrderApi.h"

#include "http/ApiError.h"
#include "http/IdempotencyStore.h"
#include "http/Page.h"
#include "lotok/Limits.h"

namespace lotok::services::order {

using http::Access;
using http::HttpResponse;
using http::RequestContext;

void OrderApi::registerRoutes(http::Router& router) {
    router.add("POST", "/api/v1/order", Access::SignedIn, [this](RequestContext& context) {
        const auto key = http::IdempotencyStore::keyOf(context.request());
        return m_service.place(context.caller().userId, context.json(), key,
                               http::IdempotencyStore::fingerprint(context.request()));
    });

    router.add("GET", "/api/v1/orders", Access::SignedIn, [this](RequestContext& context) {
        const int limit = context.limitParam(limits::kOrdersPageDefault, limits::kOrdersPageMax);
        const auto before = context.idQueryParam("before");
        return HttpResponse::json(
            200,
            http::pageJson(m_service.list(context.caller().userId, before, limit + 1), limit,
                           "orders", "next_before", [](const Order& order) { return order.id; }));
    });

    router.add("GET", "/api/v1/order/{id}", Access::SignedIn, [this](RequestContext& context) {
        return HttpResponse::json(200,
                                  m_service.get(context.idParam("id"), context.caller()).toJson());
    });

    // Beyond the seed: how Stock's sweeper learns what became of an order that still holds
    // reservations, before it gives any goods back.
    router.add("GET", "/internal/api/v1/order/{id}/status", Access::Service,
               [this](RequestContext& context) {
                   const auto id = context.idParam("id");
                   const auto status = m_service.statusOf(id);
                   if (!status) {
                       throw http::ApiError::notFound("no order " + std::to_string(id));
                   }
                   return HttpResponse::json(200, {{"order_id", id}, {"status", *status}});
               });
}

} // namespace lotok::services::order
