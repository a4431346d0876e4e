#pragma once

#include "http/Router.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace lotok::http {

struct HttpServerOptions {
    int threads = 64;
    int maxQueued = 1024;
    // Keep-alive connections hold a worker thread in Poco; bounding them keeps one idle
    // client from starving the others.
    int keepAliveSeconds = 5;
    int maxKeepAliveRequests = 10000;
};

// Takes over a request that asks for a WebSocket upgrade; returns false to let the router
// answer it as an ordinary request.
using UpgradeHandler = std::function<bool(const HttpRequest&, Poco::Net::HTTPServerRequest&,
                                          Poco::Net::HTTPServerResponse&)>;

// Writes a router response to a Poco response (also used by the WebSocket upgrade).
void sendResponse(const HttpResponse& out, Poco::Net::HTTPServerResponse& response);

// A Poco HTTP listener in front of the router. The public one never matches /internal/.
class HttpServer {
public:
    HttpServer(const Router& router, bool internal, const std::string& hostPort,
               HttpServerOptions options = {});
    ~HttpServer();

    void setUpgradeHandler(UpgradeHandler handler) { m_upgradeHandler = std::move(handler); }
    void start();
    void stop();
    std::uint16_t port() const { return m_port; }
    std::string host() const { return m_host; }

private:
    const Router& m_router;
    bool m_internal;
    std::string m_host;
    std::uint16_t m_port = 0;
    UpgradeHandler m_upgradeHandler;
    std::unique_ptr<Poco::ThreadPool> m_threads;
    std::unique_ptr<Poco::Net::HTTPServer> m_server;
    std::atomic<const Poco::Net::HTTPServer*> m_serverView{nullptr};
    std::function<bool()> m_othersWaiting; // connections queued for a worker thread?
};

// "127.0.0.1:8080" -> host, port; throws std::invalid_argument on nonsense.
std::pair<std::string, std::uint16_t> parseHostPort(const std::string& text);

} // namespace lotok::http
