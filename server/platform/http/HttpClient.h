#pragma once

#include "http/HttpMessage.h"

#include <Poco/Net/Context.h>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace lotok::http {

// A keep-alive HTTP/1.1 client for one base URL, safe to share between threads: each call
// borrows an idle session (a TCP connection) or opens one, and returns it afterwards.
class HttpClient {
public:
    // An https:// URL is verified against the system's CAs, or only `caFile` when named
    // (net/TlsClient.h).
    explicit HttpClient(const std::string& baseUrl,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10),
                        const std::string& caFile = {});
    ~HttpClient();

    // Sends request.method request.path?request.query with its headers and body.
    // Throws std::runtime_error when no answer could be had (connection refused, timeout).
    HttpResponse send(const HttpRequest& request);

    HttpResponse get(const std::string& pathAndQuery, const Headers& headers = {});
    HttpResponse post(const std::string& path, const std::string& jsonBody,
                      const Headers& headers = {});

    const std::string& baseUrl() const { return m_baseUrl; }

private:
    std::unique_ptr<Poco::Net::HTTPClientSession> open() const;
    std::unique_ptr<Poco::Net::HTTPClientSession> borrow();
    void giveBack(std::unique_ptr<Poco::Net::HTTPClientSession> session);

    std::string m_baseUrl;
    std::string m_host;
    std::uint16_t m_port = 80;
    std::chrono::milliseconds m_timeout;
    Poco::Net::Context::Ptr m_tls; // set for https://
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> m_idle;
};

} // namespace lotok::http
