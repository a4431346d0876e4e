#include "StockApi.h"

#include "http/ApiError.h"
#include "http/Page.h"
#include "lotok/Limits.h"
#include "lotok/Validation.h"

#include <algorithm>
#include <charconv>

namespace lotok::services::stock {

using http::Access;
using http::ApiError;
using http::HttpResponse;
using http::RequestContext;

namespace {

template <typename Rule> auto checked(const std::string& field, auto value, Rule rule) {
    if (auto problem = rule(value)) {
        throw ApiError::invalid(field, field + " " + *problem);
    }
    return value;
}

std::vector<std::int64_t> parseIds(const std::string& text) {
    std::vector<std::int64_t> ids;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::int64_t id = 0;
        const auto [ptr, error] = std::from_chars(text.data() + start, text.data() + end, id);
        if (error != std::errc() || ptr != text.data() + end || id <= 0) {
            throw ApiError::invalid("ids", "must be a comma-separated list of positive integers");
        }
        ids.push_back(id);
        start = end + 1;
    }
    if (ids.size() > static_cast<std::size_t>(limits::kPositionsPageMax)) {
        throw ApiError::invalid("ids", "at most 500 ids at once");
    }
    return ids;
}

nlohmann::json toJson(const std::vector<Position>& positions) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& position : positions) {
        out.push_back(position.toJson());
    }
    return out;
}

// The catalogue's filters: `q` (contains, over name and description) and `category` (an id).
PositionFilter filterOf(RequestContext& context, bool withArchived) {
    PositionFilter filter;
    filter.withArchived = withArchived;
    if (auto q = context.request().queryParam("q")) {
        const auto length = validation::utf8Length(*q);
        if (!length) {
            throw ApiError::invalid("q", "q must be valid UTF-8");
        }
        if (*length > limits::kSearchQueryMax) {
            throw ApiError::invalid("q", "q must be at most " +
                                             std::to_string(limits::kSearchQueryMax) +
                                             " characters");
        }
        if (std::any_of(q->begin(), q->end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
            throw ApiError::invalid("q", "q must not contain control characters");
        }
        // Blank is no filter (a cleared search box).
        if (q->find_first_not_of(' ') != std::string::npos) {
            filter.text = std::move(*q);
        }
    }
    filter.categoryId = context.idQueryParam("category");
    if (filter.categoryId == 0) {
        throw ApiError::invalid("category", "category must be a category's id");
    }
    return filter;
}

// A page of the catalogue through the `after` cursor.
HttpResponse positionsPage(StockRepository& repository, RequestContext& context,
                           bool withArchived) {
    const int limit = context.limitParam(limits::kPositionsPageDefault, limits::kPositionsPageMax);
    const auto after = context.idQueryParam("after").value_or(0);
    const auto filter = filterOf(context, withArchived);
    return HttpResponse::json(
        200, http::pageJson(repository.list(after, limit + 1, filter), limit, "positions",
                            "next_after", [](const Position& position) { return position.id; }));
}

// The catalogue fields of a create or change: `description` (plain text, lines allowed)
// and `category_id` (an id; 0 removes the category on a change).
void catalogueFieldsOf(const http::JsonInput& body, PositionChange& change, bool creating) {
    change.description = body.optionalText("description");
    if (change.description) {
        checked("description", *change.description,
                [](const std::string& v) { return validation::description(v); });
    }
    change.categoryId = body.optionalInt64("category_id");
    if (change.categoryId && (*change.categoryId < 0 || (creating && *change.categoryId == 0))) {
        throw ApiError::invalid("category_id", creating ? "category_id must be a positive integer"
                                                        : "category_id must be a positive integer, "
                                                          "or 0 to remove the category");
    }
}

// The stock-take and archive fields of a staff change: `count` (absolute, not with `add`)
// and `archived` (a boolean).
PositionChange stockTakeOf(const http::JsonInput& body, bool hasAdd) {
    PositionChange change;
    change.count = body.optionalInt64("count");
    if (change.count) {
        checked("count", *change.count, &validation::stockCount);
        if (hasAdd) {
            throw ApiError::invalid("count", "give count (a stock-take) or add, not both");
        }
    }
    if (body.has("archived")) {
        const auto& value = body.raw().at("archived");
        if (!value.is_boolean()) {
            throw ApiError::invalid("archived", "archived must be true or false");
        }
        change.archived = value.get<bool>();
    }
    return change;
}

} // namespace

void StockApi::registerRoutes(http::Router& router) {
    router.add("GET", "/api/v1/stock/position/{id}/count", Access::Anyone,
               [this](RequestContext& context) {
                   const auto position = m_service.position(context.idParam("id"));
                   return HttpResponse::json(
                       200, {{"position_id", position.id}, {"count", position.count}});
               });

    router.add("POST", "/api/v1/stock/position/{id}/reserve", Access::StaffOrService,
               [this](RequestContext& context) {
                   const auto positionId = context.idParam("id");
                   const auto body = context.json();
                   const auto orderId = body.requireInt64("order_id");
                   if (orderId <= 0) {
                       throw ApiError::invalid("order_id", "order_id must be a positive integer");
                   }
                   const auto count =
                       checked("count", body.requireInt64("count"), &validation::orderCount);
                   const auto result = m_service.reserve(positionId, orderId, count);
                   return HttpResponse::json(200, {{"position_id", result.positionId},
                                                   {"order_id", result.orderId},
                                                   {"count", result.count}});
               });

    router.add("GET", "/api/v1/stock/positions", Access::Anyone, [this](RequestContext& context) {
        if (const auto ids = context.request().queryParam("ids")) {
            return HttpResponse::json(
                200, {{"positions", toJson(m_repository.findMany(parseIds(*ids)))}});
        }
        return positionsPage(m_repository, context, false);
    });

    // Staff's view of the same list: archived positions too, to see and bring them back.
    router.add("GET", "/api/v1/staff/positions", Access::Staff, [this](RequestContext& context) {
        return positionsPage(m_repository, context, true);
    });

    router.add("POST", "/api/v1/stock/positions", Access::Staff, [this](RequestContext& context) {
        const auto body = context.json();
        const auto name = checked("name", body.requireString("name"),
                                  [](const std::string& v) { return validation::positionName(v); });
        const auto price = checked("price", body.requireInt64("price"), &validation::price);
        const auto count =
            checked("count", body.optionalInt64("count").value_or(0), &validation::stockCount);
        PositionChange catalogue;
        catalogueFieldsOf(body, catalogue, true);
        return m_idempotency.run(
            m_repository.pool(), "stock.create", context.caller().userId,
            http::IdempotencyStore::keyOf(context.request()),
            http::IdempotencyStore::fingerprint(context.request()), [&](db::Transaction& tx) {
                if (catalogue.categoryId) {
                    m_catalogue.requireCategory(tx, *catalogue.categoryId);
                }
                return HttpResponse::json(201, m_service
                                                   .create(tx, name, price, count,
                                                           catalogue.description.value_or(""),
                                                           catalogue.categoryId)
                                                   .toJson());
            });
    });

    router.add(
        "POST", "/api/v1/stock/position/{id}", Access::Staff, [this](RequestContext& context) {
            const auto id = context.idParam("id");
            const auto body = context.json();
            auto name = body.optionalString("name");
            if (name) {
                checked("name", *name,
                        [](const std::string& v) { return validation::positionName(v); });
            }
            auto price = body.optionalInt64("price");
            if (price) {
                checked("price", *price, &validation::price);
            }
            auto add = body.optionalInt64("add");
            if (add) {
                checked("add", *add, &validation::stockAdjustment);
            }
            auto change = stockTakeOf(body, add.has_value());
            change.name = name;
            change.price = price;
            change.add = add.value_or(0);
            catalogueFieldsOf(body, change, false);
            if (!name && !price && !add && !change.count && !change.archived &&
                !change.description && !change.categoryId) {
                throw ApiError(ErrorCode::InvalidRequest,
                               "nothing to change: give name, price, add, count, archived, "
                               "description or category_id");
            }
            return m_idempotency.run(
                m_repository.pool(), "stock.update", context.caller().userId,
                http::IdempotencyStore::keyOf(context.request()),
                http::IdempotencyStore::fingerprint(context.request()), [&](db::Transaction& tx) {
                    if (change.categoryId && *change.categoryId != 0) {
                        m_catalogue.requireCategory(tx, *change.categoryId);
                    }
                    return HttpResponse::json(200, m_service.update(tx, id, change).toJson());
                });
        });

    // Beyond the seed: the Order saga's first step, every item of an order in one call and
    // one transaction (the public per-position reserve stays for staff and the contract).
    router.add("POST", "/internal/api/v1/stock/reserve", Access::Service,
               [this](RequestContext& context) {
                   const auto body = context.json();
                   const auto orderId = body.requireInt64("order_id");
                   if (orderId <= 0) {
                       throw ApiError::invalid("order_id", "order_id must be a positive integer");
                   }
                   const auto items = body.requireObjectArray("items");
                   if (items.empty() || items.size() > limits::kMaxOrderItems) {
                       throw ApiError::invalid("items", "1 to 100 items");
                   }
                   std::vector<std::pair<std::int64_t, std::int64_t>> counts;
                   for (std::size_t i = 0; i < items.size(); ++i) {
                       const auto field = "items[" + std::to_string(i) + "]";
                       const auto positionId = items[i].requireInt64("position_id");
                       if (positionId <= 0) {
                           throw ApiError::invalid(field + ".position_id",
                                                   "position_id must be a positive integer");
                       }
                       counts.emplace_back(positionId,
                                           checked(field + ".count", items[i].requireInt64("count"),
                                                   &validation::orderCount));
                   }
                   m_service.reserveAll(orderId, std::move(counts));
                   return HttpResponse::json(200, {{"order_id", orderId}});
               });

    // Beyond the seed: the Order saga's compensation, so a rejected order's goods are back
    // before its request returns (the order_rejected event does the same, idempotently).
    router.add("POST", "/internal/api/v1/stock/release", Access::Service,
               [this](RequestContext& context) {
                   const auto orderId = context.json().requireInt64("order_id");
                   const int released = m_service.release(orderId);
                   return HttpResponse::json(200, {{"order_id", orderId}, {"released", released}});
               });
}

} // namespace lotok::services::stock
