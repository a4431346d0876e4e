#include "db/Migrator.h"

#include "LotokdProcess.h"
#include "db/Pool.h"

#include <catch2/catch.hpp>

using namespace lotok;

TEST_CASE("migrations apply once, in version order, and never twice") {
    db::Pool pool(test::createTestDatabase(), 2);
    db::Migrator migrator(pool);
    const db::MigrationSet set{"sample",
                               "sample",
                               {{2, "add column", "ALTER TABLE {schema}.things ADD COLUMN b int"},
                                {1, "create", "CREATE TABLE {schema}.things (a int)"}}};
    CHECK(migrator.apply(set) == 2);
    CHECK(migrator.apply(set) == 0);
    pool.exec("INSERT INTO sample.things (a, b) VALUES (1, 2)");
    const auto applied =
        pool.exec("SELECT version, name FROM sample.schema_migrations ORDER BY version");
    REQUIRE(applied.rows() == 2);
    CHECK(applied.string(1, 1) == "add column");

    auto grown = set;
    grown.migrations.push_back({3, "index", "CREATE INDEX things_a ON {schema}.things (a)"});
    CHECK(migrator.apply(grown) == 1);
}

TEST_CASE("a failing migration leaves nothing half-applied") {
    db::Pool pool(test::createTestDatabase(), 2);
    db::Migrator migrator(pool);
    const db::MigrationSet broken{
        "broken",
        "broken",
        {{1, "good", "CREATE TABLE {schema}.t (a int)"},
         {2, "bad", "ALTER TABLE {schema}.t ADD COLUMN b int; SELECT no_such_function()"}}};
    CHECK_THROWS(migrator.apply(broken));
    CHECK(pool.exec("SELECT 1 FROM broken.schema_migrations WHERE version = 2").empty());
    CHECK(pool.exec("SELECT 1 FROM information_schema.columns WHERE table_schema = 'broken' "
                    "AND column_name = 'b'")
              .empty());
}

TEST_CASE("the platform tables exist in every service schema") {
    db::Pool pool(test::createTestDatabase(), 2);
    db::Migrator migrator(pool);
    CHECK(migrator.apply(db::platformMigrations("svc")) == 5);
    CHECK(migrator.apply(db::platformMigrations("svc")) == 0);
    for (const auto* table : {"outbox", "inbox", "idempotency_keys"}) {
        CHECK_FALSE(pool.exec("SELECT 1 FROM information_schema.tables WHERE table_schema = 'svc' "
                              "AND table_name = $1",
                              {table})
                        .empty());
    }
}
