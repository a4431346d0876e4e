#include "StockService.h"

#include "LotokdProcess.h"
#include "StockRepository.h"
#include "db/Migrator.h"
#include "events/InProcessBus.h"
#include "http/ApiError.h"
#include "util/Crypto.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

using namespace lotok;
using namespace lotok::services::stock;

namespace lotok::services::stock {
std::vector<db::Migration> migrations();
}

namespace {

struct Fixture {
    db::Pool pool{test::createTestDatabase(), 16};
    events::InProcessBus bus;
    events::Outbox outbox{pool, "stock", bus};
    StockRepository repository{pool, "stock"};
    StockService service{repository, outbox, "stock", 3600, OrderClient(nullptr)};

    Fixture() {
        db::Migrator migrator(pool);
        migrator.apply(db::platformMigrations("stock"));
        migrator.apply({"stock", "stock", migrations()});
    }
    events::Event event(const std::string& type, std::int64_t orderId) {
        return {util::uuid4(), type, {{"order_id", orderId}}};
    }
    std::int64_t reservedCount(std::int64_t orderId, const std::string& status) {
        return pool
            .exec("SELECT COALESCE(sum(count), 0) FROM stock.reservations WHERE order_id = "
                  "$1 AND status = $2",
                  {orderId, status})
            .int64(0, 0);
    }
};

ErrorCode codeOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const http::ApiError& error) {
        return error.code();
    }
    return ErrorCode::Internal;
}

} // namespace

TEST_CASE_METHOD(Fixture, "a reservation is taken once per order and position") {
    const auto tea = service.create("Tea", 25000, 10);
    CHECK(service.reserve(tea.id, 1, 3).count == 3);
    CHECK(service.reserve(tea.id, 1, 3).count == 3); // a retry
    CHECK(service.position(tea.id).count == 7);
    CHECK(codeOf([&] { service.reserve(tea.id, 2, 8); }) == ErrorCode::InsufficientStock);
    CHECK(service.position(tea.id).count == 7);
    CHECK(pool.exec("SELECT 1 FROM stock.reservations WHERE order_id = 2").empty());
    CHECK(codeOf([&] { service.reserve(999999, 3, 1); }) == ErrorCode::NotFound);
}

TEST_CASE_METHOD(Fixture, "release gives goods back once; a sale keeps them") {
    const auto tea = service.create("Tea", 25000, 10);
    const auto cake = service.create("Cake", 50000, 5);
    service.reserve(tea.id, 10, 4);
    service.reserve(cake.id, 10, 2);
    CHECK(service.release(10) == 2);
    CHECK(service.release(10) == 0);
    CHECK(service.position(tea.id).count == 10);
    CHECK(service.position(cake.id).count == 5);
    CHECK(codeOf([&] { service.reserve(tea.id, 10, 4); }) == ErrorCode::InsufficientStock);

    service.reserve(tea.id, 11, 4);
    service.onOrderConfirmed(event("order.order_confirmed", 11));
    CHECK(reservedCount(11, "sold") == 4);
    service.onOrderRejected(event("order.order_rejected", 11)); // sold goods stay sold
    CHECK(service.position(tea.id).count == 6);
}

TEST_CASE_METHOD(Fixture, "an event delivered twice is handled once") {
    const auto tea = service.create("Tea", 100, 10);
    service.reserve(tea.id, 20, 5);
    const auto rejected = event("order.order_rejected", 20);
    service.onOrderRejected(rejected);
    service.reserve(tea.id, 21, 5); // takes the released goods again
    service.onOrderRejected(rejected);
    CHECK(service.position(tea.id).count == 5);
}

TEST_CASE_METHOD(Fixture, "parallel reservations never oversell") {
    const auto tea = service.create("Tea", 100, 10);
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int order = 1; order <= 40; ++order) {
        threads.emplace_back([&, order] {
            try {
                service.reserve(tea.id, order, 1);
                ++granted;
            } catch (const http::ApiError&) {
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(granted == 10);
    CHECK(service.position(tea.id).count == 0);
}

TEST_CASE_METHOD(Fixture, "staff adjustments never take stock below zero") {
    const auto tea = service.create("Tea", 100, 3);
    CHECK(service.update(tea.id, std::nullopt, std::nullopt, 5).count == 8);
    CHECK(codeOf([&] { service.update(tea.id, std::nullopt, std::nullopt, -9); }) ==
          ErrorCode::InsufficientStock);
    const auto renamed = service.update(tea.id, std::string("Green tea"), 150, -8);
    CHECK(renamed.name == "Green tea");
    CHECK(renamed.price == 150);
    CHECK(renamed.count == 0);
}

TEST_CASE_METHOD(Fixture, "reservations held past the timeout are released") {
    StockService impatient{repository, outbox, "stock", 0, OrderClient(nullptr)};
    const auto tea = impatient.create("Tea", 100, 10);
    impatient.reserve(tea.id, 30, 6);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(impatient.releaseStale() == 1);
    CHECK(impatient.position(tea.id).count == 10);
    CHECK(reservedCount(30, "released") == 6);
}

TEST_CASE_METHOD(Fixture, "an order's items are reserved all together or not at all") {
    const auto tea = service.create("Tea", 100, 10);
    const auto cake = service.create("Cake", 200, 1);
    CHECK(codeOf([&] {
              service.reserveAll(40, {{tea.id, 3}, {cake.id, 2}});
          }) == ErrorCode::InsufficientStock);
    CHECK(service.position(tea.id).count == 10); // the tea was not kept back
    CHECK(codeOf([&] {
              service.reserveAll(41, {{tea.id, 3}, {999999, 1}});
          }) == ErrorCode::NotFound);
    CHECK(service.position(tea.id).count == 10);
    service.reserveAll(42, {{cake.id, 1}, {tea.id, 3}});
    service.reserveAll(42, {{cake.id, 1}, {tea.id, 3}}); // a retried step
    CHECK(service.position(tea.id).count == 7);
    CHECK(service.position(cake.id).count == 0);
    CHECK(reservedCount(42, "reserved") == 4);
}
