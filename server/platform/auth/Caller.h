#pragma once

#include <cstdint>
#include <string>

namespace lotok::auth {

enum class Role { Customer, Staff, Service };

// Who is making a request: a signed-in user, or another service on the internal listener.
struct Caller {
    std::int64_t userId = 0;
    Role role = Role::Customer;
    // Hash of the session token, so logout can close this session's sockets.
    std::string sessionKey;

    bool isStaff() const { return role == Role::Staff; }
    bool isService() const { return role == Role::Service; }
};

std::string toString(Role role);
bool roleFromString(const std::string& text, Role& out);

} // namespace lotok::auth
