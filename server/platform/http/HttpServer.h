#pragma once

#include "http/Router.h"
#include "net/Stream.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lotok::net {
class TlsServer;
}

namespace lotok::http {

struct HttpServerOptions {
    // Handlers that may wait for the database run on these; a connection costs a worker only
    // while one of its requests is being handled, never while it is idle.
    int workers = 64;
    // Event loops that accept, read, parse and write; 0 means one per core (at most 4).
    int ioThreads = 0;
    // An idle keep-alive connection is closed after this long.
    int keepAliveSeconds = 60;
    // A request must arrive whole, and an answer be taken by the client, within this.
    int requestSeconds = 30;
    // Set: the listener speaks only TLS with this certificate (and every answer carries HSTS).
    std::shared_ptr<const net::TlsServer> tls;
};

// How a WebSocket endpoint answers an upgrade request (on a worker: it may authenticate).
struct UpgradeDecision {
    // Set: refuse the upgrade with this answer.
    std::optional<HttpResponse> refusal;
    // Otherwise the server completes the handshake and hands over the connection's stream
    // (non-blocking, no longer watched by the server; TLS already set up on it).
    std::function<void(std::unique_ptr<net::Stream>)> adopt;
};
// Returns nullopt for a request it does not take; the router answers that one.
using UpgradeHandler = std::function<std::optional<UpgradeDecision>(const HttpRequest&)>;

// The HTTP/1.1 front of lotokd: a few epoll loops own every connection and parse requests
// as bytes arrive; routes that never block are answered on the loop, the rest on a worker
// pool. Thousands of keep-alive clients cost memory, not threads, and no client waits for
// another's connection to go idle. The public listener never matches /internal/.
class HttpServer {
public:
    HttpServer(const Router& router, bool internal, const std::string& hostPort,
               HttpServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    void setUpgradeHandler(UpgradeHandler handler) { m_upgradeHandler = std::move(handler); }
    void start();
    // Stops accepting, lets requests being handled finish, closes every connection.
    void stop();
    std::uint16_t port() const { return m_port; }
    std::string host() const { return m_host; }

    class Loop;
    struct Connection;

private:
    class Workers;

    const Router& m_router;
    bool m_internal;
    HttpServerOptions m_options;
    std::string m_host;
    std::uint16_t m_port = 0;
    int m_listenFd = -1;
    UpgradeHandler m_upgradeHandler;
    std::unique_ptr<Workers> m_workers;
    std::vector<std::unique_ptr<Loop>> m_loops;
    bool m_started = false;
};

// Serialises an answer as HTTP/1.1 bytes. `headOnly`: the answer to HEAD, without the body.
// `overTls`: the answer goes out over HTTPS and tells the client to keep to it (HSTS).
std::string serializeResponse(const HttpResponse& response, bool keepAlive, bool headOnly = false,
                              bool overTls = false);

// "127.0.0.1:8080" -> host, port; throws std::invalid_argument on nonsense.
std::pair<std::string, std::uint16_t> parseHostPort(const std::string& text);

} // namespace lotok::http
