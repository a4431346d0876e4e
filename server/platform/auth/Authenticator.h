#pragma once

#include "auth/Caller.h"

#include <optional>
#include <string>

namespace lotok::auth {

// Turns a session token into a caller. The host wires the implementation that asks the Auth
// service (in-process or over HTTP); the router only knows this interface.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual std::optional<Caller> authenticate(const std::string& token) = 0;
};

} // namespace lotok::auth
