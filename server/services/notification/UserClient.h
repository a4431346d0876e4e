#pragma once

#include "http/ServiceTransport.h"

#include <cstdint>
#include <string>

namespace lotok::services::notification {

// Whom a mail goes to, and how it speaks to them.
struct Contact {
    std::string email;
    std::string firstName;
    std::string language; // en or ru
    bool emailNotifications = true;
};

// The Notification service's view of User, asked when a mail is about to go (not when the
// event is handled: the consumer never waits for another service).
class UserClient {
public:
    explicit UserClient(http::ServiceTransport& transport) : m_transport(transport) {}
    Contact contact(std::int64_t userId);

private:
    http::ServiceTransport& m_transport;
};

} // namespace lotok::services::notification
