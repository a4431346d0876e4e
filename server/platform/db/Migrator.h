#pragma once

#include "db/Migration.h"
#include "db/Pool.h"

namespace lotok::db {

// Applies migrations that have not been applied yet, each in its own transaction, under an
// advisory lock so that two processes starting at once do not race.
class Migrator {
public:
    explicit Migrator(Pool& pool) : m_pool(pool) {}
    // Returns how many migrations were applied.
    int apply(const MigrationSet& set);

private:
    Pool& m_pool;
};

// The tables every service schema has: outbox, inbox, idempotency keys.
MigrationSet platformMigrations(const std::string& schema);

} // namespace lotok::db
