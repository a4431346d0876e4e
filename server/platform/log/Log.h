#pragma once

#include <cstdint>
#include <exception>
#include <fmt/format.h>
#include <initializer_list>
#include <string>
#include <string_view>

// A small leveled logger to stderr, one line per record, as text for people or JSON for a
// log pipeline (docs/operations.md, "Logs"). Hot paths log at debug, which costs one branch
// when off. Every line written inside a request or an event's handling carries its request
// id (log/RequestScope.h) and the fields of the enclosing log::FieldScope (order id, event id).
namespace lotok::log {

enum class Level { Debug = 0, Info = 1, Warn = 2, Error = 3 };
enum class Format { Text, Json };

void setLevel(Level level);
Level level();
bool parseLevel(std::string_view text, Level& out);
void setFormat(Format format);
Format format();
bool parseFormat(std::string_view text, Format& out);

// One key and value of a line, beside the message. The value is borrowed (a string) or held
// (a number, written without quotes in JSON).
class Field {
public:
    Field(std::string_view key, std::string_view value) : m_key(key), m_value(value) {}
    Field(std::string_view key, const char* value) : m_key(key), m_value(value) {}
    Field(std::string_view key, const std::string& value) : m_key(key), m_value(value) {}
    Field(std::string_view key, std::int64_t value);
    Field(std::string_view key, int value) : Field(key, static_cast<std::int64_t>(value)) {}
    Field(std::string_view key, double value);

    std::string_view key() const { return m_key; }
    std::string_view value() const { return m_number ? std::string_view(m_digits) : m_value; }
    bool number() const { return m_number; }

private:
    std::string_view m_key;
    std::string_view m_value;
    bool m_number = false;
    char m_digits[24] = {};
};
using Fields = std::initializer_list<Field>;

void write(Level level, std::string_view message, Fields fields = {});
// The line every request ends with, at info: method, route template, status, duration. Text
// keeps it short ("GET /api/v1/orders 200 1.2ms"); JSON gives each its own field.
void access(std::string_view method, std::string_view route, int status, double millis);
// A URL or libpq connection string fit for a log line: the password of
// scheme://user:password@host and of password=... replaced by "***".
std::string withoutPassword(std::string_view url);
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
