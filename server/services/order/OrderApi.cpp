#include "OrderApi.h"

#include "http/IdempotencyStore.h"
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
        // One row more than asked tells whether another page follows.
        auto orders = m_service.list(context.caller().userId, before, limit + 1);
        nlohmann::json next = nullptr;
        if (static_cast<int>(orders.size()) > limit) {
            orders.pop_back();
            next = orders.back().id;
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& order : orders) {
            list.push_back(order.toJson());
        }
        return HttpResponse::json(200, {{"orders", list}, {"next_before", next}});
    });

    router.add("GET", "/api/v1/order/{id}", Access::SignedIn, [this](RequestContext& context) {
        return HttpResponse::json(200,
                                  m_service.get(context.idParam("id"), context.caller()).toJson());
    });
}

} // namespace lotok::services::order
