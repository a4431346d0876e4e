#include "UserRepository.h"

namespace lotok::services::user {
namespace {

constexpr const char* kColumns =
    "id, login, email, first_name, last_name, phone, address, role, language, email_notifications";

Profile toProfile(const db::Result& rows, int row) {
    return Profile{rows.int64(row, 0),  rows.string(row, 1), rows.string(row, 2),
                   rows.string(row, 3), rows.string(row, 4), rows.optionalString(row, 5),
                   rows.string(row, 6), rows.string(row, 7), rows.string(row, 8),
                   rows.boolean(row, 9)};
}

} // namespace

nlohmann::json Profile::toJson() const {
    return {{"id", id},
            {"login", login},
            {"email", email},
            {"first_name", firstName},
            {"last_name", lastName},
            {"phone", phone ? nlohmann::json(*phone) : nlohmann::json(nullptr)},
            {"address", address},
            {"role", role},
            {"language", language},
            {"email_notifications", emailNotifications}};
}

std::optional<std::int64_t> UserRepository::insert(db::Transaction& tx, const Profile& profile) {
    const auto rows = tx.exec(
        "INSERT INTO " + m_schema +
            ".profiles (login, email, first_name, last_name, phone, address, role, language, "
            "email_notifications) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (login) "
            "DO NOTHING RETURNING id",
        {profile.login, profile.email, profile.firstName, profile.lastName, profile.phone,
         profile.address, profile.role, profile.language, profile.emailNotifications});
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.int64(0, 0);
}

std::optional<Profile> UserRepository::find(std::int64_t id) {
    const auto rows = m_pool.exec(
        std::string("SELECT ") + kColumns + " FROM " + m_schema + ".profiles WHERE id = $1", {id});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toProfile(rows, 0);
}

std::optional<Profile> UserRepository::update(db::Transaction& tx, const Profile& profile) {
    const auto rows =
        tx.exec("UPDATE " + m_schema +
                    ".profiles SET email = $2, first_name = $3, last_name = $4, "
                    "phone = $5, address = $6, language = $7, "
                    "email_notifications = $8, updated_at = now() WHERE id = $1 "
                    "RETURNING " +
                    kColumns,
                {profile.id, profile.email, profile.firstName, profile.lastName, profile.phone,
                 profile.address, profile.language, profile.emailNotifications});
    if (rows.empty()) {
        return std::nullopt;
    }
    return toProfile(rows, 0);
}

} // namespace lotok::services::user
