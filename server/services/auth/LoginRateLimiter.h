#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lotok::services::auth {

// Counts failed logins per login name and per client address in a sliding one-minute
// window. Kept in memory: a restart forgives, and each Auth replica counts on its own.
class LoginRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    LoginRateLimiter(int perLogin = 5, int perAddress = 50,
                     Clock::duration window = std::chrono::minutes(1))
        : m_perLogin(perLogin), m_perAddress(perAddress), m_window(window) {}

    // Seconds until another attempt is allowed, or 0 when it is allowed now.
    int retryAfterSeconds(const std::string& login, const std::string& address);
    void recordFailure(const std::string& login, const std::string& address);

private:
    int wait(std::deque<Clock::time_point>& attempts, int limit, Clock::time_point now);
    void prune(Clock::time_point now);

    int m_perLogin;
    int m_perAddress;
    Clock::duration m_window;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::deque<Clock::time_point>> m_byLogin;
    std::unordered_map<std::string, std::deque<Clock::time_point>> m_byAddress;
    Clock::time_point m_lastPrune{};
};

} // namespace lotok::services::auth
