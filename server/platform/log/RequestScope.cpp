#include "log/RequestScope.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace lotok::log {
namespace {
thread_local std::string t_requestId;
thread_local std::string t_traceparent;

constexpr std::size_t kTraceparentSize = 55; // 00-<32 hex>-<16 hex>-<2 hex>

bool isHex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool allZero(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

// A span id for this process's part of the trace: random, as the spec asks, never zero.
std::string newSpanId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    std::uint64_t value = 0;
    while (value == 0) {
        value = generator();
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4) {
        out[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
    }
    return out;
}

} // namespace

std::string parseTraceparent(std::string_view text) {
    if (text.size() < kTraceparentSize || text[2] != '-' || text[35] != '-' || text[52] != '-') {
        return {};
    }
    const auto version = text.substr(0, 2);
    const auto traceId = text.substr(3, 32);
    const auto parentId = text.substr(36, 16);
    const auto flags = text.substr(53, 2);
    if (!isHex(version) || version == "ff" || !isHex(traceId) || allZero(traceId) ||
        !isHex(parentId) || allZero(parentId) || !isHex(flags)) {
        return {};
    }
    // Version 00 is exactly 55 characters; a later one may add fields after a dash.
    if (version == "00" ? text.size() != kTraceparentSize
                        : text.size() > kTraceparentSize && text[kTraceparentSize] != '-') {
        return {};
    }
    return "00-" + std::string(traceId) + "-" + std::string(parentId) + "-" + std::string(flags);
}

RequestScope::RequestScope(std::string requestId, std::string_view traceparent)
    : m_previousId(std::move(t_requestId)), m_previousTrace(std::move(t_traceparent)) {
    t_requestId = std::move(requestId);
    t_traceparent.clear();
    if (!traceparent.empty()) {
        if (auto parsed = parseTraceparent(traceparent); !parsed.empty()) {
            // Ours is a new span in the caller's trace: what we call or publish has it as parent.
            t_traceparent = parsed.replace(36, 16, newSpanId());
        }
    }
}

RequestScope::~RequestScope() {
    t_requestId = std::move(m_previousId);
    t_traceparent = std::move(m_previousTrace);
}

const std::string& RequestScope::current() {
    return t_requestId;
}

const std::string& RequestScope::traceparent() {
    return t_traceparent;
}

std::string_view RequestScope::traceId() {
    return t_traceparent.empty() ? std::string_view()
                                 : std::string_view(t_traceparent).substr(3, 32);
}

} // namespace lotok::log
