#include "BillingService.h"

#include "BillingRepository.h"
#include "DbQueries.h"
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
    std::string url = test::createTestDatabase();
    db::Pool pool{url, 16};
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
        // Every balance is also the sum of its statement's lines, chained line by line.
        db::Connection db(url);
        CHECK(test::ledgerMismatches(db) == 0);
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

TEST_CASE_METHOD(Fixture, "the statement has a line for each top-up, payment and refund") {
    topUp(8, 1000);
    service.pay(8, 800, 300);
    service.pay(8, 801, 200);
    service.pay(8, 800, 300);                                  // a retried payment adds no line
    CHECK_THROWS_AS(service.pay(8, 802, 999), http::ApiError); // refused: no line either
    deliver(events::OrderRejected{801, 8, "insufficient_stock"});
    deliver(events::OrderRejected{801, 8, "insufficient_stock"}); // refunded once
    topUp(9, 50); // someone else's money is not on this statement

    const auto lines = service.statement(8, std::nullopt, 10);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].kind == "refund");
    CHECK(lines[0].amount == 200);
    CHECK(lines[0].balanceAfter == 700);
    CHECK(lines[0].orderId == 801);
    CHECK(lines[1].kind == "payment");
    CHECK(lines[1].amount == -200);
    CHECK(lines[1].balanceAfter == 500);
    CHECK(lines[1].orderId == 801);
    CHECK(lines[2].kind == "payment");
    CHECK(lines[2].amount == -300);
    CHECK(lines[2].balanceAfter == 700);
    CHECK(lines[2].orderId == 800);
    CHECK(lines[3].kind == "top_up");
    CHECK(lines[3].amount == 1000);
    CHECK(lines[3].balanceAfter == 1000);
    CHECK(!lines[3].orderId);
    CHECK(service.balance(8) == 700);
    CHECK(ledgerGap() == 0);

    // Pages: `before` an id gives the older lines only.
    const auto older = service.statement(8, lines[1].id, 10);
    REQUIRE(older.size() == 2);
    CHECK(older[0].id == lines[2].id);
    CHECK(service.statement(8, lines[3].id, 10).empty());
    CHECK(service.statement(8, std::nullopt, 1).front().id == lines[0].id);
}

TEST_CASE_METHOD(Fixture, "parallel payments and top-ups keep every line's balance in order") {
    topUp(10, 500);
    std::vector<std::thread> threads;
    for (int i = 1; i <= 20; ++i) {
        threads.emplace_back([&, i] {
            try {
                if (i % 4 == 0) {
                    topUpWith(10, 100, std::nullopt, ""); // no REQUIRE off the main thread
                } else {
                    service.pay(10, 10'000 + i, 60);
                }
            } catch (const http::ApiError&) {
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(ledgerGap() == 0);
    CHECK(service.statement(10, std::nullopt, 200).front().balanceAfter == service.balance(10));
}

// The migration that adds the ledger, on data from before it: an account's lines come back
// from its top-ups, payments and refunds, and a balance its history does not explain (rows
// written past lotokd, as the benchmarks' seeds did) gets an opening line for the
// difference, so the balance is the statement's sum for old accounts too.
TEST_CASE("the ledger migration gives old accounts their history as lines") {
    const auto url = test::createTestDatabase();
    db::Pool pool(url, 2);
    db::Migrator migrator(pool);
    migrator.apply(db::platformMigrations("billing"));
    auto all = migrations();
    std::vector<db::Migration> first;
    std::copy_if(all.begin(), all.end(), std::back_inserter(first),
                 [](const db::Migration& migration) { return migration.version == 1; });
    REQUIRE(first.size() == 1);
    migrator.apply({"billing", "billing", first});
    db::Connection db(url);
    db.execScript(R"sql(
        INSERT INTO billing.accounts (user_id, balance, created_at) VALUES
            (1, 700, '2026-01-01T10:00:00Z'), (2, 5000, '2026-01-02T10:00:00Z'),
            (3, 0, '2026-01-03T10:00:00Z'), (4, 150, '2026-01-04T10:00:00Z');
        INSERT INTO billing.topups (user_id, amount, created_at) VALUES
            (1, 1000, '2026-01-01T10:00:00Z'), (4, 100, '2026-01-05T10:00:00Z');
        INSERT INTO billing.payments (order_id, user_id, amount, created_at, refunded_at) VALUES
            (10, 1, 300, '2026-01-01T11:00:00Z', NULL),
            (11, 1, 200, '2026-01-01T12:00:00Z', '2026-01-01T12:00:05Z');
    )sql");
    migrator.apply({"billing", "billing", all});

    BillingRepository repository(pool, "billing");
    const auto one = repository.statement(1, std::nullopt, 10);
    REQUIRE(one.size() == 4);
    CHECK(one[3].kind == "top_up");
    CHECK(one[3].balanceAfter == 1000);
    CHECK(one[3].createdAt == "2026-01-01T10:00:00.000Z");
    CHECK(one[2].kind == "payment");
    CHECK(one[2].amount == -300);
    CHECK(one[2].orderId == 10);
    CHECK(one[1].kind == "payment");
    CHECK(one[1].balanceAfter == 500);
    CHECK(one[0].kind == "refund");
    CHECK(one[0].amount == 200);
    CHECK(one[0].orderId == 11);
    CHECK(one[0].balanceAfter == 700);
    CHECK(one[0].createdAt == "2026-01-01T12:00:05.000Z");

    const auto two = repository.statement(2, std::nullopt, 10);
    REQUIRE(two.size() == 1);
    CHECK(two[0].kind == "opening");
    CHECK(two[0].amount == 5000);
    CHECK(two[0].balanceAfter == 5000);
    CHECK(!two[0].orderId);

    CHECK(repository.statement(3, std::nullopt, 10).empty());

    const auto four = repository.statement(4, std::nullopt, 10);
    REQUIRE(four.size() == 2);
    CHECK(four[1].kind == "opening");
    CHECK(four[1].amount == 50);
    CHECK(four[0].kind == "top_up");
    CHECK(four[0].balanceAfter == 150);

    // Ids follow time across accounts, and new lines come after the old ones.
    CHECK(one[3].id < two[0].id);
    CHECK(two[0].id < four[1].id);
    pool.transact([&](db::Transaction& tx) { repository.topUp(tx, 2, 1, 1'000'000); });
    CHECK(repository.statement(2, std::nullopt, 1).front().id > four[0].id);

    CHECK(test::ledgerMismatches(db) == 0);
    // The check the end-to-end suites rely on does see a balance its lines do not explain.
    db.exec("UPDATE billing.accounts SET balance = balance + 1 WHERE user_id = 3");
    CHECK(test::ledgerMismatches(db) == 1);
}
