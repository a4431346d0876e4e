#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/WebSocket.h>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lotok::test {

// A blocking WebSocket client for tests (Poco's), answering pings by itself.
class WsClient {
public:
    // Connects to baseUrl + path; throws Poco::Net::WebSocketException with the HTTP status
    // when the upgrade is refused.
    // An https:// base URL speaks wss:// and trusts the test CA (or `caFile`).
    WsClient(const std::string& baseUrl, const std::string& pathAndQuery, const std::string& token,
             const std::string& caFile = {});
    ~WsClient();

    // The next text message as JSON, or nullopt when none arrives within the timeout.
    std::optional<nlohmann::json>
    receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void send(const nlohmann::json& message);
    // The close code the server sent, once receive() saw a close frame (0 before).
    int closeCode() const { return m_closeCode; }
    bool closed() const { return m_closed; }

private:
    std::unique_ptr<Poco::Net::HTTPClientSession> m_session;
    std::unique_ptr<Poco::Net::WebSocket> m_socket;
    int m_closeCode = 0;
    bool m_closed = false;
};

// The HTTP status a refused upgrade got (e.g. 401), or 101 when it was accepted.
int upgradeStatus(const std::string& baseUrl, const std::string& pathAndQuery,
                  const std::string& token);

// A client session to baseUrl's host: HTTPS for https:// (trusting the test CA or `caFile`).
std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const std::string& baseUrl,
                                                          const std::string& caFile = {});

} // namespace lotok::test
