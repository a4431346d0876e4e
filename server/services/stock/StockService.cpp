#include "StockService.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"

#include <algorithm>

namespace lotok::services::stock {

using http::ApiError;

namespace {
ApiError noSuchPosition(std::int64_t id) {
    return ApiError::notFound("no position " + std::to_string(id));
}
} // namespace

void StockService::announce(db::Transaction& tx, const Position& position) {
    m_outbox.add(tx, events::PositionChanged{position.id, position.toJson()});
}

Position StockService::position(std::int64_t id) {
    auto found = m_repository.find(id);
    if (!found) {
        throw noSuchPosition(id);
    }
    return *found;
}

Position StockService::create(const std::string& name, std::int64_t price, std::int64_t count) {
    return m_repository.pool().transact(
        [&](db::Transaction& tx) { return create(tx, name, price, count); });
}

Position StockService::create(db::Transaction& tx, const std::string& name, std::int64_t price,
                              std::int64_t count, const std::string& description,
                              std::optional<std::int64_t> categoryId) {
    auto position = m_repository.insert(tx, name, price, count, description, categoryId);
    announce(tx, position);
    return position;
}

Position StockService::update(std::int64_t id, const std::optional<std::string>& name,
                              const std::optional<std::int64_t>& price, std::int64_t add) {
    return m_repository.pool().transact(
        [&](db::Transaction& tx) { return update(tx, id, name, price, add); });
}

Position StockService::update(db::Transaction& tx, std::int64_t id,
                              const std::optional<std::string>& name,
                              const std::optional<std::int64_t>& price, std::int64_t add) {
    return update(
        tx, id,
        PositionChange{name, price, add, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
}

Position StockService::update(db::Transaction& tx, std::int64_t id, const PositionChange& change) {
    auto position = m_repository.update(tx, id, change);
    if (!position) {
        if (!m_repository.exists(tx, id)) {
            throw noSuchPosition(id);
        }
        throw ApiError(ErrorCode::InsufficientStock, "cannot write off more than is available",
                       "add");
    }
    announce(tx, *position);
    return *position;
}

ReserveResult StockService::reserve(std::int64_t positionId, std::int64_t orderId,
                                    std::int64_t count) {
    return m_repository.pool().transact(
        [&](db::Transaction& tx) { return reserveIn(tx, positionId, orderId, count); });
}

void StockService::reserveAll(std::int64_t orderId,
                              std::vector<std::pair<std::int64_t, std::int64_t>> positionCounts) {
    // In position order, so two orders sharing positions lock them in the same order.
    std::sort(positionCounts.begin(), positionCounts.end());
    m_repository.pool().transact([&](db::Transaction& tx) {
        for (const auto& [positionId, count] : positionCounts) {
            reserveIn(tx, positionId, orderId, count);
        }
    });
}

ReserveResult StockService::reserveIn(db::Transaction& tx, std::int64_t positionId,
                                      std::int64_t orderId, std::int64_t count) {
    // The reservation row goes first: a concurrent repeat for the same order waits on it
    // and then finds it, so the goods are never taken twice.
    bool inserted = false;
    try {
        inserted = m_repository.insertReservation(tx, orderId, positionId, count);
    } catch (const db::DbError& error) {
        if (error.sqlState() == "23503") { // foreign key: no such position
            throw noSuchPosition(positionId);
        }
        throw;
    }
    if (!inserted) {
        const auto existing = m_repository.findReservation(tx, orderId, positionId);
        if (existing && existing->status != "released") {
            return ReserveResult{positionId, orderId, existing->count};
        }
        throw ApiError(ErrorCode::InsufficientStock,
                       "the reservation for this order was already released");
    }
    auto position = m_repository.update(tx, positionId, std::nullopt, std::nullopt, -count);
    if (!position) {
        if (!m_repository.exists(tx, positionId)) {
            throw noSuchPosition(positionId);
        }
        throw ApiError(ErrorCode::InsufficientStock,
                       "not enough of position " + std::to_string(positionId) + " in stock",
                       "count");
    }
    announce(tx, *position);
    return ReserveResult{positionId, orderId, count};
}

int StockService::releaseIn(db::Transaction& tx, std::int64_t orderId) {
    const auto released = m_repository.moveReservations(tx, orderId, "reserved", "released");
    for (const auto& reservation : released) {
        if (auto position = m_repository.update(tx, reservation.positionId, std::nullopt,
                                                std::nullopt, reservation.count)) {
            announce(tx, *position);
        }
    }
    return static_cast<int>(released.size());
}

int StockService::returnIn(db::Transaction& tx, std::int64_t orderId) {
    auto returned = m_repository.moveReservations(tx, orderId, "sold", "returned");
    const auto reserved = m_repository.moveReservations(tx, orderId, "reserved", "returned");
    returned.insert(returned.end(), reserved.begin(), reserved.end());
    // In position order, as reserveAll locks them, so the two never deadlock.
    std::sort(returned.begin(), returned.end(), [](const Reservation& a, const Reservation& b) {
        return a.positionId < b.positionId;
    });
    for (const auto& reservation : returned) {
        if (auto position = m_repository.update(tx, reservation.positionId, std::nullopt,
                                                std::nullopt, reservation.count)) {
            announce(tx, *position);
        }
    }
    return static_cast<int>(returned.size());
}

int StockService::release(std::int64_t orderId) {
    return m_repository.pool().transact(
        [&](db::Transaction& tx) { return releaseIn(tx, orderId); });
}

void StockService::subscribeTo(events::Consumer& consumer) {
    consumer.handle<events::OrderConfirmed>(
        "stock", [this](db::Transaction& tx, const events::OrderConfirmed& event) {
            m_repository.moveReservations(tx, event.orderId, "reserved", "sold");
        });
    consumer.handle<events::OrderRejected>(
        "stock", [this](db::Transaction& tx, const events::OrderRejected& event) {
            releaseIn(tx, event.orderId);
        });
    // A cancelled order's goods come back: sold ones, and reserved ones when its confirmation
    // has not arrived yet (it then finds nothing left to sell). The status moves once, so the
    // counts go back once even without the inbox.
    consumer.handle<events::OrderCancelled>(
        "stock", [this](db::Transaction& tx, const events::OrderCancelled& event) {
            returnIn(tx, event.orderId);
        });
}

int StockService::releaseStale() {
    // Only time this process has been up counts. After a restart, reservations look old by
    // the length of the downtime, yet the orders holding them may be confirmed with the event
    // still on its way, or pending until saga recovery resumes them: releasing them at once
    // gave the goods of confirmed, paid orders back to stock (found by the crash test).
    if (std::chrono::steady_clock::now() - m_sweeperStarted <
        std::chrono::seconds(m_reservationTimeoutSeconds)) {
        return 0;
    }
    const auto stale = m_repository.pool().transact([&](db::Transaction& tx) {
        return m_repository.staleOrders(tx, m_reservationTimeoutSeconds, 100);
    });
    int settled = 0;
    for (const auto orderId : stale) {
        // Order decides, not the clock: an event can be late (a broker's redelivery, a
        // consumer that was down) without the order being lost.
        std::optional<std::string> status;
        if (m_orders.reachable()) {
            try {
                status = m_orders.status(orderId);
            } catch (const std::exception& error) {
                log::warn("reservations of order {} kept: cannot ask Order ({})", orderId,
                          error.what());
                continue;
            }
            if (status == "pending") {
                continue; // saga recovery finishes it, and its event settles the goods
            }
        }
        m_repository.pool().transact([&](db::Transaction& tx) {
            if (status == "confirmed") {
                log::warn("order {} is confirmed: its reservations, held past the {} s "
                          "timeout, are sold",
                          orderId, m_reservationTimeoutSeconds);
                m_repository.moveReservations(tx, orderId, "reserved", "sold");
            } else {
                log::warn("releasing reservations of order {} ({}): held past the {} s timeout",
                          orderId, status.value_or("unknown to Order"),
                          m_reservationTimeoutSeconds);
                releaseIn(tx, orderId);
            }
        });
        ++settled;
    }
    return settled;
}

void StockService::startSweeper() {
    m_sweeperStarted = std::chrono::steady_clock::now();
    m_sweeper.start();
}

void StockService::stopSweeper() {
    m_sweeper.stop();
}

} // namespace lotok::services::stock
