#pragma once

#include "http/HttpServer.h"
#include "http/Router.h"
#include "ws/Hub.h"
#include "ws/WsFrame.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lotok::ws {

// The WebSocket side of lotokd. The HTTP server performs the upgrade handshake on a worker
// thread; the socket is then handed to one epoll loop that reads and writes every
// connection, so thousands of idle clients cost memory, not threads.
class SocketHub : public Hub {
public:
    struct Options {
        int idleTimeoutSeconds = 120;
        int pingSeconds = 30;
        int maxQueuedMessages = 256;
        // Origins (scheme://host[:port]) whose pages may open a socket with the session
        // cookie, besides the server's own (the Host the request came to). A bearer-token
        // upgrade needs no Origin: a cross-site page cannot add the header.
        std::vector<std::string> allowedOrigins;
    };

    explicit SocketHub(Options options);
    SocketHub() : SocketHub(Options{}) {}
    ~SocketHub() override;

    // Callers of the upgrade are identified as the router identifies them.
    void setAuthenticator(const http::Router& router) { m_router = &router; }
    void start();
    // Closes every connection with 1001 and stops the loop.
    void shutdown();
    http::UpgradeHandler upgradeHandler();

    void addChannel(Channel channel) override;
    void sendToUser(const std::string& channel, std::int64_t userId,
                    const NumberedMessage& message) override;
    void broadcast(const std::string& channel, const std::string& message) override;
    void closeSession(const std::string& sessionKey) override;

    std::size_t connectionCount() const;

private:
    using Frame = std::shared_ptr<const std::string>;
    struct Connection {
        int fd = -1;                         // the key in the maps below
        std::unique_ptr<net::Stream> stream; // plain or TLS; owns fd
        std::string channel;
        std::int64_t userId = 0;
        std::string sessionKey;
        std::string input;
        std::string fragments;
        bool inMessage = false;       // a fragmented text message has begun
        bool resumeQueued = false;    // guarded by m_resumeMutex
        std::int64_t resumeAfter = 0; // guarded by m_resumeMutex
        std::deque<Frame> output;
        std::size_t outputOffset = 0;
        bool wantWrite = false;
        bool closing = false;
        std::chrono::steady_clock::time_point closingSince;
        std::chrono::steady_clock::time_point lastHeard;
        std::chrono::steady_clock::time_point lastPing;
        // Resume: live messages wait here while history is being sent, and no numbered
        // message is sent twice on one connection, whether it went out live or from history
        // (a live push can beat the client's resume request; the history then has it too).
        bool catchingUp = false;
        std::vector<NumberedMessage> heldBack;
        std::set<std::int64_t> sent; // the newest ids sent (a bounded few)
        // Frames the client asked for by resuming do not count against the queue bound: a
        // client offline for long must be able to catch up however small the bound is.
        std::size_t allowance = 0;

        explicit Connection(std::unique_ptr<net::Stream> over)
            : fd(over->fd()), stream(std::move(over)) {}
    };
    using ConnectionPtr = std::shared_ptr<Connection>;

    std::optional<http::UpgradeDecision> handleUpgrade(const http::HttpRequest& in);
    void adopt(std::unique_ptr<net::Stream> stream, const Channel& channel,
               const auth::Caller& caller, std::optional<std::int64_t> after);
    void catchUp(const ConnectionPtr& connection, std::int64_t after);
    void run();
    void readFrom(const ConnectionPtr& connection);
    // False when the connection was closed.
    bool handleFrame(const ConnectionPtr& connection, lotok::ws::Frame& frame);
    void handleText(const ConnectionPtr& connection, const std::string& text);
    bool originAllowed(const http::HttpRequest& in) const;
    void tick();
    // Logs an exception that escaped one connection's handling and closes that connection.
    void failed(const ConnectionPtr& connection, std::exception_ptr error);
    // The rest expect m_mutex held.
    void enqueue(Connection& connection, Frame frame);
    void flush(Connection& connection);
    void closeWith(Connection& connection, std::uint16_t code, std::string_view reason);
    void drop(int fd);
    void setWriteInterest(Connection& connection, bool want);

    Options m_options;
    const http::Router* m_router = nullptr;
    std::map<std::string, Channel> m_channelsByPath;
    std::map<std::string, Channel> m_channelsByName;

    mutable std::mutex m_mutex;
    std::unordered_map<int, ConnectionPtr> m_connections;
    std::map<std::pair<std::string, std::int64_t>, std::unordered_set<int>> m_byUser;
    std::unordered_map<std::string, std::unordered_set<int>> m_byChannel;
    std::unordered_map<std::string, std::unordered_set<int>> m_bySession;

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_running{false};
    std::thread m_loop;

    // Resume requests arriving on a socket load history off the loop thread.
    std::mutex m_resumeMutex;
    std::condition_variable m_resumeWakeup;
    std::deque<std::weak_ptr<Connection>> m_resumes;
    std::thread m_resumeWorker;
};

} // namespace lotok::ws
