#include "ws/SocketHub.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "metrics/Metrics.h"
#include "ws/ClientMessage.h"
#include "ws/WsFrame.h"

#include <algorithm>
#include <charconv>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lotok::ws {

using Clock = std::chrono::steady_clock;

namespace {
constexpr std::size_t kMaxClientFrame = 16 * 1024;
// How many sent ids a connection remembers to avoid doubles across a resume: only the newest
// matter (a live push racing a resume is among the newest), and this bounds the memory.
constexpr std::size_t kRememberedIds = 64;
// The kernel's send buffer per socket. Left to autotuning it grows to megabytes on loopback,
// so a client that stops reading would swallow thousands of messages before the hub's own
// queue (max_queued_messages) ever filled, and would never be told 1013. Notification frames
// are a few hundred bytes; this still holds a hundred or more of them.
constexpr int kSendBufferBytes = 32 * 1024;

void remember(std::set<std::int64_t>& sent, std::int64_t id) {
    sent.insert(id);
    if (sent.size() > kRememberedIds) {
        sent.erase(sent.begin());
    }
}
} // namespace

SocketHub::SocketHub(Options options) : m_options(options) {
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
}

SocketHub::~SocketHub() {
    shutdown();
    close(m_wakeFd);
    close(m_epoll);
}

void SocketHub::addChannel(Channel channel) {
    m_channelsByPath[channel.path] = channel;
    m_channelsByName[channel.name] = channel;
}

namespace {

// Live messages queued for sockets, by channel (the channels are the code's, not clients').
// Counted once per send, not per socket: a broadcast to 10,000 sockets is one lookup.
void countPushes(const std::string& channel, std::size_t pushes) {
    if (pushes == 0) {
        return;
    }
    metrics::Registry::global()
        .counter("lotok_ws_pushes_total", "Live messages queued for a WebSocket, by channel",
                 {{"channel", channel}})
        .inc(static_cast<double>(pushes));
}

metrics::Gauge& connectionsGauge() {
    static auto& gauge = metrics::Registry::global().gauge(
        "lotok_ws_connections", "WebSocket connections open now in this process");
    return gauge;
}

} // namespace

std::size_t SocketHub::connectionCount() const {
    std::lock_guard lock(m_mutex);
    return m_connections.size();
}

void SocketHub::start() {
    if (m_running.exchange(true)) {
        return;
    }
    m_loop = std::thread([this] { run(); });
    m_resumeWorker = std::thread([this] {
        for (;;) {
            std::unique_lock lock(m_resumeMutex);
            m_resumeWakeup.wait(lock, [this] { return !m_resumes.empty() || !m_running; });
            if (!m_running) {
                return;
            }
            auto weak = m_resumes.front();
            m_resumes.pop_front();
            auto connection = weak.lock();
            std::int64_t after = 0;
            if (connection) {
                connection->resumeQueued = false;
                after = connection->resumeAfter;
            }
            lock.unlock();
            if (!connection) {
                continue;
            }
            try {
                catchUp(connection, after);
            } catch (const std::exception& error) {
                log::warn("resume failed: {}", error.what());
            } catch (...) {
                log::warn("resume failed: unknown exception");
            }
        }
    });
}

void SocketHub::shutdown() {
    if (!m_running.exchange(false)) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        for (auto& [fd, connection] : m_connections) {
            closeWith(*connection, close_code::kGoingAway, "server shutting down");
        }
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = write(m_wakeFd, &one, sizeof one);
    m_resumeWakeup.notify_all();
    if (m_loop.joinable()) {
        m_loop.join();
    }
    if (m_resumeWorker.joinable()) {
        m_resumeWorker.join();
    }
    std::lock_guard lock(m_mutex);
    while (!m_connections.empty()) {
        drop(m_connections.begin()->first);
    }
}

http::UpgradeHandler SocketHub::upgradeHandler() {
    return [this](const http::HttpRequest& in) { return handleUpgrade(in); };
}

std::optional<http::UpgradeDecision> SocketHub::handleUpgrade(const http::HttpRequest& in) {
    const auto channel = m_channelsByPath.find(in.path);
    if (channel == m_channelsByPath.end() || in.method != "GET" || !m_running) {
        return std::nullopt;
    }
    http::UpgradeDecision decision;
    try {
        if (!m_router) {
            throw http::ApiError(ErrorCode::Unavailable, "the stream is not ready");
        }
        // The same rule as every other request on the internal listener.
        m_router->checkServiceToken(in);
        const auto caller = m_router->identify(in);
        if (!caller) {
            throw http::ApiError(ErrorCode::Unauthorized,
                                 "sign in first: the session is missing or expired");
        }
        if (http::authenticatesByCookie(in) && !originAllowed(in)) {
            // Cross-site WebSocket hijacking: another site's page opening the socket with
            // the browser's cookie.
            throw http::ApiError(ErrorCode::Forbidden,
                                 "this Origin may not open the stream with a session cookie");
        }
        if (channel->second.staffOnly && !caller->isStaff()) {
            throw http::ApiError(ErrorCode::Forbidden, "only staff may open this stream");
        }
        std::optional<std::int64_t> after;
        if (const auto text = in.queryParam("after"); text && !text->empty()) {
            std::int64_t value = -1;
            const auto [end, error] =
                std::from_chars(text->data(), text->data() + text->size(), value);
            if (error != std::errc() || end != text->data() + text->size() || value < 0) {
                throw http::ApiError::invalid("after", "must be a non-negative integer");
            }
            after = value;
        }
        decision.adopt = [this, channel = channel->second, caller = *caller,
                          after](std::unique_ptr<net::Stream> stream) {
            adopt(std::move(stream), channel, caller, after);
        };
    } catch (const http::ApiError& error) {
        decision.refusal = error.toResponse();
    }
    return decision;
}

bool SocketHub::originAllowed(const http::HttpRequest& in) const {
    const auto origin = in.header("origin");
    if (!origin) {
        return true; // not a browser: nothing is sent on its own behalf
    }
    const auto host = in.header("host");
    if (host &&
        (*origin == "http://" + std::string(*host) || *origin == "https://" + std::string(*host))) {
        return true;
    }
    return std::find(m_options.allowedOrigins.begin(), m_options.allowedOrigins.end(), *origin) !=
           m_options.allowedOrigins.end();
}

void SocketHub::adopt(std::unique_ptr<net::Stream> stream, const Channel& channel,
                      const auth::Caller& caller, std::optional<std::int64_t> after) {
    const int fd = stream->fd();
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSendBufferBytes, sizeof kSendBufferBytes);
    auto connection = std::make_shared<Connection>(std::move(stream));
    connection->channel = channel.name;
    connection->userId = caller.userId;
    connection->sessionKey = caller.sessionKey;
    connection->lastHeard = connection->lastPing = Clock::now();
    const bool resume = after && channel.history;
    connection->catchingUp = resume;
    {
        std::lock_guard lock(m_mutex);
        m_connections[fd] = connection;
        connectionsGauge().set(static_cast<double>(m_connections.size()));
        m_byUser[{channel.name, caller.userId}].insert(fd);
        m_byChannel[channel.name].insert(fd);
        if (!caller.sessionKey.empty()) {
            m_bySession[caller.sessionKey].insert(fd);
        }
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }
    log::debug("websocket opened: channel {} user {}", channel.name, caller.userId);
    if (resume) {
        catchUp(connection, *after);
    }
}

void SocketHub::catchUp(const ConnectionPtr& connection, std::int64_t after) {
    const auto channel = m_channelsByName.find(connection->channel);
    if (channel == m_channelsByName.end() || !channel->second.history) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        connection->catchingUp = true;
    }
    std::vector<NumberedMessage> history;
    try {
        history = channel->second.history(connection->userId, after);
    } catch (const std::exception& error) {
        std::lock_guard lock(m_mutex);
        log::warn("could not load history for user {}: {}", connection->userId, error.what());
        closeWith(*connection, close_code::kTryAgainLater, "history unavailable");
        return;
    }
    std::lock_guard lock(m_mutex);
    if (connection->closing) {
        return;
    }
    // History and the live messages that arrived meanwhile, each once: what this connection
    // has already been sent (live, before the resume was read) is not repeated.
    std::vector<Frame> frames;
    for (const auto* batch : {&history, &connection->heldBack}) {
        for (const auto& message : *batch) {
            if (!connection->sent.count(message.id)) {
                frames.push_back(
                    std::make_shared<const std::string>(encodeFrame(Opcode::Text, message.text)));
                remember(connection->sent, message.id);
            }
        }
    }
    connection->heldBack.clear();
    connection->catchingUp = false;
    // The client asked for all of it: it may exceed the queue bound (see Connection).
    connection->allowance += frames.size();
    for (auto& frame : frames) {
        enqueue(*connection, std::move(frame));
    }
    flush(*connection);
}

void SocketHub::sendToUser(const std::string& channel, std::int64_t userId,
                           const NumberedMessage& message) {
    std::lock_guard lock(m_mutex);
    const auto found = m_byUser.find({channel, userId});
    if (found == m_byUser.end()) {
        return;
    }
    Frame frame;
    std::size_t pushes = 0;
    for (int fd : std::vector<int>(found->second.begin(), found->second.end())) {
        auto& connection = *m_connections.at(fd);
        if (connection.catchingUp) {
            if (connection.heldBack.size() >=
                static_cast<std::size_t>(m_options.maxQueuedMessages)) {
                closeWith(connection, close_code::kTryAgainLater, "too far behind");
            } else {
                connection.heldBack.push_back(message);
            }
            continue;
        }
        if (connection.sent.count(message.id)) {
            continue; // sent a moment ago from history
        }
        if (!frame) {
            frame = std::make_shared<const std::string>(encodeFrame(Opcode::Text, message.text));
        }
        remember(connection.sent, message.id);
        enqueue(connection, frame);
        flush(connection);
        ++pushes;
    }
    countPushes(channel, pushes);
}

void SocketHub::broadcast(const std::string& channel, const std::string& message) {
    std::lock_guard lock(m_mutex);
    const auto found = m_byChannel.find(channel);
    if (found == m_byChannel.end() || found->second.empty()) {
        return;
    }
    const auto frame = std::make_shared<const std::string>(encodeFrame(Opcode::Text, message));
    // A copy: a socket that fails its flush is dropped from the channel's set meanwhile.
    const std::vector<int> fds(found->second.begin(), found->second.end());
    for (int fd : fds) {
        auto& connection = *m_connections.at(fd);
        enqueue(connection, frame);
        flush(connection);
    }
    countPushes(channel, fds.size());
}

void SocketHub::closeSession(const std::string& sessionKey) {
    std::lock_guard lock(m_mutex);
    const auto found = m_bySession.find(sessionKey);
    if (found == m_bySession.end()) {
        return;
    }
    for (int fd : std::vector<int>(found->second.begin(), found->second.end())) {
        closeWith(*m_connections.at(fd), close_code::kPolicyViolation, "session ended");
    }
}

void SocketHub::enqueue(Connection& connection, Frame frame) {
    if (connection.closing) {
        return;
    }
    if (connection.output.size() >=
        static_cast<std::size_t>(m_options.maxQueuedMessages) + connection.allowance) {
        // A reader this slow would hold memory for ever and delay nobody else: let it go.
        closeWith(connection, close_code::kTryAgainLater, "reader too slow");
        return;
    }
    connection.output.push_back(std::move(frame));
}

void SocketHub::setWriteInterest(Connection& connection, bool want) {
    if (connection.wantWrite == want) {
        return;
    }
    connection.wantWrite = want;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (want ? static_cast<std::uint32_t>(EPOLLOUT) : 0U);
    event.data.fd = connection.fd;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection.fd, &event);
}

void SocketHub::flush(Connection& connection) {
    const auto broken = [&] {
        connection.output.clear();
        connection.closing = true;
        connection.closingSince = Clock::time_point{}; // drop at the next tick
    };
    auto& stream = *connection.stream;
    if (!stream.flushPending()) {
        broken();
        return;
    }
    while (!connection.output.empty()) {
        const auto& frame = *connection.output.front();
        const auto sent = stream.write(frame.data() + connection.outputOffset,
                                       frame.size() - connection.outputOffset);
        if (sent.status == net::IoStatus::WouldBlock) {
            setWriteInterest(connection, true);
            return;
        }
        if (sent.status != net::IoStatus::Ok) {
            broken();
            return;
        }
        connection.outputOffset += sent.bytes;
        if (connection.outputOffset == frame.size()) {
            connection.output.pop_front();
            connection.outputOffset = 0;
            if (connection.allowance > 0) {
                --connection.allowance;
            }
        }
    }
    // A TLS stream may still hold the last record's tail.
    setWriteInterest(connection, stream.hasPendingOutput());
}

void SocketHub::closeWith(Connection& connection, std::uint16_t code, std::string_view reason) {
    if (connection.closing) {
        return;
    }
    // Whatever is queued but not started is dropped; a frame half-written is finished first
    // so the close frame lands on a frame boundary.
    while (connection.output.size() > (connection.outputOffset > 0 ? 1u : 0u)) {
        connection.output.pop_back();
    }
    connection.output.push_back(std::make_shared<const std::string>(encodeClose(code, reason)));
    connection.closing = true;
    connection.closingSince = Clock::now();
    flush(connection);
}

void SocketHub::drop(int fd) {
    const auto found = m_connections.find(fd);
    if (found == m_connections.end()) {
        return;
    }
    auto connection = found->second;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    if (auto user = m_byUser.find({connection->channel, connection->userId});
        user != m_byUser.end()) {
        user->second.erase(fd);
        if (user->second.empty()) {
            m_byUser.erase(user);
        }
    }
    m_byChannel[connection->channel].erase(fd);
    if (auto session = m_bySession.find(connection->sessionKey); session != m_bySession.end()) {
        session->second.erase(fd);
        if (session->second.empty()) {
            m_bySession.erase(session);
        }
    }
    m_connections.erase(found);
    connectionsGauge().set(static_cast<double>(m_connections.size()));
    // Now, not when the last reference goes: a resume worker may hold the connection a while.
    connection->stream->close();
}

void SocketHub::handleText(const ConnectionPtr& connection, const std::string& text) {
    const auto message = parseClientMessage(text);
    if (message.kind != ClientMessage::Kind::Resume) {
        std::lock_guard lock(m_mutex);
        closeWith(*connection, message.closeCode, message.reason);
        return;
    }
    {
        // Resumes asked for faster than history loads coalesce: the newest wins, and one
        // client cannot queue unbounded database reads.
        std::lock_guard lock(m_resumeMutex);
        connection->resumeAfter = message.after;
        if (connection->resumeQueued) {
            return;
        }
        connection->resumeQueued = true;
        m_resumes.emplace_back(connection);
    }
    m_resumeWakeup.notify_one();
}

void SocketHub::readFrom(const ConnectionPtr& connection) {
    char buffer[4096];
    for (;;) {
        const auto received = connection->stream->read(buffer, sizeof buffer);
        if (received.status == net::IoStatus::Ok) {
            connection->input.append(buffer, received.bytes);
            if (connection->input.size() > 4 * kMaxClientFrame) {
                std::lock_guard lock(m_mutex);
                closeWith(*connection, close_code::kTooBig, "too much input");
                return;
            }
            continue;
        }
        if (received.status != net::IoStatus::WouldBlock) {
            std::lock_guard lock(m_mutex);
            drop(connection->fd);
            return;
        }
        break;
    }
    if (connection->stream->hasPendingOutput()) {
        // Reading made TLS records of its own (a key update's answer); they go out too.
        std::lock_guard lock(m_mutex);
        flush(*connection);
    }
    connection->lastHeard = Clock::now();
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (connection->closing) {
                // After our close frame only the client's close matters; the rest is noise.
                connection->input.clear();
                return;
            }
        }
        lotok::ws::Frame frame;
        const auto status = parseClientFrame(connection->input, frame, kMaxClientFrame);
        if (status == ParseStatus::NeedMore) {
            return;
        }
        if (status != ParseStatus::Complete) {
            std::lock_guard lock(m_mutex);
            closeWith(*connection,
                      status == ParseStatus::TooBig ? close_code::kTooBig
                                                    : close_code::kProtocolError,
                      "bad frame");
            return;
        }
        if (!handleFrame(connection, frame)) {
            return;
        }
    }
}

bool SocketHub::handleFrame(const ConnectionPtr& connection, lotok::ws::Frame& frame) {
    std::unique_lock lock(m_mutex);
    switch (frame.opcode) {
    case Opcode::Ping:
        enqueue(*connection,
                std::make_shared<const std::string>(encodeFrame(Opcode::Pong, frame.payload)));
        flush(*connection);
        return true;
    case Opcode::Pong:
        return true;
    case Opcode::Close:
        if (const auto problem = closePayloadProblem(frame.payload)) {
            closeWith(*connection, *problem, "bad close frame");
            return false;
        }
        if (!connection->closing) {
            closeWith(*connection, close_code::kNormal, "bye");
        }
        drop(connection->fd);
        return false;
    case Opcode::Binary:
        // The socket speaks JSON text only (RFC 6455 7.4.1: 1003 for data it cannot take).
        closeWith(*connection, close_code::kUnsupportedData, "only text messages");
        return false;
    case Opcode::Text:
    case Opcode::Continuation: {
        // A continuation needs a message to continue; a new message may not start inside
        // another (RFC 6455 5.4).
        const bool continuation = frame.opcode == Opcode::Continuation;
        if (continuation != connection->inMessage) {
            closeWith(*connection, close_code::kProtocolError,
                      continuation ? "continuation without a message" : "message interleaved");
            return false;
        }
        connection->fragments += frame.payload;
        if (connection->fragments.size() > kMaxClientFrame) {
            closeWith(*connection, close_code::kTooBig, "message too big");
            return false;
        }
        connection->inMessage = !frame.fin;
        if (frame.fin) {
            auto text = std::move(connection->fragments);
            connection->fragments.clear();
            lock.unlock();
            handleText(connection, text);
        }
        return true;
    }
    }
    closeWith(*connection, close_code::kProtocolError, "unsupported frame");
    return false;
}

void SocketHub::tick() {
    const auto now = Clock::now();
    const auto idle = std::chrono::seconds(m_options.idleTimeoutSeconds);
    const auto ping = std::chrono::seconds(m_options.pingSeconds);
    const auto pingFrame = std::make_shared<const std::string>(encodeFrame(Opcode::Ping, "lotok"));
    std::lock_guard lock(m_mutex);
    std::vector<int> toDrop;
    for (auto& [fd, connection] : m_connections) {
        if (connection->closing) {
            // Flushed close frames get a moment on the wire. One stuck behind a full buffer
            // waits as long as a silent client is tolerated anyway: a slow reader (closed
            // with 1013) must be able to read its way to the close code, or it cannot tell
            // "try again later" from a broken connection.
            const auto closingFor = now - connection->closingSince;
            if ((connection->output.empty() && closingFor > std::chrono::milliseconds(100)) ||
                closingFor > std::max<Clock::duration>(std::chrono::seconds(2), idle)) {
                toDrop.push_back(fd);
            }
            continue;
        }
        if (now - connection->lastHeard > idle) {
            closeWith(*connection, close_code::kNormal, "idle timeout");
            continue;
        }
        if (now - connection->lastPing > ping) {
            connection->lastPing = now;
            enqueue(*connection, pingFrame);
            flush(*connection);
        }
    }
    for (int fd : toDrop) {
        drop(fd);
    }
}

void SocketHub::run() {
    epoll_event events[256];
    auto lastTick = Clock::now();
    while (m_running) {
        const int ready = epoll_wait(m_epoll, events, 256, 250);
        for (int i = 0; i < ready; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_wakeFd) {
                std::uint64_t value = 0;
                [[maybe_unused]] auto n = read(m_wakeFd, &value, sizeof value);
                continue;
            }
            ConnectionPtr connection;
            // The last resort: whatever one connection's bytes make go wrong, that connection
            // is closed (1011) and every other one goes on.
            try {
                {
                    std::lock_guard lock(m_mutex);
                    const auto found = m_connections.find(fd);
                    if (found == m_connections.end()) {
                        continue;
                    }
                    connection = found->second;
                    if (events[i].events & EPOLLOUT) {
                        flush(*connection);
                    }
                    if (events[i].events & (EPOLLERR | EPOLLHUP)) {
                        drop(fd);
                        continue;
                    }
                }
                if (events[i].events & (EPOLLIN | EPOLLRDHUP)) {
                    readFrom(connection);
                }
            } catch (...) {
                failed(connection, std::current_exception());
            }
        }
        if (Clock::now() - lastTick > std::chrono::milliseconds(500)) {
            lastTick = Clock::now();
            try {
                tick();
            } catch (...) {
                failed(nullptr, std::current_exception());
            }
        }
    }
}

void SocketHub::failed(const ConnectionPtr& connection, std::exception_ptr error) {
    const auto what = log::describe(error);
    log::error("websocket: unhandled error{}: {}",
               connection ? " on user " + std::to_string(connection->userId) + "'s socket" : "",
               what);
    if (connection) {
        std::lock_guard lock(m_mutex);
        if (m_connections.count(connection->fd)) {
            connection->input.clear();
            closeWith(*connection, close_code::kInternalError, "internal error");
        }
    }
}

} // namespace lotok::ws
