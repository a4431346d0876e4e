#include "LoginRateLimiter.h"

#include <algorithm>

namespace lotok::services::auth {

int LoginRateLimiter::wait(std::deque<Clock::time_point>& attempts, int limit,
                           Clock::time_point now) {
    while (!attempts.empty() && now - attempts.front() >= m_window) {
        attempts.pop_front();
    }
    if (static_cast<int>(attempts.size()) < limit) {
        return 0;
    }
    const auto until = attempts.front() + m_window - now;
    return std::max<int>(1,
                         static_cast<int>(std::chrono::ceil<std::chrono::seconds>(until).count()));
}

int LoginRateLimiter::retryAfterSeconds(const std::string& login, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = Clock::now();
    prune(now);
    return std::max(wait(m_byLogin[login], m_perLogin, now),
                    wait(m_byAddress[address], m_perAddress, now));
}

void LoginRateLimiter::recordFailure(const std::string& login, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = Clock::now();
    m_byLogin[login].push_back(now);
    m_byAddress[address].push_back(now);
}

void LoginRateLimiter::prune(Clock::time_point now) {
    // Forget idle keys now and then so guessing many logins cannot grow memory for ever.
    if (now - m_lastPrune < m_window) {
        return;
    }
    m_lastPrune = now;
    for (auto* map : {&m_byLogin, &m_byAddress}) {
        for (auto it = map->begin(); it != map->end();) {
            if (it->second.empty() || now - it->second.back() >= m_window) {
                it = map->erase(it);
            } else {
                ++it;
            }
        }
    }
}

} // namespace lotok::services::auth
