#include "OrderService.h"

#include "http/ApiError.h"
#include "log/FieldScope.h"
#include "log/Log.h"
#include "lotok/Limits.h"
#include "lotok/Money.h"
#include "metrics/Metrics.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <regex>

namespace lotok::services::order {

using http::ApiError;

PlaceOutcome OrderService::replay(std::int64_t userId, const std::string& idempotencyKey,
                                  const std::string& fingerprint) {
    const auto existing = m_repository.findByIdempotencyKey(userId, idempotencyKey);
    if (!existing) {
        throw ApiError(ErrorCode::Unavailable, "the order with this Idempotency-Key is gone");
    }
    if (existing->requestHash != fingerprint) {
        throw ApiError(ErrorCode::IdempotencyKeyReused,
                       "this Idempotency-Key was used for a different order");
    }
    return PlaceOutcome{existing->status == "pending" ? m_saga.run(*existing) : *existing, true};
}

PlaceOutcome OrderService::place(std::int64_t userId, std::vector<OrderItem> items,
                                 const std::optional<std::string>& idempotencyKey,
                                 const std::string& fingerprint) {
    std::vector<std::int64_t> ids;
    for (const auto& item : items) {
        ids.push_back(item.positionId);
    }
    const auto catalogue = m_stock.positions(ids);
    Order order;
    order.userId = userId;
    order.idempotencyKey = idempotencyKey;
    order.requestHash = idempotencyKey ? std::optional(fingerprint) : std::nullopt;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto& item = items[i];
        const auto found = catalogue.find(item.positionId);
        if (found == catalogue.end()) {
            throw ApiError(ErrorCode::NotFound, "no position " + std::to_string(item.positionId),
                           "items[" + std::to_string(i) + "].position_id");
        }
        item.name = found->second.name;
        item.price = found->second.price;
        const auto line = money::multiply(item.price, item.count);
        const auto total = line ? money::add(order.total, *line) : std::nullopt;
        if (!total || *total > limits::kMaxAmount) {
            throw ApiError::invalid("items", "the order total may not exceed " +
                                                 money::toDecimalString(limits::kMaxAmount));
        }
        order.total = *total;
    }
    order.items = std::move(items);

    // A repeated Idempotency-Key is found by the insert itself (ON CONFLICT): a first
    // request, the common case, costs no lookup before it.
    auto pending = m_repository.insertPending(order, m_leaseSeconds);
    if (!pending) {
        if (!idempotencyKey) {
            throw ApiError(ErrorCode::Internal, "the order was not stored");
        }
        return replay(userId, *idempotencyKey, fingerprint);
    }
    log::debug("order {} placed by user {}", pending->id, userId);
    return PlaceOutcome{m_saga.run(*pending), false};
}

std::optional<std::string> OrderService::statusOf(std::int64_t id) {
    const auto order = m_repository.find(id);
    if (!order) {
        return std::nullopt;
    }
    return order->status;
}

Order OrderService::get(std::int64_t id, const lotok::auth::Caller& caller) {
    auto order = m_repository.find(id);
    // Someone else's order is as good as missing: no hint that it exists.
    if (!order || (order->userId != caller.userId && !caller.isStaff() && !caller.isService())) {
        throw ApiError::notFound("no order " + std::to_string(id));
    }
    return *order;
}

std::vector<Order> OrderService::list(std::int64_t userId, std::optional<std::int64_t> before,
                                      int limit) {
    return m_repository.listForUser(userId, before, limit);
}

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

} // namespace

std::vector<StaffOrder> OrderService::listAll(const http::HttpRequest& request,
                                              std::optional<std::int64_t> before, int limit) {
    StaffOrderFilter filter;
    if (auto status = request.queryParam("status"); status && !status->empty()) {
        if (*status != "pending" && *status != "confirmed" && *status != "rejected") {
            throw ApiError::invalid("status", "status must be pending, confirmed or rejected");
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
    return m_repository.listAll(filter, before, limit);
}

int OrderService::recoverAbandoned() {
    int resumed = 0;
    for (auto id : m_repository.claimAbandoned(m_leaseSeconds, 50)) {
        const auto order = m_repository.find(id);
        if (!order || order->status != "pending") {
            continue;
        }
        log::FieldScope fields;
        fields.add("order_id", id);
        try {
            const auto decided = m_saga.run(*order);
            log::info("resumed order: {}", decided.status);
            metrics::Registry::global()
                .counter("lotok_orders_recovered_total",
                         "Pending orders whose lease ran out that recovery decided")
                .inc();
            ++resumed;
        } catch (const std::exception& error) {
            log::warn("could not resume the order yet: {}", error.what());
        }
    }
    return resumed;
}

void OrderService::startRecovery() {
    m_recovery.start();
}

void OrderService::stopRecovery() {
    m_recovery.stop();
}

} // namespace lotok::services::order
