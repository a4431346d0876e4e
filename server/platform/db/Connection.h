#pragma once

#include "db/Params.h"
#include "db/Result.h"

#include <libpq-fe.h>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lotok::db {

// One libpq connection. Parameterised statements are prepared on first use and reused for
// the connection's life, so a hot query is parsed and planned once per connection.
class Connection {
public:
    explicit Connection(std::string url);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A parameterised statement ($1, $2, ...), prepared and cached.
    Result exec(std::string_view sql, const Params& params = {}, Plan plan = Plan::Cached);
    // BEGIN and then the statement, sent together (libpq pipeline mode): a transaction's
    // first statement costs one round trip, not two.
    Result execOpeningTransaction(std::string_view sql, const Params& params = {},
                                  Plan plan = Plan::Cached);
    // Statements sent together and answered together (libpq pipeline mode): one round trip.
    // Returns their results in order; throws the first failure (the statements after it
    // were not run).
    struct Statement {
        std::string sql;
        Params params;
        Plan plan = Plan::Cached;
    };
    std::vector<Result> pipeline(const std::vector<Statement>& statements);
    // Plain text, possibly several statements, no parameters: migrations and COMMIT.
    Result execScript(std::string_view sql);

    bool healthy() const;
    // Reconnects when the server closed the connection under us.
    void resetIfBroken();

private:
    void connect();
    Result check(PGresult* result, std::string_view sql);
    // The prepared statement's name, preparing it on first use.
    const std::string& prepared(std::string_view sql);
    void disconnect();

    std::string m_url;
    PGconn* m_conn = nullptr;
    std::unordered_map<std::string, std::string> m_prepared; // sql -> statement name
};

} // namespace lotok::db
