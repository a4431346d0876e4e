#include "BillingApi.h"

#include "http/ApiError.h"
#include "lotok/Money.h"
#include "lotok/Validation.h"

namespace lotok::services::billing {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

namespace {

std::int64_t checkedAmount(const http::JsonInput& body, const char* field) {
    const auto amount = body.requireInt64(field);
    if (auto problem = validation::amount(amount)) {
        throw ApiError::invalid(field, std::string(field) + " " + *problem);
    }
    return amount;
}

} // namespace

void BillingApi::registerRoutes(http::Router& router) {
    router.add("GET", "/api/v1/account", Access::SignedIn, [this](RequestContext& context) {
        const auto userId = context.caller().userId;
        return HttpResponse::json(
            200,
            {{"user_id", userId}, {"balance", m_service.balance(userId)}, {"currency", kCurrency}});
    });

    router.add("POST", "/api/v1/account", Access::SignedIn, [this](RequestContext& context) {
        const auto key = http::IdempotencyStore::keyOf(context.request());
        const auto amount = checkedAmount(context.json(), "amount");
        const auto userId = context.caller().userId;
        // The whole answer is kept with the key, so a replay returns it byte for byte.
        return m_idempotency.run(
            m_service.pool(), "topup", userId, key,
            http::IdempotencyStore::fingerprint(context.request()), [&](db::Transaction& tx) {
                return HttpResponse::json(200, {{"user_id", userId},
                                                {"balance", m_service.topUp(tx, userId, amount)},
                                                {"currency", kCurrency}});
            });
    });

    router.add("POST", "/internal/api/v1/payment", Access::Service,
               [this](RequestContext& context) {
                   const auto body = context.json();
                   const auto userId = body.requireInt64("user_id");
                   const auto orderId = body.requireInt64("order_id");
                   if (userId <= 0) {
                       throw ApiError::invalid("user_id", "user_id must be a positive integer");
                   }
                   if (orderId <= 0) {
                       throw ApiError::invalid("order_id", "order_id must be a positive integer");
                   }
                   const auto amount = checkedAmount(body, "amount");
                   const auto payment = m_service.pay(userId, orderId, amount);
                   return HttpResponse::json(200, {{"payment_id", payment.paymentId},
                                                   {"order_id", payment.orderId},
                                                   {"amount", payment.amount}});
               });
}

} // namespace lotok::services::billing
