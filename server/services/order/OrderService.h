#pragma once

#include "CancelSaga.h"
#include "OrderRepository.h"
#include "OrderSaga.h"
#include "StockPort.h"
#include "auth/Caller.h"
#include "http/HttpMessage.h"
#include "util/PeriodicTask.h"

namespace lotok::services::order {

// What placing an order came to: the order as the saga left it (confirmed, rejected with
// its reason, or still pending), and whether it was made by an earlier request with the same
// Idempotency-Key.
struct PlaceOutcome {
    Order order;
    bool replayed = false;
};

// Orders: placing one (through the saga), reading them, and resuming abandoned sagas.
class OrderService {
public:
    OrderService(OrderRepository& repository, StockPort& stock, OrderSaga& saga,
                 CancelSaga& cancelSaga, int leaseSeconds)
        : m_repository(repository), m_stock(stock), m_saga(saga), m_cancelSaga(cancelSaga),
          m_leaseSeconds(leaseSeconds) {}
    ~OrderService() { stopRecovery(); }

    // Prices the items (404 for an unknown position, field items[i].position_id) and runs
    // the saga; with an Idempotency-Key a repeat finds the first order (422 when the key
    // came with another body).
    PlaceOutcome place(std::int64_t userId, std::vector<OrderItem> items,
                       const std::optional<std::string>& idempotencyKey,
                       const std::string& fingerprint);
    Order get(std::int64_t id, const lotok::auth::Caller& caller);
    // For other services (Stock's sweeper): nullopt when there is no such order.
    std::optional<std::string> statusOf(std::int64_t id);
    std::vector<Order> list(std::int64_t userId, std::optional<std::int64_t> before, int limit);
    // The staff board: every order that passes the filter, newest first.
    std::vector<StaffOrder> listAll(const StaffOrderFilter& filter,
                                    std::optional<std::int64_t> before, int limit);

    // Cancels a confirmed order before it is sent, for its customer or staff (404 for
    // someone else's order). A refusal (the order is pending, rejected, cancelled already or
    // sent) is an outcome, not an error. With an Idempotency-Key a repeat gets the first
    // answer (422 when the key came with another request); a refused request is not
    // remembered, so its key stays free.
    CancelOutcome cancel(std::int64_t orderId, const lotok::auth::Caller& caller,
                         const std::optional<std::string>& idempotencyKey,
                         const std::string& fingerprint);

    // Resumes pending orders and requested cancellations whose lease ran out; returns how
    // many were resumed.
    int recoverAbandoned();
    void startRecovery();
    void stopRecovery();

private:
    // The order of a request whose Idempotency-Key is already taken.
    PlaceOutcome replay(std::int64_t userId, const std::string& idempotencyKey,
                        const std::string& fingerprint);

    OrderRepository& m_repository;
    StockPort& m_stock;
    OrderSaga& m_saga;
    CancelSaga& m_cancelSaga;
    int m_leaseSeconds;
    util::PeriodicTask m_recovery{"saga recovery", std::chrono::seconds(1), [this] {
                                      while (recoverAbandoned() > 0) {
                                      }
                                  }};
};

} // namespace lotok::services::order
