#pragma once

#include "db/Pool.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lotok::services::user {

struct Profile {
    std::int64_t id = 0;
    std::string login;
    std::string email;
    std::string firstName;
    std::string lastName;
    std::optional<std::string> phone;
    std::string address;
    std::string role = "customer";
    // What the e-mails Notification sends say, and whether it sends any (issue 15).
    std::string language = "en";
    bool emailNotifications = true;

    nlohmann::json toJson() const;
};

class UserRepository {
public:
    UserRepository(db::Pool& pool, std::string schema)
        : m_pool(pool), m_schema(std::move(schema)) {}

    // Returns the new id, or nullopt when the login is taken.
    std::optional<std::int64_t> insert(db::Transaction& tx, const Profile& profile);
    std::optional<Profile> find(std::int64_t id);
    std::optional<Profile> update(db::Transaction& tx, const Profile& profile);
    db::Pool& pool() { return m_pool; }

private:
    db::Pool& m_pool;
    std::string m_schema;
};

} // namespace lotok::services::user
