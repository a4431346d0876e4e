#include "StockClient.h"

#include "http/ApiError.h"

namespace lotok::services::order {
namespace {

void expectOk(const http::HttpResponse& response) {
    if (response.status != 200) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Unavailable, "stock answered " + std::to_string(response.status)));
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

void StockClient::reserveAll(std::int64_t orderId, const nlohmann::json& items) {
    expectOk(m_transport.postJson("/internal/api/v1/stock/reserve",
                                  {{"order_id", orderId}, {"items", items}}));
}

void StockClient::release(std::int64_t orderId) {
    expectOk(m_transport.postJson("/internal/api/v1/stock/release", {{"order_id", orderId}}));
}

} // namespace lotok::services::order
