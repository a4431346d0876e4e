#pragma once

#include <cstdint>
#include <string>

namespace lotok::services::order {

// Order's copy of who a customer is, kept for the staff board (see docs/api-decisions.md).
struct Customer {
    std::int64_t userId = 0;
    std::string login;
    std::string firstName;
    std::string lastName;

    std::string name() const {
        return firstName.empty() || lastName.empty() ? firstName + lastName
                                                     : firstName + " " + lastName;
    }
};

} // namespace lotok::services::order
