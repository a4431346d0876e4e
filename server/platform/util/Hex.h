#pragma once

namespace lotok::util {

// The value of one hex digit (either case), or -1 for any other character: percent-decoding
// a URL and reading PostgreSQL's bytea hex output both need it.
constexpr int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

} // namespace lotok::util
