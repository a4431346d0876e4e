#include "http/HttpServer.h"

#include "http/ApiError.h"
#include "http/RequestParser.h"
#include "log/Log.h"
#include "net/Tls.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SHA1Engine.h>
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sstream>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_set>

namespace lotok::http {

using Clock = std::chrono::steady_clock;

namespace {

// Bytes read per read() call, and the most unparsed input a connection may hold: a client
// pipelining faster than it is answered stops being read until its answers are taken.
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kMaxBufferedInput = 256 * 1024;
// After refusing a request (413, malformed, ...) the connection is closed, but what the client
// is still sending is read and dropped for a while first: most clients write their whole
// body before they read, and closing with unread data would reset the connection and lose
// the answer.
// A refused upload on a route with a larger body limit (a picture) may be bigger than that:
// its route's limit is read and dropped too, so a file just over the limit gets its 413.
constexpr std::size_t kMaxDiscardBytes = 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kSweepInterval = std::chrono::seconds(1);
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
constexpr std::string_view kWebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

char kListenTag;
char kWakeTag;

// "Date" changes once a second; formatting it per answer would cost more than the answer.
std::string_view httpDate() {
    thread_local std::time_t cachedSecond = 0;
    thread_local char text[40];
    thread_local std::size_t length = 0;
    const auto now = std::time(nullptr);
    if (now != cachedSecond) {
        std::tm parts{};
        gmtime_r(&now, &parts);
        length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
        cachedSecond = now;
    }
    return {text, length};
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// A comma-separated header (Connection, Upgrade) lists `token`, in any case.
bool listsToken(std::optional<std::string_view> header, std::string_view token) {
    if (!header) {
        return false;
    }
    std::string_view rest = *header;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
            item.remove_prefix(1);
        }
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
            item.remove_suffix(1);
        }
        if (equalsIgnoringCase(item, token)) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return false;
}

// What is wrong with a WebSocket opening handshake (RFC 6455, 4.2.1), if anything.
std::optional<std::string> handshakeProblem(const HttpRequest& request) {
    if (!listsToken(request.header("upgrade"), "websocket")) {
        return "the Upgrade header must name websocket";
    }
    if (!listsToken(request.header("connection"), "upgrade")) {
        return "the Connection header must list upgrade";
    }
    if (request.header("sec-websocket-version") != std::optional<std::string_view>("13")) {
        return "only Sec-WebSocket-Version 13 is spoken";
    }
    const auto key = request.header("sec-websocket-key");
    if (!key || key->size() != 24) {
        return "Sec-WebSocket-Key must be 16 bytes in base64";
    }
    return std::nullopt;
}

std::string webSocketAccept(std::string_view key) {
    Poco::SHA1Engine sha1;
    sha1.update(key.data(), static_cast<unsigned>(key.size()));
    sha1.update(kWebSocketGuid.data(), static_cast<unsigned>(kWebSocketGuid.size()));
    const auto& digest = sha1.digest();
    std::ostringstream out;
    Poco::Base64Encoder base64(out);
    base64.write(reinterpret_cast<const char*>(digest.data()),
                 static_cast<std::streamsize>(digest.size()));
    base64.close();
    return out.str();
}

std::string peerAddress(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text,
                  sizeof text);
    } else if (address.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text,
                  sizeof text);
    }
    return text;
}

HttpResponse failureResponse(const RequestParser::Failure& failure) {
    const auto code =
        failure.status == 413 ? ErrorCode::PayloadTooLarge : ErrorCode::InvalidRequest;
    auto response = ApiError(code, failure.message).toResponse();
    response.status = failure.status; // 414, 417, 431, 501 and 505 keep their own status
    response.headers.emplace_back("X-Request-Id", newRequestId());
    return response;
}

int openListener(const std::string& host, std::uint16_t port, std::uint16_t& boundPort) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    if (const int error = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); error != 0) {
        throw std::runtime_error("cannot resolve " + host + ": " + gai_strerror(error));
    }
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, &freeaddrinfo);
    std::string lastError = "no address";
    for (auto* candidate = found; candidate; candidate = candidate->ai_next) {
        const int fd =
            socket(candidate->ai_family, candidate->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                   candidate->ai_protocol);
        if (fd < 0) {
            lastError = std::strerror(errno);
            continue;
        }
        const int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, candidate->ai_addr, candidate->ai_addrlen) == 0 && listen(fd, 4096) == 0) {
            sockaddr_storage bound{};
            socklen_t length = sizeof bound;
            getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
            boundPort =
                ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                  : reinterpret_cast<sockaddr_in&>(bound).sin_port);
            return fd;
        }
        lastError = std::strerror(errno);
        ::close(fd);
    }
    throw std::runtime_error("cannot listen on " + host + ":" + service + ": " + lastError);
}

// Writes what it can without blocking; false when the connection is broken.
bool writeSome(net::Stream& stream, const std::string& output, std::size_t& offset) {
    if (!stream.flushPending()) {
        return false;
    }
    while (offset < output.size()) {
        const auto written = stream.write(output.data() + offset, output.size() - offset);
        if (written.status == net::IoStatus::Ok) {
            offset += written.bytes;
        } else {
            return written.status == net::IoStatus::WouldBlock;
        }
    }
    return true;
}

} // namespace

std::string serializeResponse(const HttpResponse& response, bool keepAlive, bool headOnly,
                              bool overTls) {
    const bool bodyless = response.status == 204 || response.status == 304 ||
                          (response.status >= 100 && response.status < 200);
    std::string out;
    out.reserve(160 + response.body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(response.status);
    out += ' ';
    out += Poco::Net::HTTPResponse::getReasonForStatus(
        static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out += "\r\n";
    for (const auto& [name, value] : response.headers) {
        // The framing is the server's to decide.
        if (equalsIgnoringCase(name, "content-length") || equalsIgnoringCase(name, "connection") ||
            equalsIgnoringCase(name, "transfer-encoding")) {
            continue;
        }
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "Date: ";
    out += httpDate();
    // Every answer is JSON or nothing; no browser should guess it is something else.
    out += "\r\nX-Content-Type-Options: nosniff\r\n";
    if (overTls) {
        // A year, the usual; not includeSubDomains: other hosts of the domain are not ours.
        out += "Strict-Transport-Security: max-age=31536000\r\n";
    }
    if (!bodyless) {
        out += "Content-Length: ";
        out += std::to_string(response.body.size());
        out += "\r\n";
    }
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!bodyless && !headOnly) {
        out += response.body;
    }
    return out;
}

std::pair<std::string, std::uint16_t> parseHostPort(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        throw std::invalid_argument("expected HOST:PORT, got '" + text + "'");
    }
    const auto port = std::stoi(text.substr(colon + 1));
    if (port < 0 || port > 65535) {
        throw std::invalid_argument("port out of range in '" + text + "'");
    }
    auto host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return {host, static_cast<std::uint16_t>(port)};
}

// One connection. Exactly one thread works on it at a time: its loop (the socket is armed
// one-shot, so the kernel reports it once and then stays quiet until re-armed) or, while a
// request is being handled, one worker. Only the loop arms, closes and frees it.
struct HttpServer::Connection {
    int fd = -1;
    std::unique_ptr<net::Stream> stream; // owns fd; moved to the hub by an upgrade
    Loop* loop = nullptr;
    std::string remoteAddress;
    RequestParser parser;
    std::string input; // bytes read; those before inputOffset are parsed
    std::size_t inputOffset = 0;
    std::string output; // bytes to write; those before outputOffset are written
    std::size_t outputOffset = 0;
    bool closeWhenWritten = false;
    bool peerClosed = false;
    bool broken = false;
    bool lingering = false;
    std::size_t discarded = 0;
    std::size_t discardLimit = kMaxDiscardBytes;
    // Loop-thread state.
    bool atWorker = false;
    bool timingRequest = false;
    Clock::time_point requestStarted;
    Clock::time_point deadline;
    // Handed to a worker.
    HttpRequest request;
    bool requestKeepAlive = false;
    bool detached = false; // now a WebSocket's: the fd is not ours to close

    // Ours, or records of the TLS stream's own (a handshake's, a close_notify) not yet sent.
    bool outputPending() const {
        return outputOffset < output.size() || (stream && stream->hasPendingOutput());
    }
    std::string_view unparsed() const { return std::string_view(input).substr(inputOffset); }
    void consumed(std::size_t count) {
        inputOffset += count;
        if (inputOffset == input.size()) {
            input.clear();
            inputOffset = 0;
            if (input.capacity() > 4 * kReadChunk) {
                input.shrink_to_fit();
            }
        }
    }
    bool flush() {
        if (!writeSome(*stream, output, outputOffset)) {
            return false;
        }
        if (outputOffset == output.size()) {
            output.clear();
            outputOffset = 0;
        }
        return true;
    }
};

class HttpServer::Workers {
public:
    Workers(HttpServer& server, int count) : m_server(server) {
        for (int i = 0; i < std::max(1, count); ++i) {
            m_threads.emplace_back([this] { run(); });
        }
    }
    ~Workers() { stop(); }

    void push(Connection* connection) {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(connection);
        }
        m_wakeup.notify_one();
    }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_queue.clear(); // their loops close them
        }
        m_wakeup.notify_all();
        for (auto& thread : m_threads) {
            if (thread.joinable()) {
                thread.join();
            }
        }
    }

private:
    void run();
    void handle(Connection& connection);
    bool upgrade(Connection& connection, HttpResponse& refusal);

    HttpServer& m_server;
    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    std::deque<Connection*> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

class HttpServer::Loop {
public:
    Loop(HttpServer& server, int listenFd) : m_server(server), m_listenFd(listenFd) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (m_epoll < 0 || m_wakeFd < 0) {
            throw std::runtime_error(std::string("cannot create an event loop: ") +
                                     std::strerror(errno));
        }
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.ptr = &kWakeTag;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
        watchListener();
    }

    ~Loop() {
        stop();
        for (auto* connection : m_connections) {
            delete connection; // its stream closes the socket
        }
        ::close(m_wakeFd);
        ::close(m_epoll);
    }

    void start() {
        m_running = true;
        m_thread = std::thread([this] { run(); });
    }

    // For good: the server is stopping.
    void closeListener() {
        m_listenerClosed = true;
        stopAccepting();
    }

    void stop() {
        m_running = false;
        wake();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    // From a worker: the connection is the loop's again.
    void finished(Connection* connection) {
        bool wasEmpty = false;
        {
            std::lock_guard lock(m_finishedMutex);
            wasEmpty = m_finished.empty();
            m_finished.push_back(connection);
        }
        if (wasEmpty) {
            wake();
        }
    }

    // From a worker that hands the socket over: the loop must stop watching it first.
    void forget(int fd) { epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr); }

private:
    void stopAccepting() {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, m_listenFd, nullptr);
        m_accepting = false;
    }

    void wake() {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
    }

    void watchListener() {
        epoll_event event{};
        // Every loop waits on the one listening socket; EPOLLEXCLUSIVE wakes one of them
        // per new connection instead of all.
        event.events = EPOLLIN | EPOLLEXCLUSIVE;
        event.data.ptr = &kListenTag;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listenFd, &event);
        m_accepting = true;
    }

    void run();
    void acceptAll();
    void onReady(Connection* connection, std::uint32_t events);
    bool readAvailable(Connection* connection);
    void discardInput(Connection* connection);
    void process(Connection* connection);
    void answerInline(Connection* connection, const HttpResponse& response, bool keepAlive,
                      bool headOnly);
    void refuse(Connection* connection);
    void afterWorker(Connection* connection);
    // An answer is written (or waiting to be): write the rest, close, or read on.
    void afterAnswer(Connection* connection);
    void arm(Connection* connection, std::uint32_t events);
    void close(Connection* connection);
    void sweep();
    // The last resort: whatever goes wrong with one connection's bytes, that connection gets
    // a 500 (when an answer can still be written) and is closed; the loop and every other
    // connection go on.
    template <typename Work> void guarded(Connection* connection, Work&& work) {
        try {
            work();
        } catch (...) {
            failed(connection, std::current_exception());
        }
    }
    void failed(Connection* connection, std::exception_ptr error);

    HttpServer& m_server;
    int m_listenFd;
    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_running{false};
    std::thread m_thread;
    std::atomic<bool> m_accepting{false};
    std::atomic<bool> m_listenerClosed{false};
    Clock::time_point m_acceptPausedUntil;
    std::unordered_set<Connection*> m_connections;
    std::mutex m_finishedMutex;
    std::vector<Connection*> m_finished;
};

void HttpServer::Loop::run() {
    std::vector<epoll_event> events(256);
    auto nextSweep = Clock::now() + kSweepInterval;
    std::vector<Connection*> finished;
    while (m_running.load(std::memory_order_relaxed)) {
        const int count = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 250);
        if (count < 0 && errno != EINTR) {
            log::error("http loop: epoll_wait failed: {}", std::strerror(errno));
            break;
        }
        for (int i = 0; i < count; ++i) {
            void* tag = events[i].data.ptr;
            if (tag == &kListenTag) {
                acceptAll();
            } else if (tag == &kWakeTag) {
                std::uint64_t value = 0;
                [[maybe_unused]] const auto read = ::read(m_wakeFd, &value, sizeof value);
            } else {
                auto* connection = static_cast<Connection*>(tag);
                guarded(connection, [&] { onReady(connection, events[i].events); });
            }
        }
        {
            std::lock_guard lock(m_finishedMutex);
            finished.swap(m_finished);
        }
        for (auto* connection : finished) {
            guarded(connection, [&] { afterWorker(connection); });
        }
        finished.clear();
        const auto now = Clock::now();
        if (now >= nextSweep) {
            sweep();
            nextSweep = now + kSweepInterval;
        }
    }
}

void HttpServer::Loop::failed(Connection* connection, std::exception_ptr error) {
    const auto what = log::describe(error);
    // The work may have closed (and freed) the connection before it threw.
    if (!m_connections.count(connection)) {
        log::error("http: unhandled error on a closed connection: {}", what);
        return;
    }
    log::error("http: unhandled error on a connection from {}: {}", connection->remoteAddress,
               what);
    if (connection->atWorker || connection->detached) {
        return;
    }
    if (!connection->outputPending()) {
        auto response = ApiError(ErrorCode::Internal, "internal error").toResponse();
        response.headers.emplace_back("X-Request-Id", newRequestId());
        const auto answer = serializeResponse(response, false, false, connection->stream->secure());
        std::size_t offset = 0;
        writeSome(*connection->stream, answer, offset);
    }
    close(connection);
}

void HttpServer::Loop::acceptAll() {
    while (true) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        const int fd = accept4(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: stop accepting for a moment instead of spinning on a
                // listener that stays readable; the sweep may free some meanwhile.
                log::warn("http: cannot accept ({}); pausing for {} ms", std::strerror(errno),
                          kAcceptPause.count());
                stopAccepting();
                m_acceptPausedUntil = Clock::now() + kAcceptPause;
            }
            return;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto stream =
            m_server.m_options.tls ? m_server.m_options.tls->accept(fd) : net::plainStream(fd);
        if (!stream) {
            ::close(fd);
            continue;
        }
        auto* connection = new Connection;
        connection->fd = fd;
        connection->stream = std::move(stream);
        connection->loop = this;
        connection->remoteAddress = peerAddress(address);
        // Routes with a raw body (picture uploads) have their own limit; the router knows.
        connection->parser.setBodyLimit(
            [router = &m_server.m_router](std::string_view method, std::string_view path) {
                return router->bodyLimit(method, path);
            });
        connection->deadline =
            Clock::now() + std::chrono::seconds(m_server.m_options.keepAliveSeconds);
        m_connections.insert(connection);
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
        event.data.ptr = connection;
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
            close(connection);
        }
    }
}

void HttpServer::Loop::onReady(Connection* connection, std::uint32_t events) {
    if (connection->outputPending()) {
        // Armed for writing only: finish the answer, then go on as after any answer.
        if (!connection->flush()) {
            close(connection);
            return;
        }
        afterAnswer(connection);
        return;
    }
    if (connection->lingering) {
        discardInput(connection);
        return;
    }
    if (((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) ||
         connection->stream->hasBufferedInput()) &&
        !readAvailable(connection)) {
        close(connection);
        return;
    }
    process(connection);
}

void HttpServer::Loop::afterAnswer(Connection* connection) {
    if (connection->outputPending()) {
        arm(connection, EPOLLOUT);
    } else if (connection->lingering) {
        connection->stream->shutdownWrite();
        arm(connection, EPOLLIN);
    } else if (connection->closeWhenWritten) {
        close(connection);
    } else {
        process(connection);
    }
}

void HttpServer::Loop::discardInput(Connection* connection) {
    char buffer[kReadChunk];
    while (true) {
        const auto count = connection->stream->read(buffer, sizeof buffer);
        if (count.status == net::IoStatus::Ok) {
            connection->discarded += count.bytes;
            if (connection->discarded > connection->discardLimit) {
                break;
            }
        } else if (count.status == net::IoStatus::WouldBlock) {
            arm(connection, EPOLLIN);
            return;
        } else {
            break;
        }
    }
    close(connection);
}

bool HttpServer::Loop::readAvailable(Connection* connection) {
    char buffer[kReadChunk];
    auto& stream = *connection->stream;
    while (connection->unparsed().size() < kMaxBufferedInput && !connection->peerClosed) {
        const auto count = stream.read(buffer, sizeof buffer);
        if (count.status == net::IoStatus::Ok) {
            connection->input.append(buffer, count.bytes);
            if (count.bytes < sizeof buffer && !stream.hasBufferedInput()) {
                break; // drained; the next read would only say EAGAIN
            }
        } else if (count.status == net::IoStatus::Closed) {
            connection->peerClosed = true;
        } else {
            return count.status == net::IoStatus::WouldBlock;
        }
    }
    return true;
}

void HttpServer::Loop::process(Connection* connection) {
    auto& parser = connection->parser;
    while (true) {
        if (connection->outputPending()) {
            arm(connection, EPOLLOUT);
            return;
        }
        connection->consumed(parser.feed(connection->unparsed()));
        switch (parser.state()) {
        case RequestParser::State::NeedMore:
            if (connection->peerClosed) {
                close(connection);
                return;
            }
            if (parser.awaitsContinue()) {
                connection->output += "HTTP/1.1 100 Continue\r\n\r\n";
                parser.continueSent();
                if (!connection->flush()) {
                    close(connection);
                    return;
                }
                continue;
            }
            arm(connection, EPOLLIN);
            return;
        case RequestParser::State::Failed:
            refuse(connection);
            return;
        case RequestParser::State::Complete:
            break;
        }
        connection->timingRequest = false;
        const bool keepAlive = parser.keepAlive();
        HttpRequest request = parser.take();
        request.remoteAddress = connection->remoteAddress;
        request.internal = m_server.m_internal;
        request.secure = connection->stream->secure();
        const bool wantsUpgrade = request.header("upgrade").has_value();
        if (!wantsUpgrade && m_server.m_router.runsInline(request)) {
            answerInline(connection, m_server.m_router.dispatch(request), keepAlive,
                         request.method == "HEAD");
            if (connection->closeWhenWritten && !connection->outputPending()) {
                close(connection);
                return;
            }
            continue;
        }
        connection->request = std::move(request);
        connection->requestKeepAlive = keepAlive;
        connection->atWorker = true;
        m_server.m_workers->push(connection);
        return;
    }
}

void HttpServer::Loop::answerInline(Connection* connection, const HttpResponse& response,
                                    bool keepAlive, bool headOnly) {
    connection->output +=
        serializeResponse(response, keepAlive, headOnly, connection->stream->secure());
    connection->closeWhenWritten = !keepAlive;
    if (!connection->flush()) {
        connection->broken = true;
        connection->closeWhenWritten = true;
        connection->output.clear();
        connection->outputOffset = 0;
    }
}

void HttpServer::Loop::refuse(Connection* connection) {
    connection->output += serializeResponse(failureResponse(connection->parser.failure()), false,
                                            false, connection->stream->secure());
    if (!connection->flush()) {
        close(connection);
        return;
    }
    // Stop sending, keep reading (and dropping) for a moment: see kMaxDiscardBytes.
    connection->lingering = true;
    if (connection->parser.bodyLimit() > limits::kMaxBodyBytes) {
        connection->discardLimit = kMaxDiscardBytes + connection->parser.bodyLimit();
    }
    connection->input.clear();
    connection->inputOffset = 0;
    if (!connection->outputPending()) {
        connection->stream->shutdownWrite();
    }
    connection->deadline = Clock::now() + kLingerTime;
    arm(connection, connection->outputPending() ? EPOLLOUT : EPOLLIN);
}

void HttpServer::Loop::afterWorker(Connection* connection) {
    connection->atWorker = false;
    if (connection->detached) {
        m_connections.erase(connection);
        delete connection;
        return;
    }
    if (connection->broken) {
        close(connection);
        return;
    }
    afterAnswer(connection);
}

void HttpServer::Loop::arm(Connection* connection, std::uint32_t events) {
    const auto now = Clock::now();
    if (connection->lingering) {
        // deadline set when the lingering began
    } else if (events & EPOLLOUT) {
        connection->deadline = now + std::chrono::seconds(m_server.m_options.requestSeconds);
    } else if (connection->parser.started()) {
        // A request arrives whole within requestSeconds, however slowly it trickles.
        if (!connection->timingRequest) {
            connection->timingRequest = true;
            connection->requestStarted = now;
        }
        connection->deadline =
            connection->requestStarted + std::chrono::seconds(m_server.m_options.requestSeconds);
    } else {
        connection->deadline = now + std::chrono::seconds(m_server.m_options.keepAliveSeconds);
    }
    if ((events & EPOLLIN) && connection->stream->hasBufferedInput()) {
        // Input the TLS stream already took from the socket: the socket will not say readable
        // for it, but it is (nearly always) writable, which wakes the loop at once.
        events |= EPOLLOUT;
    }
    epoll_event event{};
    event.events = events | EPOLLRDHUP | EPOLLONESHOT;
    event.data.ptr = connection;
    if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection->fd, &event) != 0) {
        close(connection);
    }
}

void HttpServer::Loop::close(Connection* connection) {
    m_connections.erase(connection);
    delete connection; // its stream closes the socket
}

void HttpServer::Loop::sweep() {
    const auto now = Clock::now();
    std::vector<Connection*> expired;
    for (auto* connection : m_connections) {
        if (!connection->atWorker && now >= connection->deadline) {
            expired.push_back(connection);
        }
    }
    for (auto* connection : expired) {
        close(connection);
    }
    if (!m_accepting && !m_listenerClosed && now >= m_acceptPausedUntil) {
        watchListener();
    }
}

void HttpServer::Workers::run() {
    while (true) {
        Connection* connection = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_wakeup.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping) {
                return;
            }
            connection = m_queue.front();
            m_queue.pop_front();
        }
        handle(*connection);
        connection->loop->finished(connection);
    }
}

void HttpServer::Workers::handle(Connection& connection) {
    HttpResponse response;
    try {
        if (!upgrade(connection, response)) {
            if (connection.detached || connection.broken) {
                return;
            }
            response = m_server.m_router.dispatch(connection.request);
        }
    } catch (const std::exception& error) {
        log::error("http: unhandled error: {}", error.what());
        response = ApiError(ErrorCode::Internal, "internal error").toResponse();
    } catch (...) {
        log::error("http: unhandled error: unknown exception");
        response = ApiError(ErrorCode::Internal, "internal error").toResponse();
    }
    if (!response.header("x-request-id")) {
        // Refused upgrades and last-resort answers never went through the router.
        response.headers.emplace_back("X-Request-Id", requestIdOf(connection.request));
    }
    const bool headOnly = connection.request.method == "HEAD";
    connection.request = HttpRequest{};
    connection.output += serializeResponse(response, connection.requestKeepAlive, headOnly,
                                           connection.stream->secure());
    connection.closeWhenWritten = !connection.requestKeepAlive;
    // Written here, on the worker, so the answer does not wait for the loop to wake up.
    if (!connection.flush()) {
        connection.broken = true;
    }
}

// True when `refusal` holds the answer to a refused upgrade. False with the connection
// detached when the socket went to a WebSocket hub; false otherwise for ordinary requests.
bool HttpServer::Workers::upgrade(Connection& connection, HttpResponse& refusal) {
    const auto& request = connection.request;
    if (!m_server.m_upgradeHandler || !request.header("upgrade")) {
        return false;
    }
    auto decision = m_server.m_upgradeHandler(request);
    if (!decision) {
        return false;
    }
    if (decision->refusal) {
        refusal = std::move(*decision->refusal);
        return true;
    }
    auto problem = handshakeProblem(request);
    if (!problem && (!connection.unparsed().empty() || connection.stream->hasBufferedInput())) {
        problem = "data arrived before the handshake was answered"; // RFC 6455 4.1
    }
    if (problem) {
        refusal = ApiError(ErrorCode::InvalidRequest, "bad WebSocket handshake: " + *problem)
                      .toResponse();
        return true;
    }
    const std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                               webSocketAccept(*request.header("sec-websocket-key")) +
                               "\r\nX-Request-Id: " + requestIdOf(request) + "\r\n\r\n";
    std::size_t offset = 0;
    // A fresh socket's send buffer takes these few bytes at once; wait briefly if not.
    auto& stream = *connection.stream;
    const auto unsent = [&] { return offset < answer.size() || stream.hasPendingOutput(); };
    for (int attempt = 0; attempt < 50 && unsent(); ++attempt) {
        if (!writeSome(stream, answer, offset)) {
            break;
        }
        if (unsent()) {
            pollfd waitFor{connection.fd, POLLOUT, 0};
            poll(&waitFor, 1, 20);
        }
    }
    if (unsent()) {
        connection.broken = true;
        return false; // the loop closes it
    }
    connection.loop->forget(connection.fd);
    connection.detached = true;
    decision->adopt(std::move(connection.stream));
    return false;
}

HttpServer::HttpServer(const Router& router, bool internal, const std::string& hostPort,
                       HttpServerOptions options)
    : m_router(router), m_internal(internal), m_options(options) {
    auto [host, port] = parseHostPort(hostPort);
    m_host = host;
    m_listenFd = openListener(host, port, m_port);
}

HttpServer::~HttpServer() {
    stop();
    if (m_listenFd >= 0) {
        ::close(m_listenFd);
    }
}

void HttpServer::start() {
    if (m_started) {
        return;
    }
    m_started = true;
    m_workers = std::make_unique<Workers>(*this, m_options.workers);
    int loops = m_options.ioThreads;
    if (loops <= 0) {
        loops = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 4U));
    }
    for (int i = 0; i < loops; ++i) {
        m_loops.push_back(std::make_unique<Loop>(*this, m_listenFd));
    }
    for (auto& loop : m_loops) {
        loop->start();
    }
}

void HttpServer::stop() {
    if (!m_started) {
        return;
    }
    m_started = false;
    for (auto& loop : m_loops) {
        loop->closeListener();
    }
    // Requests being handled finish and are answered; queued ones are dropped with their
    // connections.
    m_workers->stop();
    for (auto& loop : m_loops) {
        loop->stop();
    }
    m_loops.clear();
    m_workers.reset();
    ::close(m_listenFd);
    m_listenFd = -1;
}

} // namespace lotok::http
