#pragma once

#include <Poco/Net/Context.h>
#include <string>

namespace lotok::net {

// The TLS a client of ours speaks (the HTTP client on https:// URLs, the mail sender's
// STARTTLS): TLS 1.2 or later, the peer's certificate verified — its host name included,
// Poco checks it against the host the session was opened to — against the system's CAs, or
// only against `caFile` when one is named. A certificate that does not verify is refused,
// never asked about.
Poco::Net::Context::Ptr tlsClientContext(const std::string& caFile = {});

} // namespace lotok::net
