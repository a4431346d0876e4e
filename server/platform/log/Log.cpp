#include "log/Log.h"

#include "log/FieldScope.h"
#include "log/RequestScope.h"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <ctime>
#include <mutex>
#include <unistd.h>

namespace lotok::log {
namespace {
std::atomic<Level> g_level{Level::Info};
std::atomic<Format> g_format{Format::Text};
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

// RFC 3339, UTC, milliseconds: 2024-05-01T12:00:00.123Z. The formatted second is kept per
// thread, so most lines reuse it instead of calling gmtime and strftime again.
void appendTime(std::string& out) {
    const auto now = std::chrono::system_clock::now();
    const auto sinceEpoch =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const auto seconds = static_cast<std::time_t>(sinceEpoch / 1000);
    const auto millis = static_cast<int>(sinceEpoch % 1000);
    thread_local std::time_t cachedSecond = -1;
    thread_local char cached[24];
    if (seconds != cachedSecond) {
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &utc);
        cachedSecond = seconds;
    }
    out += cached;
    out += '.';
    out += static_cast<char>('0' + millis / 100);
    out += static_cast<char>('0' + millis / 10 % 10);
    out += static_cast<char>('0' + millis % 10);
    out += 'Z';
}

// Length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF).
std::size_t utf8Sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3;
        low = c == 0xe0 ? 0xa0 : 0x80;
        high = c == 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4;
        low = c == 0xf0 ? 0x90 : 0x80;
        high = c == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) {
            return 0;
        }
    }
    return length;
}

// A JSON string's content: quotes, backslashes and control characters escaped, bytes that are
// not UTF-8 replaced by U+FFFD, so every line parses whatever a message quotes.
void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            if (const auto length = utf8Sequence(text, i)) {
                out.append(text.substr(i, length));
                i += length;
            } else {
                out += "\\ufffd";
                ++i;
            }
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    out += '"';
}

// Text stays one line per record: control characters are escaped, never written.
void appendText(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += ch;
        }
    }
}

void appendTextValue(std::string& out, std::string_view value) {
    const bool plain = !value.empty() && value.find_first_of(" \"=") == std::string_view::npos;
    if (plain) {
        appendText(out, value);
        return;
    }
    out += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        appendText(out, std::string_view(&c, 1));
    }
    out += '"';
}

void appendField(std::string& out, Format format, std::string_view key, std::string_view value,
                 bool number) {
    if (format == Format::Json) {
        out += ',';
        appendJsonString(out, key);
        out += ':';
        if (number) {
            out += value;
        } else {
            appendJsonString(out, value);
        }
    } else {
        out += ' ';
        out += key;
        out += '=';
        appendTextValue(out, value);
    }
}

void emit(Level level, std::string_view message, Fields fields) {
    const auto style = g_format.load(std::memory_order_relaxed);
    // One buffer per thread: a line costs no allocation once the buffer has grown.
    thread_local std::string line;
    line.clear();
    if (style == Format::Json) {
        line += "{\"time\":\"";
        appendTime(line);
        line += "\",\"level\":\"";
        line += nameOf(level);
        line += "\",\"message\":";
        appendJsonString(line, message);
    } else {
        appendTime(line);
        line += ' ';
        const std::string_view name = nameOf(level);
        line += name;
        line.append(name.size() < 5 ? 5 - name.size() : 0, ' ');
        line += ' ';
        appendText(line, message);
    }
    if (const auto& id = RequestScope::current(); !id.empty()) {
        appendField(line, style, "request_id", id, false);
    }
    if (const auto trace = RequestScope::traceId(); !trace.empty()) {
        appendField(line, style, "trace_id", trace, false);
    }
    for (const auto& entry : FieldScope::current()) {
        appendField(line, style, entry.key, entry.value, entry.number);
    }
    for (const auto& field : fields) {
        appendField(line, style, field.key(), field.value(), field.number());
    }
    line += style == Format::Json ? "}\n" : "\n";
    // One write per line: lines of several threads (or processes on one file) never mix.
    std::lock_guard lock(g_writeMutex);
    std::size_t done = 0;
    while (done < line.size()) {
        const auto n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // nowhere to log to; nothing better to do than go on
        }
        done += static_cast<std::size_t>(n);
    }
}

} // namespace

Field::Field(std::string_view key, std::int64_t value) : m_key(key), m_number(true) {
    std::to_chars(m_digits, m_digits + sizeof m_digits - 1, value);
}

Field::Field(std::string_view key, double value) : m_key(key), m_number(true) {
    // Three decimals: durations in milliseconds to the microsecond.
    std::to_chars(m_digits, m_digits + sizeof m_digits - 1, value, std::chars_format::fixed, 3);
}

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

void setFormat(Format format) {
    g_format.store(format, std::memory_order_relaxed);
}
Format format() {
    return g_format.load(std::memory_order_relaxed);
}

bool parseFormat(std::string_view text, Format& out) {
    if (text == "text") {
        out = Format::Text;
    } else if (text == "json") {
        out = Format::Json;
    } else {
        return false;
    }
    return true;
}

void write(Level level, std::string_view message, Fields fields) {
    emit(level, message, fields);
}

void access(std::string_view method, std::string_view route, int status, double millis) {
    if (level() > Level::Info) {
        return;
    }
    const Field statusField("status", status);
    const Field duration("duration_ms", millis);
    // "GET /api/v1/orders 200 1.234ms": the fields a person reads, in the order they read them.
    std::string message;
    message.reserve(method.size() + route.size() + 24);
    message += method;
    message += ' ';
    message += route;
    message += ' ';
    message += statusField.value();
    message += ' ';
    message += duration.value();
    message += "ms";
    if (g_format.load(std::memory_order_relaxed) == Format::Json) {
        emit(Level::Info, message,
             {Field("method", method), Field("route", route), statusField, duration});
    } else {
        emit(Level::Info, message, {});
    }
}

std::string withoutPassword(std::string_view url) {
    std::string out(url);
    // scheme://user:password@host, each of a comma-separated list.
    for (auto scheme = out.find("://"); scheme != std::string::npos;
         scheme = out.find("://", scheme + 3)) {
        const auto hostEnd = out.find_first_of("/,?", scheme + 3);
        const auto at = out.rfind('@', hostEnd == std::string::npos ? out.size() : hostEnd);
        if (at == std::string::npos || at < scheme) {
            continue;
        }
        const auto colon = out.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) {
            out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // password=... in a keyword string or a URI's query.
    for (auto key = out.find("password="); key != std::string::npos;
         key = out.find("password=", key + 1)) {
        const auto start = key + 9;
        const auto end = out.find_first_of(" &", start);
        out.replace(start, (end == std::string::npos ? out.size() : end) - start, "***");
    }
    return out;
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
