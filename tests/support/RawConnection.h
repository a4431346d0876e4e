#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace lotok::test {

// An HTTP answer as read off a raw connection.
struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    std::string header(const std::string& lowerCaseName) const;
    nlohmann::json error() const;
};

// One TCP connection to lotokd that writes bytes exactly as given (malformed ones too) and
// reads answers by their framing, or WebSocket frames after an upgrade.
class RawConnection {
public:
    explicit RawConnection(const std::string& baseUrl);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // False when the server has closed the connection.
    bool send(std::string_view bytes);
    // The next answer; status 0 when the connection closed (or nothing came) first.
    // `bodyless`: the answer to HEAD, whose Content-Length describes a body not sent.
    Answer read(std::chrono::milliseconds limit = std::chrono::seconds(10), bool bodyless = false);
    // Waits for the server to close; true when it did within `limit`.
    bool closedWithin(std::chrono::milliseconds limit);

    // WebSocket, after a 101: a frame as a client sends it (masked), and the next frame the
    // server sent (nullopt when none came within the limit or the connection closed).
    struct WsFrame {
        bool fin = true;
        int opcode = 0;
        std::string payload;
        // For a close frame: its code (0 when it carried none).
        int closeCode() const;
    };
    bool sendFrame(int opcode, std::string_view payload, bool fin = true);
    std::optional<WsFrame> readFrame(std::chrono::milliseconds limit = std::chrono::seconds(5));
    // Reads frames until a close frame arrives; its code, or -1 when none came.
    int readCloseCode(std::chrono::milliseconds limit = std::chrono::seconds(5));

private:
    bool fill(std::chrono::steady_clock::time_point deadline);

    int m_fd = -1;
    std::string m_buffer;
    bool m_closed = false;
};

// A GET request with a Host header and the given extra header lines ("Name: value\r\n").
std::string rawGet(const std::string& path, const std::string& extraHeaders = {});
// The opening handshake of a WebSocket on `path` (key and version of RFC 6455, 1.3).
std::string rawUpgrade(const std::string& path, const std::string& extraHeaders = {});

} // namespace lotok::test
