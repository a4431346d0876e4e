#pragma once

#include <string>
#include <vector>

namespace lotok::db {

// One versioned schema change. Services embed theirs from migrations/*.sql at build time.
struct Migration {
    int version;
    std::string name;
    std::string sql;
};

// What a migration run is applied to: a schema and the component that owns the changes
// ("platform" for the outbox/inbox tables every service has, or the service's name).
struct MigrationSet {
    std::string schema;
    std::string component;
    std::vector<Migration> migrations;
};

} // namespace lotok::db
