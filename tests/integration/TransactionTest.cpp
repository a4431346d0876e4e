// Transactions send BEGIN together with their first statement (libpq pipeline mode): what
// they write must still be all-or-nothing, and a failure must leave the connection usable.
#include "LotokdProcess.h"
#include "db/Errors.h"
#include "db/Pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <optional>
#include <thread>

using namespace lotok;

namespace {
std::int64_t countRows(db::Pool& pool) {
    return pool.exec("SELECT count(*) FROM t").int64(0, 0);
}
} // namespace

TEST_CASE("a transaction is atomic when BEGIN travels with its first statement") {
    // One connection, so every case below reuses the one a failure happened on.
    db::Pool pool(test::createTestDatabase(), 1);
    pool.exec("CREATE TABLE t (id int PRIMARY KEY, note text NOT NULL)");

    SECTION("committed statements are all there, with their parameters") {
        {
            auto tx = pool.begin();
            CHECK(tx.exec("INSERT INTO t VALUES ($1, $2) RETURNING id", {1, "one"}).int64(0, 0) ==
                  1);
            tx.exec("INSERT INTO t VALUES ($1, $2)", {2, "two"});
            tx.commit();
        }
        CHECK(countRows(pool) == 2);
        CHECK(pool.exec("SELECT note FROM t WHERE id = $1", {2}).string(0, 0) == "two");
    }
    SECTION("without a commit nothing stays, first statement included") {
        {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.exec("INSERT INTO t VALUES ($1, $2)", {2, "two"});
        }
        CHECK(countRows(pool) == 0);
    }
    SECTION("a failing first statement reports its SQLSTATE and rolls back") {
        pool.exec("INSERT INTO t VALUES (1, 'taken')");
        try {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "again"});
            FAIL("the duplicate key was accepted");
        } catch (const db::DbError& error) {
            CHECK(error.isUniqueViolation());
        }
        CHECK(countRows(pool) == 1);
        // The same connection goes on, in and out of transactions.
        {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {2, "fine"});
            tx.commit();
        }
        CHECK(countRows(pool) == 2);
    }
    SECTION("a failure after the first statement undoes the first") {
        try {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.exec("INSERT INTO t VALUES ($1, NULL)", {2});
            FAIL("a NULL note was accepted");
        } catch (const db::DbError&) {
        }
        CHECK(countRows(pool) == 0);
    }
    SECTION("a transaction with no statement commits nothing and costs nothing") {
        pool.begin().commit();
        CHECK(countRows(pool) == 0);
    }
    SECTION("a statement that cannot be prepared fails cleanly") {
        CHECK_THROWS_AS(pool.begin().exec("SELECT no_such_column FROM t"), db::DbError);
        CHECK(countRows(pool) == 0);
    }
}

TEST_CASE("statements sent with COMMIT are part of the transaction, all or nothing") {
    db::Pool pool(test::createTestDatabase(), 1);
    pool.exec("CREATE TABLE t (id int PRIMARY KEY, note text NOT NULL)");

    SECTION("they run at commit, after the statements before it, in their order") {
        {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.execAtCommit("UPDATE t SET note = $2 WHERE id = $1", {1, "changed"});
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {2, "two"});
            tx.execAtCommit("SET LOCAL synchronous_commit = off");
            // Not sent yet: the transaction itself does not see them.
            CHECK(tx.exec("SELECT count(*) FROM t").int64(0, 0) == 1);
            tx.commit();
        }
        CHECK(countRows(pool) == 2);
        CHECK(pool.exec("SELECT note FROM t WHERE id = $1", {1}).string(0, 0) == "changed");
    }
    SECTION("a transaction of nothing else opens and commits with them") {
        {
            auto tx = pool.begin();
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.commit();
        }
        CHECK(countRows(pool) == 1);
    }
    SECTION("one that fails makes commit throw and undoes the whole transaction") {
        pool.exec("INSERT INTO t VALUES (9, 'taken')");
        bool ranAfterCommit = false;
        try {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {9, "again"});
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {2, "two"});
            tx.afterCommit([&] { ranAfterCommit = true; });
            tx.commit();
            FAIL("the duplicate key was accepted");
        } catch (const db::DbError& error) {
            CHECK(error.isUniqueViolation());
        }
        CHECK_FALSE(ranAfterCommit);
        CHECK(countRows(pool) == 1); // only the row from before
        // The connection goes on.
        {
            auto tx = pool.begin();
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {3, "three"});
            tx.commit();
        }
        CHECK(countRows(pool) == 2);
    }
    SECTION("without a commit they are never sent") {
        {
            auto tx = pool.begin();
            tx.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"});
            tx.execAtCommit("INSERT INTO t VALUES ($1, $2)", {2, "two"});
        }
        CHECK(countRows(pool) == 0);
    }
}

TEST_CASE("a statement planned each time runs like a prepared one, and is not kept") {
    db::Pool pool(test::createTestDatabase(), 1);
    pool.exec("CREATE TABLE t (id int PRIMARY KEY, note text NOT NULL)");
    pool.exec("INSERT INTO t VALUES ($1, $2)", {1, "one"}, db::Plan::EachTime);
    {
        auto tx = pool.begin();
        // As a transaction's first statement (sent with BEGIN) and after it.
        CHECK(tx.exec("SELECT note FROM t WHERE id = $1", {1}, db::Plan::EachTime).string(0, 0) ==
              "one");
        tx.exec("INSERT INTO t VALUES ($1, $2)", {2, "two"}, db::Plan::EachTime);
        tx.commit();
    }
    CHECK(countRows(pool) == 2);
    // Nothing of them is prepared on the connection: their plans are made at each call.
    CHECK(pool.exec("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE "
                    "'%FROM t WHERE id%' OR statement LIKE 'INSERT INTO t %'",
                    {}, db::Plan::EachTime) // not itself kept, as its text would match
              .int64(0, 0) == 0);
    // A failing one reports its error and leaves the connection usable.
    CHECK_THROWS_AS(pool.exec("INSERT INTO t VALUES ($1, $2)", {1, "again"}, db::Plan::EachTime),
                    db::DbError);
    CHECK(countRows(pool) == 2);
}

TEST_CASE("event work takes a freed connection before requests that waited longer") {
    db::Pool pool(test::createTestDatabase(), 2);
    std::optional<db::PooledConnection> first(pool.acquire());
    std::optional<db::PooledConnection> second(pool.acquire());
    std::atomic<bool> requestGot{false};
    std::atomic<bool> eventGot{false};
    std::thread request([&] {
        auto connection = pool.acquire();
        requestGot = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the request waits first
    std::thread event([&] {
        const db::Pool::EventWork eventWork;
        auto connection = pool.acquire();
        eventGot = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK_FALSE(requestGot.load());
    CHECK_FALSE(eventGot.load());
    first.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(eventGot.load());
    CHECK_FALSE(requestGot.load());
    // The request is not forgotten: the next connection freed is its, at once, not after the
    // pool's acquire timeout.
    second.reset();
    event.join();
    request.join();
    CHECK(requestGot.load());
}

TEST_CASE("connections freed together reach event work and the request behind it") {
    // Both releases wake event work (it waits first in line); the event work's acquire must
    // pass the second connection on, or the request waits out the acquire timeout and fails.
    db::Pool pool(test::createTestDatabase(), 2, std::chrono::seconds(3));
    std::optional<db::PooledConnection> first(pool.acquire());
    std::optional<db::PooledConnection> second(pool.acquire());
    std::atomic<int> failures{0};
    std::atomic<bool> hold{true};
    const auto take = [&](bool eventWork) {
        std::optional<db::Pool::EventWork> scope;
        if (eventWork) {
            scope.emplace();
        }
        try {
            auto connection = pool.acquire();
            while (hold.load()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        } catch (const db::UnavailableError&) {
            ++failures;
        }
    };
    std::thread request(take, false);
    std::thread event(take, true);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    first.reset();
    second.reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(pool.inUse() == 2); // both got one, each holding it
    hold = false;
    request.join();
    event.join();
    CHECK(failures.load() == 0);
}
