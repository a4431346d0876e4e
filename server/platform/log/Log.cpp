#include "log/Log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace lotok::log {
namespace {
std::atomic<Level> g_level{Level::Info};
std::mutex g_writeMutex;

const char* nameOf(Level level) {
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warn:
        return "warn";
    case Level::Error:
        return "error";
    }
    return "?";
}
} // namespace

void setLevel(Level level) {
    g_level.store(level, std::memory_order_relaxed);
}
Level level() {
    return g_level.load(std::memory_order_relaxed);
}

bool parseLevel(std::string_view text, Level& out) {
    for (auto candidate : {Level::Debug, Level::Info, Level::Warn, Level::Error}) {
        if (text == nameOf(candidate)) {
            out = candidate;
            return true;
        }
    }
    return false;
}

void write(Level level, std::string_view message) {
    const auto now = std::chrono::system_clock::now();
    const auto seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    std::lock_guard lock(g_writeMutex);
    std::fprintf(stderr, "%s.%03dZ %-5s %.*s\n", stamp, static_cast<int>(millis), nameOf(level),
                 static_cast<int>(message.size()), message.data());
}

std::string describe(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& exception) {
        return exception.what();
    } catch (...) {
        return "unknown exception";
    }
}

} // namespace lotok::log
