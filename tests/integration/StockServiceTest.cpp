#include "StockService.h"

#include "LotokdProcess.h"
#include "StockRepository.h"
#include "db/Migrator.h"
#include "events/Consumer.h"
#include "events/InProcessBus.h"
#include "http/ApiError.h"
#include "lotok/IntegrationEvents.h"
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
    events::Consumer consumer{bus, pool, "stock"};

    Fixture() {
        db::Migrator migrator(pool);
        migrator.apply(db::platformMigrations("stock"));
        migrator.apply({"stock", "stock", migrations()});
        service.subscribeTo(consumer);
    }
    // Delivers an event as the bus would, through the service's own handlers.
    template <typename T> void deliver(const T& event, const std::string& id = util::uuid4()) {
        bus.publish(events::Event(id, std::string(T::kType), event.toJson()));
        bus.drain();
    }
    static events::OrderConfirmed confirmed(std::int64_t orderId) { return {orderId, 1, {}, 0}; }
    static events::OrderRejected rejected(std::int64_t orderId) {
        return {orderId, 1, "insufficient_funds"};
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

TEST_CASE_METHOD(Fixture, "release gives goods back once, a sale keeps them") {
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
    deliver(confirmed(11));
    CHECK(reservedCount(11, "sold") == 4);
    deliver(rejected(11)); // sold goods stay sold
    CHECK(service.position(tea.id).count == 6);
}

TEST_CASE_METHOD(Fixture, "a cancelled order's goods come back once, sold or still reserved") {
    const auto tea = service.create("Tea", 25000, 10);
    const auto cake = service.create("Cake", 50000, 5);
    const auto cancelled = [](std::int64_t orderId) {
        return events::OrderCancelled{orderId, 1, {}, 0, 1};
    };
    // Sold, then cancelled: both lines back, once however often the event comes.
    service.reserve(tea.id, 30, 4);
    service.reserve(cake.id, 30, 1);
    deliver(confirmed(30));
    const auto id = util::uuid4();
    deliver(cancelled(30), id);
    deliver(cancelled(30), id);
    deliver(cancelled(30));
    CHECK(reservedCount(30, "returned") == 5);
    CHECK(service.position(tea.id).count == 10);
    CHECK(service.position(cake.id).count == 5);

    // The cancel before the confirmation (events of two types keep no order between them):
    // the goods come back and the late confirmation sells nothing.
    service.reserve(tea.id, 31, 3);
    deliver(cancelled(31));
    deliver(confirmed(31));
    CHECK(reservedCount(31, "returned") == 3);
    CHECK(reservedCount(31, "sold") == 0);
    CHECK(service.position(tea.id).count == 10);
}

TEST_CASE_METHOD(Fixture, "an event that does not fit its type is refused, not guessed at") {
    const auto tea = service.create("Tea", 100, 10);
    service.reserve(tea.id, 22, 5);
    bus.publish(
        events::Event(util::uuid4(), "order.order_rejected", {{"order_id", "22"}, {"user_id", 1}}));
    bus.drain();
    CHECK(reservedCount(22, "reserved") == 5);
    // Stored for the consumer, refused, and kept for another attempt with the reason.
    const auto row = pool.exec("SELECT attempts, last_error, next_attempt_at > now(), dead_at IS "
                               "NULL FROM stock.bus_deliveries");
    REQUIRE(row.rows() == 1);
    CHECK(row.int64(0, 0) == 1);
    CHECK(row.string(0, 1).find("order_id") != std::string::npos);
    CHECK(row.boolean(0, 2));
    CHECK(row.boolean(0, 3));
}

TEST_CASE_METHOD(Fixture, "an event delivered twice is handled once") {
    const auto tea = service.create("Tea", 100, 10);
    service.reserve(tea.id, 20, 5);
    const auto id = util::uuid4();
    deliver(rejected(20), id);
    service.reserve(tea.id, 21, 5); // takes the released goods again
    deliver(rejected(20), id);
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
