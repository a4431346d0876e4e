#pragma once

#include "AuthClient.h"
#include "UserRepository.h"
#include "events/Outbox.h"
#include "http/JsonInput.h"

namespace lotok::services::user {

// Profiles: registration (with Auth holding the credentials), reading and editing.
class UserService {
public:
    UserService(UserRepository& repository, AuthClient& auth, events::Outbox& outbox)
        : m_repository(repository), m_auth(auth), m_outbox(outbox) {}

    // Validates every field, stores the profile, has Auth store the credentials, and
    // announces user.user_registered; all or nothing.
    Profile registerUser(const http::JsonInput& body, const std::string& role);
    Profile profile(std::int64_t userId);
    Profile updateProfile(std::int64_t userId, const http::JsonInput& body);

private:
    UserRepository& m_repository;
    AuthClient& m_auth;
    events::Outbox& m_outbox;
};

} // namespace lotok::services::user
