#include "http/HttpServer.h"

#include "http/ApiError.h"
#include "log/Log.h"
#include "lotok/Limits.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <cctype>
#include <istream>

namespace lotok::http {
void sendResponse(const HttpResponse& out, Poco::Net::HTTPServerResponse& response) {
    // With the standard reason phrase: setStatus() alone leaves "OK" on every status.
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
    for (const auto& [name, value] : out.headers) {
        if (name == "Set-Cookie") {
            response.add(name, value);
        } else {
            response.set(name, value);
        }
    }
    if (out.status == 204 || out.status == 304) {
        response.setContentLength(0);
        response.send();
        return;
    }
    response.sendBuffer(out.body.data(), out.body.size());
}

namespace {

// While connections wait for a worker, a worker closes its connection after this many answers.
constexpr unsigned kAnswersPerTurn = 8;

// A refused body is still read (and dropped) up to this much before the connection closes:
// a client that writes its whole body before reading the answer, as most do, would otherwise
// meet a reset instead of the 413. Beyond it the connection is cut short.
constexpr std::size_t kMaxDiscardBytes = 1024 * 1024;

void discardBody(std::istream& stream) {
    char buffer[8192];
    std::size_t dropped = 0;
    while (stream && dropped < kMaxDiscardBytes) {
        stream.read(buffer, sizeof buffer);
        dropped += static_cast<std::size_t>(stream.gcount());
    }
}

class RouterHandler : public Poco::Net::HTTPRequestHandler {
public:
    RouterHandler(const Router& router, bool internal, const UpgradeHandler& upgrade,
                  const std::function<bool()>& othersWaiting)
        : m_router(router), m_internal(internal), m_upgrade(upgrade),
          m_othersWaiting(othersWaiting) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        HttpRequest in;
        in.method = request.getMethod();
        const auto& uri = request.getURI();
        const auto question = uri.find('?');
        in.path = uri.substr(0, question);
        if (question != std::string::npos) {
            in.query = uri.substr(question + 1);
        }
        in.internal = m_internal;
        in.remoteAddress = request.clientAddress().host().toString();
        for (const auto& [name, value] : request) {
            std::string lower;
            lower.reserve(name.size());
            for (char c : name) {
                lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            in.headers.emplace_back(std::move(lower), value);
        }
        if (m_upgrade && request.has("Upgrade") && m_upgrade(in, request, response)) {
            return;
        }
        if (request.hasContentLength() &&
            request.getContentLength64() > static_cast<Poco::Int64>(limits::kMaxBodyBytes)) {
            // Answer and close; drain a moderate body first so the client sees the answer.
            if (request.getContentLength64() <= static_cast<Poco::Int64>(kMaxDiscardBytes)) {
                discardBody(request.stream());
            }
            response.setKeepAlive(false);
            sendResponse(
                ApiError(ErrorCode::PayloadTooLarge, "the body is larger than 64 KiB").toResponse(),
                response);
            return;
        }
        auto& stream = request.stream();
        char buffer[8192];
        while (stream && in.body.size() <= limits::kMaxBodyBytes) {
            stream.read(buffer, sizeof buffer);
            in.body.append(buffer, static_cast<std::size_t>(stream.gcount()));
        }
        if (in.body.size() > limits::kMaxBodyBytes) {
            discardBody(stream);
            response.setKeepAlive(false);
        }
        // A keep-alive connection holds its worker thread between requests. When every
        // worker is taken and connections wait in the queue, a worker closes its connection
        // every few answers so that the waiting ones get their turn (the client reconnects);
        // otherwise 1,000 busy clients would have 64 served and the rest starved. Not after
        // every answer: reconnecting costs more than answering.
        thread_local unsigned answered = 0;
        if (m_othersWaiting() && ++answered % kAnswersPerTurn == 0) {
            response.setKeepAlive(false);
        }
        sendResponse(m_router.dispatch(in), response);
    }

private:
    const Router& m_router;
    bool m_internal;
    const UpgradeHandler& m_upgrade;
    const std::function<bool()>& m_othersWaiting;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const Router& router, bool internal, const UpgradeHandler& upgrade,
            const std::function<bool()>& othersWaiting)
        : m_router(router), m_internal(internal), m_upgrade(upgrade),
          m_othersWaiting(othersWaiting) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new RouterHandler(m_router, m_internal, m_upgrade, m_othersWaiting);
    }

private:
    const Router& m_router;
    bool m_internal;
    const UpgradeHandler& m_upgrade;
    const std::function<bool()>& m_othersWaiting;
};

} // namespace

std::pair<std::string, std::uint16_t> parseHostPort(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        throw std::invalid_argument("expected HOST:PORT, got '" + text + "'");
    }
    const auto port = std::stoi(text.substr(colon + 1));
    if (port < 0 || port > 65535) {
        throw std::invalid_argument("port out of range in '" + text + "'");
    }
    return {text.substr(0, colon), static_cast<std::uint16_t>(port)};
}

HttpServer::HttpServer(const Router& router, bool internal, const std::string& hostPort,
                       HttpServerOptions options)
    : m_router(router), m_internal(internal) {
    auto [host, port] = parseHostPort(hostPort);
    m_host = host;
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(host, port), /*reuseAddress=*/true);
    socket.listen(1024);
    m_port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(options.maxQueued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(options.keepAliveSeconds, 0));
    params->setMaxKeepAliveRequests(options.maxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(30, 0));
    m_threads = std::make_unique<Poco::ThreadPool>(4, options.threads + 4, 60);
    m_othersWaiting = [this] {
        const auto* server = m_serverView.load(std::memory_order_acquire);
        return server && server->queuedConnections() > 0;
    };
    m_server = std::make_unique<Poco::Net::HTTPServer>(
        new Factory(m_router, m_internal, m_upgradeHandler, m_othersWaiting), *m_threads, socket,
        params);
    m_serverView.store(m_server.get(), std::memory_order_release);
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::start() {
    m_server->start();
}

void HttpServer::stop() {
    if (m_server) {
        m_serverView.store(nullptr, std::memory_order_release);
        m_server->stopAll(true);
        m_server.reset();
        m_threads->joinAll();
    }
}

} // namespace lotok::http
