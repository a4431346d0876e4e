#pragma once

#include <exception>
#include <fmt/format.h>
#include <string>
#include <string_view>

// A small leveled logger to stderr. Hot paths log at debug, which costs one branch when off.
namespace lotok::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };

void setLevel(Level level);
Level level();
bool parseLevel(std::string_view text, Level& out);
void write(Level level, std::string_view message);
// What an exception says (what(), or "unknown exception"), for last-resort handlers.
std::string describe(std::exception_ptr error);

template <typename... Args> void debug(fmt::format_string<Args...> format, Args&&... args) {
    if (level() <= Level::Debug) {
        write(Level::Debug, fmt::format(format, std::forward<Args>(args)...));
    }
}
template <typename... Args> void info(fmt::format_string<Args...> format, Args&&... args) {
    if (level() <= Level::Info) {
        write(Level::Info, fmt::format(format, std::forward<Args>(args)...));
    }
}
template <typename... Args> void warn(fmt::format_string<Args...> format, Args&&... args) {
    if (level() <= Level::Warn) {
        write(Level::Warn, fmt::format(format, std::forward<Args>(args)...));
    }
}
template <typename... Args> void error(fmt::format_string<Args...> format, Args&&... args) {
    write(Level::Error, fmt::format(format, std::forward<Args>(args)...));
}

} // namespace lotok::log
