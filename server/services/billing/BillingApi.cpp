#include "BillingApi.h"

#include "http/ApiError.h"
#include "http/Page.h"
#include "lotok/Limits.h"
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

    // The statement is the customer's own: staff have no account of their own to read, and
    // they are refused before the paging parameters are looked at (role before input).
    router.add(
        "GET", "/api/v1/account/transactions", Access::SignedIn, [this](RequestContext& context) {
            const auto& caller = context.caller();
            if (caller.role != auth::Role::Customer) {
                throw ApiError(ErrorCode::Forbidden, "only customers have a statement");
            }
            const int limit =
                context.limitParam(limits::kTransactionsPageDefault, limits::kTransactionsPageMax);
            const auto before = context.idQueryParam("before");
            return HttpResponse::json(
                200, http::pageJson(m_service.statement(caller.userId, before, limit + 1), limit,
                                    "transactions", "next_before",
                                    [](const LedgerLine& line) { return line.id; }));
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
