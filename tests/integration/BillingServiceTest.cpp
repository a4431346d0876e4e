#include "BillingService.h"

#include "BillingRepository.h"
#include "LotokdProcess.h"
#include "db/Migrator.h"
#include "events/Consumer.h"
#include "events/InProcessBus.h"
#include "http/ApiError.h"
#include "http/IdempotencyStore.h"
#include "lotok/IntegrationEvents.h"
#include "util/Crypto.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

using namespace lotok;
using namespace lotok::services::billing;

namespace lotok::services::billing {
std::vector<db::Migration> migrations();
}

namespace {

struct Fixture {
    db::Pool pool{test::createTestDatabase(), 16};
    BillingRepository repository{pool, "billing"};
    BillingService service{repository, "billing"};
    events::InProcessBus bus;
    events::Consumer consumer{bus, pool, "billing"};

    Fixture() {
        db::Migrator migrator(pool);
        migrator.apply(db::platformMigrations("billing"));
        migrator.apply({"billing", "billing", migrations()});
        service.subscribeTo(consumer);
    }
    template <typename T> void deliver(const T& event, const std::string& id = util::uuid4()) {
        bus.publish(events::Event(id, std::string(T::kType), event.toJson()));
        bus.drain();
    }
    http::IdempotencyStore idempotency{"billing"};

    // A top-up as BillingApi makes one: in the store's transaction, under an optional key.
    http::HttpResponse topUpWith(std::int64_t user, std::int64_t amount,
                                 const std::optional<std::string>& key, const std::string& hash) {
        return idempotency.run(pool, "topup", user, key, hash, [&](db::Transaction& tx) {
            return http::HttpResponse::json(200, {{"balance", service.topUp(tx, user, amount)}});
        });
    }
    void topUp(std::int64_t user, std::int64_t amount) {
        REQUIRE(topUpWith(user, amount, std::nullopt, "").status == 200);
    }
    std::int64_t ledgerGap() {
        // top-ups - unrefunded payments - balances: zero when no money was made or lost.
        return pool
            .exec("SELECT (SELECT COALESCE(sum(amount), 0) FROM billing.topups) - (SELECT "
                  "COALESCE(sum(amount), 0) FROM billing.payments WHERE refunded_at IS "
                  "NULL) - (SELECT COALESCE(sum(balance), 0) FROM billing.accounts)")
            .int64(0, 0);
    }
};

} // namespace

TEST_CASE_METHOD(Fixture, "an order is paid once, however often it asks") {
    topUp(1, 1000);
    const auto first = service.pay(1, 100, 300);
    const auto again = service.pay(1, 100, 300);
    CHECK(first.paymentId == again.paymentId);
    CHECK(service.balance(1) == 700);
    CHECK(ledgerGap() == 0);
}

TEST_CASE_METHOD(Fixture, "a short balance is refused and untouched") {
    topUp(2, 100);
    try {
        service.pay(2, 200, 101);
        FAIL("paid more than the balance");
    } catch (const http::ApiError& error) {
        CHECK(error.code() == ErrorCode::InsufficientFunds);
    }
    CHECK(service.balance(2) == 100);
    CHECK(pool.exec("SELECT 1 FROM billing.payments WHERE order_id = 200").empty());
    // A user with no account yet has nothing to pay with.
    CHECK_THROWS_AS(service.pay(3, 201, 1), http::ApiError);
}

TEST_CASE_METHOD(Fixture, "parallel payments never take a balance below zero") {
    topUp(4, 1000);
    std::atomic<int> paid{0};
    std::vector<std::thread> threads;
    for (int order = 1; order <= 30; ++order) {
        threads.emplace_back([&, order] {
            try {
                service.pay(4, 1000 + order, 70);
                ++paid;
            } catch (const http::ApiError&) {
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(paid == 14); // 14 * 70 = 980 <= 1000 < 15 * 70
    CHECK(service.balance(4) == 20);
    CHECK(ledgerGap() == 0);
}

TEST_CASE_METHOD(Fixture, "a rejected order's payment is refunded once") {
    topUp(5, 500);
    service.pay(5, 300, 200);
    const events::OrderRejected rejected{300, 5, "insufficient_stock"};
    const auto id = util::uuid4();
    deliver(rejected, id);
    deliver(rejected, id);
    deliver(rejected); // another event about the same order

    CHECK(service.balance(5) == 500);
    CHECK(ledgerGap() == 0);
}

TEST_CASE_METHOD(Fixture, "a cancelled order's payment is refunded once, by the same refund") {
    topUp(6, 500);
    service.pay(6, 310, 200);
    CHECK(service.balance(6) == 300);
    const events::OrderCancelled cancelled{310, 6, {}, 200, 6};
    const auto id = util::uuid4();
    deliver(cancelled, id);
    deliver(cancelled, id);
    deliver(cancelled); // another event about the same order
    // A rejection arriving after the cancel finds the payment refunded already.
    deliver(events::OrderRejected{310, 6, "insufficient_stock"});

    CHECK(service.balance(6) == 500);
    CHECK(ledgerGap() == 0);
}

TEST_CASE_METHOD(Fixture, "top-ups replay under the same key and refuse a different body") {
    const auto first = topUpWith(6, 100, std::string("k1"), "hash-a");
    const auto replay = topUpWith(6, 100, std::string("k1"), "hash-a");
    CHECK(replay.body == first.body);
    CHECK(service.balance(6) == 100);
    try {
        topUpWith(6, 999, std::string("k1"), "hash-b");
        FAIL("a reused key was accepted");
    } catch (const http::ApiError& error) {
        CHECK(error.code() == ErrorCode::IdempotencyKeyReused);
    }
    CHECK(service.balance(6) == 100);
}

TEST_CASE_METHOD(Fixture, "registration opens the account exactly once") {
    const events::UserRegistered registered{7, "seven", "seven@example.com"};
    const auto id = util::uuid4();
    deliver(registered, id);
    deliver(registered, id);
    CHECK(pool.exec("SELECT count(*) FROM billing.accounts WHERE user_id = 7").int64(0, 0) == 1);
}
