#include "LoginRateLimiter.h"

#include <catch2/catch.hpp>
#include <thread>

using lotok::services::auth::LoginRateLimiter;

TEST_CASE("five failures lock a login, not its neighbours") {
    LoginRateLimiter limiter(5, 50, std::chrono::minutes(1));
    for (int i = 0; i < 5; ++i) {
        REQUIRE(limiter.retryAfterSeconds("alice", "10.0.0.1") == 0);
        limiter.recordFailure("alice", "10.0.0.1");
    }
    CHECK(limiter.retryAfterSeconds("alice", "10.0.0.2") > 0);
    CHECK(limiter.retryAfterSeconds("alice", "10.0.0.2") <= 60);
    CHECK(limiter.retryAfterSeconds("bob", "10.0.0.1") == 0);
}

TEST_CASE("an address is locked after its own limit across logins") {
    LoginRateLimiter limiter(5, 3, std::chrono::minutes(1));
    limiter.recordFailure("a", "10.0.0.9");
    limiter.recordFailure("b", "10.0.0.9");
    limiter.recordFailure("c", "10.0.0.9");
    CHECK(limiter.retryAfterSeconds("d", "10.0.0.9") > 0);
    CHECK(limiter.retryAfterSeconds("d", "10.0.0.8") == 0);
}

TEST_CASE("failures older than the window are forgiven") {
    LoginRateLimiter limiter(2, 50, std::chrono::milliseconds(200));
    limiter.recordFailure("alice", "x");
    limiter.recordFailure("alice", "x");
    CHECK(limiter.retryAfterSeconds("alice", "x") > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    CHECK(limiter.retryAfterSeconds("alice", "x") == 0);
}
