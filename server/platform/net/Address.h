#pragma once

#include <string>
#include <string_view>

namespace lotok::net {

// Whether a peer address (as the listener writes it: "127.0.0.1", "::1") is this machine's
// loopback: 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6. Anything else, an empty or
// unparsable text included, is not.
bool isLoopback(std::string_view address);

} // namespace lotok::net
