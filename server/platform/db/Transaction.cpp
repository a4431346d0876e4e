#include "db/Transaction.h"

#include "log/Log.h"

namespace lotok::db {

Transaction::Transaction(PooledConnection connection) : m_connection(std::move(connection)) {}

Transaction::~Transaction() {
    if (!m_open || !m_begun) {
        return;
    }
    try {
        m_connection->execScript("ROLLBACK");
    } catch (const std::exception& error) {
        log::warn("rollback failed: {}", error.what());
    }
}

Result Transaction::exec(std::string_view sql, const Params& params, Plan plan) {
    if (!m_begun) {
        // Begun even when the statement fails: the destructor rolls back what BEGIN opened.
        m_begun = true;
        return m_connection->execOpeningTransaction(sql, params, plan);
    }
    return m_connection->exec(sql, params, plan);
}

void Transaction::execAtCommit(std::string sql, Params params) {
    m_atCommit.push_back(Connection::Statement{std::move(sql), std::move(params), Plan::Cached});
}

void Transaction::commit() {
    if (!m_atCommit.empty()) {
        std::vector<Connection::Statement> statements;
        if (!m_begun) {
            statements.push_back({"BEGIN", {}, Plan::EachTime});
        }
        m_begun = true; // a failure below leaves it to the destructor's ROLLBACK
        for (auto& statement : m_atCommit) {
            statements.push_back(std::move(statement));
        }
        m_atCommit.clear();
        statements.push_back({"COMMIT", {}, Plan::EachTime});
        m_connection->pipeline(statements);
    } else if (m_begun) {
        m_connection->execScript("COMMIT");
    }
    m_open = false;
    for (auto& callback : m_afterCommit) {
        try {
            callback();
        } catch (const std::exception& error) {
            log::warn("after-commit callback failed: {}", error.what());
        }
    }
    m_afterCommit.clear();
}

void Transaction::afterCommit(std::function<void()> callback) {
    m_afterCommit.push_back(std::move(callback));
}

} // namespace lotok::db
