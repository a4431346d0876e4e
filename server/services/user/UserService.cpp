#include "UserService.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/IntegrationEvents.h"
#include "lotok/Validation.h"

namespace lotok::services::user {

using http::ApiError;

namespace {

std::string checked(const std::string& field, std::string value,
                    validation::Problem (*rule)(std::string_view)) {
    if (auto problem = rule(value)) {
        throw ApiError::invalid(field, field + " " + *problem);
    }
    return value;
}

std::optional<std::string> optionalPhone(const http::JsonInput& body) {
    auto phone = body.optionalString("phone");
    if (phone && phone->empty()) {
        return std::nullopt;
    }
    if (phone) {
        checked("phone", *phone, &validation::phone);
    }
    return phone;
}

// The languages the e-mails are written in.
std::optional<std::string> optionalLanguage(const http::JsonInput& body) {
    auto language = body.optionalString("language");
    if (language && *language != "en" && *language != "ru") {
        throw ApiError::invalid("language", "language must be en or ru");
    }
    return language;
}

} // namespace

Profile UserService::registerUser(const http::JsonInput& body, const std::string& role) {
    Profile profile;
    profile.login = validation::canonicalLogin(
        checked("login", body.requireString("login"), &validation::login));
    const auto password =
        checked("password", body.requireString("password"), &validation::password);
    profile.email = checked("email", body.requireString("email"), &validation::email);
    profile.firstName =
        checked("first_name", body.requireString("first_name"), &validation::personName);
    profile.lastName =
        checked("last_name", body.requireString("last_name"), &validation::personName);
    profile.phone = optionalPhone(body);
    profile.address = checked("address", body.requireString("address"), &validation::address);
    profile.role = role;
    profile.language = optionalLanguage(body).value_or("en");
    profile.emailNotifications = body.optionalBool("email_notifications").value_or(true);

    auto tx = m_repository.pool().begin();
    const auto id = m_repository.insert(tx, profile);
    if (!id) {
        throw ApiError(ErrorCode::LoginTaken, "this login is taken", "login");
    }
    profile.id = *id;
    // Credentials go to Auth while the profile row is still uncommitted: if Auth refuses,
    // the profile rolls back and nothing is half-registered.
    m_auth.registerCredentials(profile.id, profile.login, password, role);
    m_outbox.add(tx, events::UserRegistered{profile.id, profile.login, profile.email});
    tx.commit();
    log::debug("registered user {} ({})", profile.id, role);
    return profile;
}

Profile UserService::profile(std::int64_t userId) {
    auto profile = m_repository.find(userId);
    if (!profile) {
        throw ApiError::notFound("no such user");
    }
    return *profile;
}

Profile UserService::updateProfile(std::int64_t userId, const http::JsonInput& body) {
    auto profile = this->profile(userId);
    if (auto email = body.optionalString("email")) {
        profile.email = checked("email", *email, &validation::email);
    }
    if (auto name = body.optionalString("first_name")) {
        profile.firstName = checked("first_name", *name, &validation::personName);
    }
    if (auto name = body.optionalString("last_name")) {
        profile.lastName = checked("last_name", *name, &validation::personName);
    }
    if (body.has("phone")) {
        profile.phone = optionalPhone(body);
    }
    if (auto address = body.optionalString("address")) {
        profile.address = checked("address", *address, &validation::address);
    }
    if (auto language = optionalLanguage(body)) {
        profile.language = *language;
    }
    if (auto email = body.optionalBool("email_notifications")) {
        profile.emailNotifications = *email;
    }
    return m_repository.pool().transact([&](db::Transaction& tx) {
        auto updated = m_repository.update(tx, profile);
        if (!updated) {
            throw ApiError::notFound("no such user");
        }
        return *updated;
    });
}

} // namespace lotok::services::user
