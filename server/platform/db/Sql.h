#pragma once

#include <string>

namespace lotok::db {

// SQL expression rendering a timestamptz column as RFC 3339 UTC with milliseconds, so
// timestamps leave the database already in the contract's format.
inline std::string rfc3339(const std::string& column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

} // namespace lotok::db
