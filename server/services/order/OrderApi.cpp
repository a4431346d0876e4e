#include "OrderApi.h"

#include "http/ApiError.h"
#include "http/IdempotencyStore.h"
#include "http/Page.h"
#include "lotok/Limits.h"
#include "lotok/Money.h"
#include "lotok/Validation.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <regex>
#include <set>

namespace lotok::services::order {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

namespace {

// RFC 3339 date-time ("2026-12-02T10:00:00Z") or a date ("2026-12-02", midnight UTC); the
// parts in range, so PostgreSQL never refuses what passed here.
std::optional<std::string> timeParam(const http::HttpRequest& request, const char* name,
                                     bool endOfDay) {
    const auto value = request.queryParam(name);
    if (!value) {
        return std::nullopt;
    }
    static const std::regex format(
        R"((\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?)");
    std::smatch parts;
    const auto fail = [&]() -> ApiError {
        return ApiError::invalid(name, std::string(name) +
                                           " must be an RFC 3339 date-time or a date (YYYY-MM-DD)");
    };
    if (!std::regex_match(*value, parts, format)) {
        throw fail();
    }
    const auto number = [&](int part) { return parts[part].matched ? std::stoi(parts[part]) : 0; };
    const int year = number(1), month = number(2), day = number(3);
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                           std::chrono::day(day)};
    if (year < 1 || !date.ok() || number(4) > 23 || number(5) > 59 || number(6) > 59) {
        throw fail();
    }
    if (parts[4].matched) {
        return *value;
    }
    // A date as `to` means "up to the end of that day".
    const std::chrono::year_month_day midnight{std::chrono::sys_days(date) +
                                               std::chrono::days(endOfDay ? 1 : 0)};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT00:00:00Z", int(midnight.year()),
                  unsigned(midnight.month()), unsigned(midnight.day()));
    return std::string(text);
}

// The staff board's filter from its query parameters, each checked (docs/api-decisions.md).
StaffOrderFilter staffOrderFilter(const http::HttpRequest& request) {
    StaffOrderFilter filter;
    if (auto status = request.queryParam("status"); status && !status->empty()) {
        if (*status != "pending" && *status != "confirmed" && *status != "rejected" &&
            *status != "cancelled") {
            throw ApiError::invalid("status",
                                    "status must be pending, confirmed, rejected or cancelled");
        }
        filter.status = *status;
    }
    filter.from = timeParam(request, "from", false);
    filter.to = timeParam(request, "to", true);
    if (auto query = request.queryParam("q"); query && !query->empty()) {
        if (query->size() > 100) {
            throw ApiError::invalid("q", "q must be at most 100 characters");
        }
        filter.query = *query;
        // "#123" or "123" may also be an order id.
        std::string_view digits = *query;
        if (digits.starts_with('#')) {
            digits.remove_prefix(1);
        }
        std::int64_t id = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
        if (error == std::errc() && end == digits.data() + digits.size() && id > 0) {
            filter.orderId = id;
        }
    }
    return filter;
}

std::vector<OrderItem> validatedItems(const http::JsonInput& body) {
    const auto entries = body.requireObjectArray("items");
    if (entries.empty()) {
        throw ApiError::invalid("items", "an order needs at least one item");
    }
    if (entries.size() > limits::kMaxOrderItems) {
        throw ApiError::invalid("items", "an order may have at most 100 items");
    }
    std::vector<OrderItem> items;
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto field = "items[" + std::to_string(i) + "]";
        OrderItem item;
        item.positionId = entries[i].requireInt64("position_id");
        if (item.positionId <= 0) {
            throw ApiError::invalid(field + ".position_id",
                                    "position_id must be a positive integer");
        }
        item.count = entries[i].requireInt64("count");
        if (auto problem = validation::orderCount(item.count)) {
            throw ApiError::invalid(field + ".count", "count " + *problem);
        }
        if (!seen.insert(item.positionId).second) {
            throw ApiError::invalid(field + ".position_id",
                                    "each position may appear once; add up the counts");
        }
        items.push_back(item);
    }
    return items;
}

// The contract's answer to a placed order: 201, or the error of its rejection.
HttpResponse responseFor(const Order& order) {
    if (order.status == "confirmed" || order.status == "cancelled") {
        // The answer as it was when the order was decided: a replay later must not show the
        // delivery stage it has reached since (the first answer had none), nor a cancel.
        auto decided = order;
        decided.status = "confirmed";
        decided.deliveryStatus.reset();
        decided.cancelledAt.reset();
        return http::HttpResponse::json(201, decided.toJson());
    }
    if (order.status == "rejected") {
        const bool funds = order.reason == "insufficient_funds";
        auto response =
            ApiError(funds ? ErrorCode::InsufficientFunds : ErrorCode::InsufficientStock,
                     funds ? "the balance does not cover the order total of " +
                                 money::toDecimalString(order.total) + " " +
                                 std::string(kCurrency) + "; top up and try again"
                           : "not enough goods in stock for this order; lower the count")
                .toResponse();
        // The rejected order exists and can be looked at: say which one it is.
        auto body = nlohmann::json::parse(response.body);
        body["error"]["order_id"] = order.id;
        response.body = body.dump();
        return response;
    }
    throw ApiError(ErrorCode::Unavailable, "the order is still being processed");
}

} // namespace

void OrderApi::registerRoutes(http::Router& router) {
    router.add("POST", "/api/v1/order", Access::SignedIn, [this](RequestContext& context) {
        const auto key = http::IdempotencyStore::keyOf(context.request());
        const auto placed =
            m_service.place(context.caller().userId, validatedItems(context.json()), key,
                            http::IdempotencyStore::fingerprint(context.request()));
        auto response = responseFor(placed.order);
        if (placed.replayed) {
            response.headers.emplace_back("Idempotent-Replayed", "true");
        }
        return response;
    });

    router.add("GET", "/api/v1/orders", Access::SignedIn, [this](RequestContext& context) {
        const int limit = context.limitParam(limits::kOrdersPageDefault, limits::kOrdersPageMax);
        const auto before = context.idQueryParam("before");
        return HttpResponse::json(
            200,
            http::pageJson(m_service.list(context.caller().userId, before, limit + 1), limit,
                           "orders", "next_before", [](const Order& order) { return order.id; }));
    });

    router.add("GET", "/api/v1/staff/orders", Access::Staff, [this](RequestContext& context) {
        const int limit = context.limitParam(limits::kOrdersPageDefault, limits::kOrdersPageMax);
        const auto before = context.idQueryParam("before");
        return HttpResponse::json(
            200,
            http::pageJson(
                m_service.listAll(staffOrderFilter(context.request()), before, limit + 1), limit,
                "orders", "next_before", [](const StaffOrder& row) { return row.order.id; }));
    });

    router.add("GET", "/api/v1/order/{id}", Access::SignedIn, [this](RequestContext& context) {
        return HttpResponse::json(200,
                                  m_service.get(context.idParam("id"), context.caller()).toJson());
    });

    // Beyond the seed (second round): cancel before it is sent. 200 with the order as
    // cancelled; 409 invalid_transition with error.reason when it cannot be; the
    // Idempotency-Key as on orders (a refused request is not remembered).
    router.add("POST", "/api/v1/order/{id}/cancel", Access::SignedIn,
               [this](RequestContext& context) {
                   const auto key = http::IdempotencyStore::keyOf(context.request());
                   // No field is read, but a body that is sent must be a JSON object, as
                   // everywhere else (400 otherwise).
                   if (!context.request().body.empty()) {
                       (void)context.json();
                   }
                   const auto outcome =
                       m_service.cancel(context.idParam("id"), context.caller(), key,
                                        http::IdempotencyStore::fingerprint(context.request()));
                   if (outcome.refusal) {
                       auto response =
                           ApiError(ErrorCode::InvalidTransition, outcome.message).toResponse();
                       auto body = nlohmann::json::parse(response.body);
                       body["error"]["reason"] = *outcome.refusal;
                       body["error"]["order_id"] = outcome.order.id;
                       response.body = body.dump();
                       return response;
                   }
                   auto response = HttpResponse::json(200, outcome.order.toJson());
                   if (outcome.replayed) {
                       response.headers.emplace_back("Idempotent-Replayed", "true");
                   }
                   return response;
               });

    // Beyond the seed: how Stock's sweeper learns what became of an order that still holds
    // reservations, before it gives any goods back.
    router.add("GET", "/internal/api/v1/order/{id}/status", Access::Service,
               [this](RequestContext& context) {
                   const auto id = context.idParam("id");
                   const auto status = m_service.statusOf(id);
                   if (!status) {
                       throw ApiError::notFound("no order " + std::to_string(id));
                   }
                   return HttpResponse::json(200, {{"order_id", id}, {"status", *status}});
               });
}

} // namespace lotok::services::order
