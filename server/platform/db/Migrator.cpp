#include "db/Migrator.h"

#include "log/Log.h"

#include <algorithm>
#include <set>

namespace lotok::db {
namespace {

std::string quoteIdentifier(const std::string& name) {
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) {
            throw std::invalid_argument("bad schema name: " + name);
        }
    }
    return "\"" + name + "\"";
}

// Migration SQL says "{schema}" where it means its own schema, so a service's migrations
// can be applied to another schema name (tests do this) without editing them.
std::string withSchema(std::string sql, const std::string& schema) {
    const std::string placeholder = "{schema}";
    for (auto at = sql.find(placeholder); at != std::string::npos;
         at = sql.find(placeholder, at + schema.size())) {
        sql.replace(at, placeholder.size(), schema);
    }
    return sql;
}

} // namespace

int Migrator::apply(const MigrationSet& set) {
    const auto schema = quoteIdentifier(set.schema);
    auto connection = m_pool.acquire();
    connection->execScript("SELECT pg_advisory_lock(7240531)");
    int applied = 0;
    try {
        connection->execScript("CREATE SCHEMA IF NOT EXISTS " + schema +
                               ";CREATE TABLE IF NOT EXISTS " + schema +
                               ".schema_migrations (component text NOT NULL, version int NOT "
                               "NULL, name text NOT NULL, applied_at timestamptz NOT NULL "
                               "DEFAULT now(), PRIMARY KEY (component, version))");
        std::set<int> done;
        const auto existing = connection->exec("SELECT version FROM " + schema +
                                                   ".schema_migrations WHERE component = $1",
                                               {set.component});
        for (int row = 0; row < existing.rows(); ++row) {
            done.insert(static_cast<int>(existing.int64(row, 0)));
        }
        auto ordered = set.migrations;
        std::sort(ordered.begin(), ordered.end(),
                  [](const Migration& a, const Migration& b) { return a.version < b.version; });
        for (const auto& migration : ordered) {
            if (done.count(migration.version)) {
                continue;
            }
            connection->execScript("BEGIN");
            try {
                connection->execScript(withSchema(migration.sql, set.schema));
                connection->exec("INSERT INTO " + schema +
                                     ".schema_migrations (component, version, name) VALUES ($1, "
                                     "$2, $3)",
                                 {set.component, migration.version, migration.name});
                connection->execScript("COMMIT");
            } catch (...) {
                connection->execScript("ROLLBACK");
                throw;
            }
            log::info("migrated {}.{} to version {} ({})", set.schema, set.component,
                      migration.version, migration.name);
            ++applied;
        }
    } catch (...) {
        connection->execScript("SELECT pg_advisory_unlock(7240531)");
        throw;
    }
    connection->execScript("SELECT pg_advisory_unlock(7240531)");
    return applied;
}

MigrationSet platformMigrations(const std::string& schema) {
    return MigrationSet{schema,
                        "platform",
                        {
                            {1, "outbox, inbox and idempotency keys",
                             R"sql(
CREATE TABLE {schema}.outbox (
    id bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text
);
CREATE INDEX outbox_unpublished ON {schema}.outbox (next_attempt_at, id)
    WHERE published_at IS NULL;
CREATE TABLE {schema}.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE TABLE {schema}.idempotency_keys (
    scope text NOT NULL,
    user_id bigint NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status int,
    response text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, user_id, key)
);
)sql"},
                            {2, "event headers in the outbox",
                             R"sql(
ALTER TABLE {schema}.outbox ADD COLUMN version int NOT NULL DEFAULT 1,
    ADD COLUMN ordering_key text, ADD COLUMN request_id text;
)sql"},
                            {3, "deliveries the in-process bus keeps for this schema's consumers",
                             R"sql(
CREATE TABLE {schema}.bus_deliveries (
    seq bigserial PRIMARY KEY,
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    version int NOT NULL DEFAULT 1,
    ordering_key text NOT NULL DEFAULT '',
    occurred_at text NOT NULL DEFAULT '',
    request_id text NOT NULL DEFAULT '',
    payload jsonb NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    leased_until timestamptz,
    last_error text,
    dead_at timestamptz,
    done_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (consumer, event_id)
);
CREATE INDEX bus_deliveries_due ON {schema}.bus_deliveries (next_attempt_at, seq)
    WHERE dead_at IS NULL AND done_at IS NULL;
CREATE INDEX bus_deliveries_done ON {schema}.bus_deliveries (done_at) WHERE done_at IS NOT NULL;
)sql"},
                            {4, "the outbox's unpublished events by ordering key",
                             R"sql(
CREATE INDEX outbox_unpublished_by_key ON {schema}.outbox (ordering_key, id)
    WHERE published_at IS NULL;
)sql"},
                            {5, "the trace context of an event's cause",
                             R"sql(
ALTER TABLE {schema}.outbox ADD COLUMN traceparent text;
ALTER TABLE {schema}.bus_deliveries ADD COLUMN traceparent text NOT NULL DEFAULT '';
)sql"},
                        }};
}

} // namespace lotok::db
