#pragma once

#include "StockPort.h"
#include "http/ServiceTransport.h"

namespace lotok::services::order {

// StockPort over Stock's HTTP API (in this process or another): maps Stock's answers to the
// port's results, so no HTTP status reaches the saga.
class StockClient : public StockPort {
public:
    explicit StockClient(http::ServiceTransport& transport) : m_transport(transport) {}

    std::map<std::int64_t, CataloguePosition>
    positions(const std::vector<std::int64_t>& ids) override;
    ReserveResult reserveAll(std::int64_t orderId, const std::vector<Reservation>& items) override;
    void release(std::int64_t orderId) override;

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::order
