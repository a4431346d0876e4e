#pragma once

#include "OrderRepository.h"
#include "OrderSaga.h"
#include "StockClient.h"
#include "auth/Caller.h"
#include "http/HttpMessage.h"
#include "http/JsonInput.h"
#include "util/PeriodicTask.h"

namespace lotok::services::order {

// Orders: placing one (through the saga), reading them, and resuming abandoned sagas.
class OrderService {
public:
    OrderService(OrderRepository& repository, StockClient& stock, OrderSaga& saga, int leaseSeconds)
        : m_repository(repository), m_stock(stock), m_saga(saga), m_leaseSeconds(leaseSeconds) {}
    ~OrderService() { stopRecovery(); }

    // 201 with the confirmed order, or the contract's error for a rejected one; with an
    // Idempotency-Key a repeat answers the same.
    http::HttpResponse place(std::int64_t userId, const http::JsonInput& body,
                             const std::optional<std::string>& idempotencyKey,
                             const std::string& fingerprint);
    Order get(std::int64_t id, const lotok::auth::Caller& caller);
    // For other services (Stock's sweeper): nullopt when there is no such order.
    std::optional<std::string> statusOf(std::int64_t id);
    std::vector<Order> list(std::int64_t userId, std::optional<std::int64_t> before, int limit);

    // Resumes pending orders whose lease ran out; returns how many were resumed.
    int recoverAbandoned();
    void startRecovery();
    void stopRecovery();

private:
    // The answer to a request whose Idempotency-Key is already taken.
    http::HttpResponse replay(std::int64_t userId, const std::string& idempotencyKey,
                              const std::string& fingerprint);

    std::vector<OrderItem> validatedItems(const http::JsonInput& body);
    http::HttpResponse responseFor(const Order& order);

    OrderRepository& m_repository;
    StockClient& m_stock;
    OrderSaga& m_saga;
    int m_leaseSeconds;
    util::PeriodicTask m_recovery{"saga recovery", std::chrono::seconds(1), [this] {
                                      while (recoverAbandoned() > 0) {
                                      }
                                  }};
};

} // namespace lotok::services::order
