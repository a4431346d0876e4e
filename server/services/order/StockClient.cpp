#include "StockClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {
namespace {

// Anything but the answers the port defines means Stock could not do it now.
[[noreturn]] void unavailable(const http::HttpResponse& response,
                              const std::optional<http::ApiError>& error) {
    throw http::ApiError(ErrorCode::Unavailable,
                         "stock answered " + std::to_string(response.status) +
                             (error ? std::string(": ") + error->what() : std::string()));
}

void expectOk(const http::HttpResponse& response) {
    if (response.status != 200) {
        unavailable(response, http::ApiError::fromResponse(response));
    }
}

} // namespace

std::map<std::int64_t, CataloguePosition>
StockClient::positions(const std::vector<std::int64_t>& ids) {
    std::string list;
    for (auto id : ids) {
        list += (list.empty() ? "" : ",") + std::to_string(id);
    }
    const auto response = m_transport.get("/api/v1/stock/positions", "ids=" + list);
    expectOk(response);
    std::map<std::int64_t, CataloguePosition> out;
    const auto body = response.json();
    for (const auto& position : body.at("positions")) {
        const auto id = position.at("id").get<std::int64_t>();
        out.emplace(id, CataloguePosition{id, position.at("name").get<std::string>(),
                                          position.at("price").get<std::int64_t>()});
    }
    return out;
}

ReserveResult StockClient::reserveAll(std::int64_t orderId, const std::vector<Reservation>& items) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& item : items) {
        list.push_back({{"position_id", item.positionId}, {"count", item.count}});
    }
    const auto response = m_transport.postJson("/internal/api/v1/stock/reserve",
                                               {{"order_id", orderId}, {"items", list}});
    if (response.status == 200) {
        return ReserveResult::Reserved;
    }
    const auto error = http::ApiError::fromResponse(response);
    // A position deleted since the order was priced has no stock either.
    if (error &&
        (error->code() == ErrorCode::InsufficientStock || error->code() == ErrorCode::NotFound)) {
        return ReserveResult::InsufficientStock;
    }
    unavailable(response, error);
}

void StockClient::release(std::int64_t orderId) {
    expectOk(m_transport.postJson("/internal/api/v1/stock/release", {{"order_id", orderId}}));
}

} // namespace lotok::services::order
