// Transactions send BEGIN together with their first statement (libpq pipeline mode): what
// they write must still be all-or-nothing, and a failure must leave the connection usable.
#include "LotokdProcess.h"
#include "db/Errors.h"
#include "db/Pool.h"

#include <catch2/catch.hpp>

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
