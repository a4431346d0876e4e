#include "WsClient.h"

#include "TestTls.h"
#include "net/TlsClient.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

namespace lotok::test {
namespace {

std::unique_ptr<Poco::Net::WebSocket> connect(Poco::Net::HTTPClientSession& session,
                                              const std::string& pathAndQuery,
                                              const std::string& token,
                                              Poco::Net::HTTPResponse& response) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, pathAndQuery,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) {
        request.set("Authorization", "Bearer " + token);
    }
    return std::make_unique<Poco::Net::WebSocket>(session, request, response);
}

} // namespace

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const std::string& baseUrl,
                                                          const std::string& caFile) {
    Poco::URI uri(baseUrl);
    if (uri.getScheme() == "https") {
        return std::make_unique<Poco::Net::HTTPSClientSession>(
            uri.getHost(), uri.getPort(),
            net::tlsClientContext(caFile.empty() ? caFileFor(baseUrl) : caFile));
    }
    return std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
}

WsClient::WsClient(const std::string& baseUrl, const std::string& pathAndQuery,
                   const std::string& token, const std::string& caFile) {
    m_session = openSession(baseUrl, caFile);
    Poco::Net::HTTPResponse response;
    m_socket = connect(*m_session, pathAndQuery, token, response);
}

WsClient::~WsClient() {
    try {
        if (!m_closed) {
            m_socket->shutdown();
        }
        m_socket->close();
    } catch (const Poco::Exception&) {
    }
}

std::optional<nlohmann::json> WsClient::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_closed) {
        const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return std::nullopt;
        }
        m_socket->setReceiveTimeout(Poco::Timespan(left.count()));
        char buffer[65536];
        int flags = 0;
        int n = 0;
        try {
            n = m_socket->receiveFrame(buffer, sizeof buffer, flags);
        } catch (const Poco::TimeoutException&) {
            return std::nullopt;
        } catch (const Poco::Exception&) {
            m_closed = true;
            return std::nullopt;
        }
        const int opcode = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
        if (opcode == Poco::Net::WebSocket::FRAME_OP_CLOSE || (n == 0 && flags == 0)) {
            if (n >= 2) {
                m_closeCode = (static_cast<unsigned char>(buffer[0]) << 8) |
                              static_cast<unsigned char>(buffer[1]);
            }
            m_closed = true;
            return std::nullopt;
        }
        if (opcode == Poco::Net::WebSocket::FRAME_OP_PING) {
            m_socket->sendFrame(buffer, n,
                                static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN) |
                                    static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PONG));
            continue;
        }
        if (opcode == Poco::Net::WebSocket::FRAME_OP_TEXT) {
            return nlohmann::json::parse(std::string(buffer, static_cast<std::size_t>(n)));
        }
    }
    return std::nullopt;
}

void WsClient::send(const nlohmann::json& message) {
    const auto text = message.dump();
    m_socket->sendFrame(text.data(), static_cast<int>(text.size()));
}

int upgradeStatus(const std::string& baseUrl, const std::string& pathAndQuery,
                  const std::string& token) {
    auto session = openSession(baseUrl);
    Poco::Net::HTTPResponse response;
    try {
        auto socket = connect(*session, pathAndQuery, token, response);
        socket->close();
        return 101;
    } catch (const Poco::Net::WebSocketException&) {
        return static_cast<int>(response.getStatus());
    }
}

} // namespace lotok::test
