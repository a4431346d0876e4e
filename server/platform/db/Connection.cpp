#include "db/Connection.h"

#include "db/Errors.h"

#include <vector>

namespace lotok::db {

Connection::Connection(std::string url) : m_url(std::move(url)) {
    connect();
}

Connection::~Connection() {
    if (m_conn) {
        PQfinish(m_conn);
    }
}

void Connection::connect() {
    if (m_conn) {
        PQfinish(m_conn);
    }
    m_prepared.clear();
    m_conn = PQconnectdb(m_url.c_str());
    if (PQstatus(m_conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw UnavailableError("cannot connect to PostgreSQL: " + message);
    }
    // NOTICEs ("already exists, skipping") are noise in lotokd's log.
    PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
    // Timestamps leave the database in UTC, ready for RFC 3339.
    PQclear(PQexec(m_conn, "SET TIME ZONE 'UTC'"));
}

bool Connection::healthy() const {
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

void Connection::resetIfBroken() {
    if (!healthy()) {
        connect();
    }
}

Result Connection::check(PGresult* raw, std::string_view sql) {
    Result result(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return result;
    }
    if (!raw || PQstatus(m_conn) != CONNECTION_OK) {
        throw UnavailableError("lost the connection to PostgreSQL: " +
                               std::string(PQerrorMessage(m_conn)));
    }
    const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
    throw DbError(std::string(PQresultErrorMessage(raw)) + " [" + std::string(sql.substr(0, 120)) +
                      "]",
                  state ? state : "");
}

const std::string& Connection::prepared(std::string_view sql) {
    if (!m_conn) {
        connect();
    }
    const std::string key(sql);
    auto found = m_prepared.find(key);
    if (found == m_prepared.end()) {
        const std::string name = "s" + std::to_string(m_prepared.size());
        check(PQprepare(m_conn, name.c_str(), key.c_str(), 0, nullptr), sql);
        found = m_prepared.emplace(key, name).first;
    }
    return found->second;
}

namespace {
std::vector<const char*> parameterValues(const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) {
        values.push_back(param.value() ? param.value()->c_str() : nullptr);
    }
    return values;
}
} // namespace

Result Connection::exec(std::string_view sql, const Params& params, Plan plan) {
    const auto values = parameterValues(params);
    if (plan == Plan::EachTime) {
        if (!m_conn) {
            connect();
        }
        // The unnamed statement: parsed and planned for these values, then dropped.
        return check(PQexecParams(m_conn, std::string(sql).c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0),
                     sql);
    }
    const auto& name = prepared(sql); // connects when needed
    return check(PQexecPrepared(m_conn, name.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0),
                 sql);
}

void Connection::disconnect() {
    PQfinish(m_conn);
    m_conn = nullptr;
    m_prepared.clear();
}

std::vector<Result> Connection::pipeline(const std::vector<Statement>& statements) {
    if (!m_conn) {
        connect();
    }
    // Prepared before the pipeline opens (preparing is a round trip of its own, once per
    // connection); a statement planned each time (BEGIN, COMMIT) goes as text.
    std::vector<const std::string*> names;
    for (const auto& statement : statements) {
        names.push_back(statement.plan == Plan::Cached ? &prepared(statement.sql) : nullptr);
    }
    if (PQenterPipelineMode(m_conn) != 1) {
        throw UnavailableError("cannot pipeline: " + std::string(PQerrorMessage(m_conn)));
    }
    bool sent = true;
    std::vector<std::vector<const char*>> values;
    values.reserve(statements.size());
    for (std::size_t i = 0; i < statements.size() && sent; ++i) {
        const auto& statement = statements[i];
        values.push_back(parameterValues(statement.params));
        const auto& v = values.back();
        sent = (names[i] ? PQsendQueryPrepared(m_conn, names[i]->c_str(), static_cast<int>(v.size()),
                                               v.data(), nullptr, nullptr, 0)
                         : PQsendQueryParams(m_conn, statement.sql.c_str(),
                                             static_cast<int>(v.size()), nullptr, v.data(),
                                             nullptr, nullptr, 0)) == 1;
    }
    sent = sent && PQpipelineSync(m_conn) == 1;
    if (!sent) {
        const std::string message = PQerrorMessage(m_conn);
        disconnect(); // a half-sent pipeline leaves nothing to resume
        throw UnavailableError("lost the connection to PostgreSQL: " + message);
    }
    // Each query's result is followed by a null; the sync's own result ends the pipeline.
    // After a statement fails the rest come back PGRES_PIPELINE_ABORTED.
    std::vector<PGresult*> results(statements.size(), nullptr);
    for (auto& result : results) {
        result = PQgetResult(m_conn);
        if (result) {
            while (PGresult* extra = PQgetResult(m_conn)) {
                PQclear(extra);
            }
        }
    }
    PGresult* sync = PQgetResult(m_conn);
    const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced || PQexitPipelineMode(m_conn) != 1) {
        const std::string message = PQerrorMessage(m_conn);
        for (auto* result : results) {
            PQclear(result);
        }
        disconnect();
        throw UnavailableError("lost the connection to PostgreSQL: " + message);
    }
    std::vector<Result> checked;
    checked.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        try {
            checked.push_back(check(results[i], statements[i].sql)); // owns it from here
        } catch (...) {
            for (std::size_t j = i + 1; j < results.size(); ++j) {
                PQclear(results[j]);
            }
            throw; // the first failure; those after it were not run
        }
    }
    return checked;
}

Result Connection::execOpeningTransaction(std::string_view sql, const Params& params, Plan plan) {
    auto results = pipeline({Statement{"BEGIN", {}, Plan::EachTime},
                             Statement{std::string(sql), params, plan}});
    return std::move(results[1]);
}

Result Connection::execScript(std::string_view sql) {
    if (!m_conn) {
        connect();
    }
    return check(PQexec(m_conn, std::string(sql).c_str()), sql);
}

} // namespace lotok::db
