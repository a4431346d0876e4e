#pragma once

#include "OrderClient.h"
#include "StockRepository.h"
#include "events/Consumer.h"
#include "events/Outbox.h"
#include "util/PeriodicTask.h"

#include <atomic>
#include <chrono>

namespace lotok::services::stock {

struct ReserveResult {
    std::int64_t positionId;
    std::int64_t orderId;
    std::int64_t count;
};

// Goods: positions, their available counts, and the reservations orders hold on them.
class StockService {
public:
    StockService(StockRepository& repository, events::Outbox& outbox, std::string schema,
                 int reservationTimeoutSeconds, OrderClient orders)
        : m_repository(repository), m_outbox(outbox),
          m_reservationTimeoutSeconds(reservationTimeoutSeconds), m_orders(orders) {}
    ~StockService() { stopSweeper(); }

    Position position(std::int64_t id);
    Position create(const std::string& name, std::int64_t price, std::int64_t count);
    Position update(std::int64_t id, const std::optional<std::string>& name,
                    const std::optional<std::int64_t>& price, std::int64_t add);
    // The same inside the caller's transaction (the Api's, which holds an Idempotency-Key).
    Position create(db::Transaction& tx, const std::string& name, std::int64_t price,
                    std::int64_t count, const std::string& description = {},
                    std::optional<std::int64_t> categoryId = std::nullopt);
    Position update(db::Transaction& tx, std::int64_t id, const std::optional<std::string>& name,
                    const std::optional<std::int64_t>& price, std::int64_t add);
    // Any staff change: name, price, receipt/write-off, stock-take, archive or unarchive.
    Position update(db::Transaction& tx, std::int64_t id, const PositionChange& change);
    // Once per (order, position): a repeat returns the first reservation unchanged.
    ReserveResult reserve(std::int64_t positionId, std::int64_t orderId, std::int64_t count);
    // Every item of an order in one transaction: all reserved, or (insufficient_stock, naming
    // the position, or not_found) none. A repeat changes nothing.
    void reserveAll(std::int64_t orderId,
                    std::vector<std::pair<std::int64_t, std::int64_t>> positionCounts);
    // Gives back what an order still holds; returns how many positions were released.
    int release(std::int64_t orderId);

    // Its event handlers: a confirmed order's reservations become a sale, a rejected one's
    // are given back.
    void subscribeTo(events::Consumer& consumer);

    // Settles reservations held longer than the timeout, as Order decided them: those of a
    // confirmed order are sold, those of a rejected (or unknown) one released; a pending
    // order's wait for saga recovery. Returns how many orders it settled.
    int releaseStale();
    void startSweeper();
    void stopSweeper();

private:
    void announce(db::Transaction& tx, const Position& position);
    ReserveResult reserveIn(db::Transaction& tx, std::int64_t positionId, std::int64_t orderId,
                            std::int64_t count);
    int releaseIn(db::Transaction& tx, std::int64_t orderId);
    // Takes back the goods of a cancelled order (sold or still reserved); returns how many
    // reservations it returned.
    int returnIn(db::Transaction& tx, std::int64_t orderId);

    StockRepository& m_repository;
    events::Outbox& m_outbox;
    int m_reservationTimeoutSeconds;
    OrderClient m_orders;
    util::PeriodicTask m_sweeper{"reservation sweep", std::chrono::seconds(10),
                                 [this] { releaseStale(); }};
    // When this process's sweeper started: downtime does not count towards the timeout.
    std::chrono::steady_clock::time_point m_sweeperStarted{};
};

} // namespace lotok::services::stock
