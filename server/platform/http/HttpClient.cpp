#include "http/HttpClient.h"

#include "net/TlsClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>
#include <istream>
#include <sstream>
#include <stdexcept>

namespace lotok::http {

HttpClient::HttpClient(const std::string& baseUrl, std::chrono::milliseconds timeout,
                       const std::string& caFile)
    : m_baseUrl(baseUrl), m_timeout(timeout) {
    while (!m_baseUrl.empty() && m_baseUrl.back() == '/') {
        m_baseUrl.pop_back();
    }
    Poco::URI uri(m_baseUrl);
    if (uri.getScheme() == "https") {
        m_tls = net::tlsClientContext(caFile);
    } else if (uri.getScheme() != "http") {
        throw std::invalid_argument("only http:// and https:// URLs are supported: " + baseUrl);
    }
    m_host = uri.getHost();
    m_port = uri.getPort();
}

std::unique_ptr<Poco::Net::HTTPClientSession> HttpClient::open() const {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (m_tls) {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(m_host, m_port, m_tls);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(m_host, m_port);
    }
    session->setKeepAlive(true);
    session->setTimeout(
        Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(m_timeout).count()));
    return session;
}

HttpClient::~HttpClient() = default;

std::unique_ptr<Poco::Net::HTTPClientSession> HttpClient::borrow() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto session = std::move(m_idle.back());
            m_idle.pop_back();
            return session;
        }
    }
    return open();
}

void HttpClient::giveBack(std::unique_ptr<Poco::Net::HTTPClientSession> session) {
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < 64) {
        m_idle.push_back(std::move(session));
    }
}

HttpResponse HttpClient::send(const HttpRequest& request) {
    const std::string target = request.path + (request.query.empty() ? "" : "?" + request.query);
    // A pooled keep-alive connection may have been closed by the server meanwhile; one
    // fresh-connection retry covers that without hiding a server that is really down.
    for (int attempt = 0;; ++attempt) {
        auto session = attempt == 0 ? borrow() : nullptr;
        if (!session) {
            session = open();
        }
        try {
            Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
            out.setKeepAlive(true);
            for (const auto& [name, value] : request.headers) {
                out.set(name, value);
            }
            // Methods with a meaning for a body say its length even when it is empty: without
            // it Poco ends the body by shutting its side of the socket, which a gateway takes
            // for a client that gave up (nginx: 499) rather than an empty PUT.
            if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                request.method == "PATCH") {
                out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
            }
            auto& body = session->sendRequest(out);
            body.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
            Poco::Net::HTTPResponse in;
            auto& stream = session->receiveResponse(in);
            HttpResponse response;
            response.status = static_cast<int>(in.getStatus());
            for (const auto& [name, value] : in) {
                response.headers.emplace_back(name, value);
            }
            std::ostringstream content;
            content << stream.rdbuf();
            response.body = content.str();
            if (in.getKeepAlive()) {
                giveBack(std::move(session));
            }
            return response;
        } catch (const Poco::Exception& error) {
            if (attempt == 0) {
                continue;
            }
            throw std::runtime_error("HTTP " + request.method + " " + m_baseUrl + target +
                                     " failed: " + error.displayText());
        }
    }
}

HttpResponse HttpClient::get(const std::string& pathAndQuery, const Headers& headers) {
    HttpRequest request;
    request.method = "GET";
    const auto question = pathAndQuery.find('?');
    request.path = pathAndQuery.substr(0, question);
    if (question != std::string::npos) {
        request.query = pathAndQuery.substr(question + 1);
    }
    request.headers = headers;
    return send(request);
}

HttpResponse HttpClient::post(const std::string& path, const std::string& jsonBody,
                              const Headers& headers) {
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers = headers;
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = jsonBody;
    return send(request);
}

} // namespace lotok::http
