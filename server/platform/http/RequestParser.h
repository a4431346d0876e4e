#pragma once

#include "http/HttpMessage.h"
#include "lotok/Limits.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct http_parser;
struct http_parser_settings;

namespace lotok::http {

// Incremental HTTP/1.1 request parsing for the event-driven server: bytes go in as they
// arrive, in pieces of any size, and whole requests come out, one at a time, so pipelined
// requests are answered in order. The request line and the header lines are checked here
// first, strictly by RFC 9112: http-parser is lenient where a proxy in front of us would not
// be (spaces in header names, folded lines, bare LF), and two parsers that disagree about
// where a request ends are how requests are smuggled. The framing of the body (chunked
// included) is then http-parser's; the limits are ours, so an oversized request is refused
// before it is buffered.
class RequestParser {
public:
    struct Limits {
        std::size_t maxTargetBytes = 8 * 1024;
        std::size_t maxHeaderBytes = 32 * 1024; // request line and headers, every byte
        std::size_t maxHeaderCount = 100;
        std::size_t maxBodyBytes = limits::kMaxBodyBytes;
    };
    enum class State {
        NeedMore, // feed more bytes
        Complete, // take() the request
        Failed,   // answer failure() and close the connection
    };
    struct Failure {
        int status = 400;
        std::string message;
    };

    explicit RequestParser(Limits limits);
    RequestParser() : RequestParser(Limits{}) {}
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    // A route may take a larger body than Limits::maxBodyBytes (a picture upload): asked
    // with the method and path once the head is in, before any byte of the body is kept.
    // The larger of its answer and maxBodyBytes is that request's limit.
    using BodyLimit = std::function<std::size_t(std::string_view method, std::string_view path)>;
    void setBodyLimit(BodyLimit bodyLimit) { m_bodyLimitFor = std::move(bodyLimit); }
    // The current request's body limit: its route's once the head is in, else the general one.
    std::size_t bodyLimit() const { return std::max(m_limits.maxBodyBytes, m_bodyLimit); }

    // Parses from `bytes` and returns how many it used; stops after one whole request, so
    // the caller keeps the rest for the next.
    std::size_t feed(std::string_view bytes);
    State state() const { return m_state; }
    const Failure& failure() const { return m_failure; }

    // The headers are in and the client waits for "100 Continue" before sending the body.
    bool awaitsContinue() const {
        return m_expectContinue && m_headersDone && m_state == State::NeedMore;
    }
    void continueSent() { m_expectContinue = false; }

    // After Complete: the request, and whether the connection may carry another one.
    HttpRequest take();
    bool keepAlive() const { return m_keepAlive; }
    bool upgrade() const { return m_upgrade; }
    // True once any byte of the current request has arrived (an idle keep-alive connection
    // and a request half sent get different timeouts).
    bool started() const { return m_started; }

private:
    static const http_parser_settings& settings();
    static int onMessageBegin(http_parser* parser);
    static int onUrl(http_parser* parser, const char* at, std::size_t length);
    static int onHeaderField(http_parser* parser, const char* at, std::size_t length);
    static int onHeaderValue(http_parser* parser, const char* at, std::size_t length);
    static int onHeadersComplete(http_parser* parser);
    static int onBody(http_parser* parser, const char* at, std::size_t length);
    static int onChunkHeader(http_parser* parser);
    static int onMessageComplete(http_parser* parser);

    int fail(int status, std::string message);
    void reset();
    // Copies bytes of the head until its empty line, checking each line as it completes;
    // returns how many it took.
    std::size_t scanHead(std::string_view bytes);
    bool checkRequestLine(std::string_view line);
    bool checkHeaderLine(std::string_view line);
    bool checkHead();
    // Runs http-parser over bytes; returns how many it used.
    std::size_t execute(std::string_view bytes);

    Limits m_limits;
    BodyLimit m_bodyLimitFor;
    std::size_t m_bodyLimit = 0; // the current request's
    std::unique_ptr<http_parser> m_parser;
    State m_state = State::NeedMore;
    Failure m_failure;
    HttpRequest m_request;
    std::string m_target;
    bool m_inValue = false;
    bool m_headersDone = false;
    // The head as scanned so far, and what the scan learned from it.
    struct Head {
        std::string bytes;
        std::size_t lineStart = 0;
        bool requestLineSeen = false;
        bool complete = false;
        bool http10 = false;
        std::size_t headerCount = 0;
        int hostCount = 0;
        int contentLengthCount = 0;
        std::vector<std::string> transferEncodings; // each coding, lower case, in order
    } m_head;
    bool m_expectContinue = false;
    bool m_keepAlive = false;
    bool m_upgrade = false;
    bool m_started = false;
};

} // namespace lotok::http
