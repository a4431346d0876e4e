#include "RawConnection.h"

#include <Poco/URI.h>
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lotok::test {

std::string Answer::header(const std::string& lowerCaseName) const {
    const auto found = headers.find(lowerCaseName);
    return found == headers.end() ? std::string() : found->second;
}

nlohmann::json Answer::error() const {
    const auto parsed = nlohmann::json::parse(body, nullptr, false);
    return parsed.is_object() && parsed.contains("error") ? parsed["error"] : nlohmann::json();
}

RawConnection::RawConnection(const std::string& baseUrl) {
    const Poco::URI uri(baseUrl);
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uri.getPort());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
    close(m_fd);
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto sent = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

Answer RawConnection::read(std::chrono::milliseconds limit, bool bodyless) {
    Answer answer;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::size_t headerEnd;
    while ((headerEnd = m_buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!fill(deadline)) {
            return answer;
        }
    }
    const auto head = m_buffer.substr(0, headerEnd);
    answer.status = std::stoi(head.substr(9, 3));
    std::size_t lineStart = head.find("\r\n");
    while (lineStart != std::string::npos && lineStart + 2 < head.size()) {
        const auto lineEnd = head.find("\r\n", lineStart + 2);
        const auto line =
            head.substr(lineStart + 2,
                        lineEnd == std::string::npos ? std::string::npos : lineEnd - lineStart - 2);
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        answer.headers[name] = line.substr(colon + 2);
        lineStart = lineEnd;
    }
    m_buffer.erase(0, headerEnd + 4);
    std::size_t length = 0;
    if (!bodyless && !answer.header("content-length").empty()) {
        length = std::stoul(answer.header("content-length"));
    }
    while (m_buffer.size() < length) {
        if (!fill(deadline)) {
            answer.status = 0;
            return answer;
        }
    }
    answer.body = m_buffer.substr(0, length);
    m_buffer.erase(0, length);
    return answer;
}

bool RawConnection::closedWithin(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (fill(deadline)) {
    }
    return m_closed;
}

int RawConnection::WsFrame::closeCode() const {
    if (payload.size() < 2) {
        return 0;
    }
    return (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
}

bool RawConnection::sendFrame(int opcode, std::string_view payload, bool fin) {
    std::string frame;
    frame += static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0F));
    const auto size = payload.size();
    if (size < 126) {
        frame += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>((size >> 8) & 0xFF);
        frame += static_cast<char>(size & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xFF);
        }
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < size; ++i) {
        frame += static_cast<char>(payload[i] ^ mask[i % 4]);
    }
    return send(frame);
}

std::optional<RawConnection::WsFrame> RawConnection::readFrame(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (m_buffer.size() >= 2) {
            const auto b0 = static_cast<unsigned char>(m_buffer[0]);
            const auto b1 = static_cast<unsigned char>(m_buffer[1]);
            std::size_t header = 2;
            std::uint64_t length = b1 & 0x7F;
            if (length == 126 && m_buffer.size() >= 4) {
                length = (static_cast<unsigned char>(m_buffer[2]) << 8) |
                         static_cast<unsigned char>(m_buffer[3]);
                header = 4;
            } else if (length == 127 && m_buffer.size() >= 10) {
                length = 0;
                for (int i = 2; i < 10; ++i) {
                    length = (length << 8) | static_cast<unsigned char>(m_buffer[i]);
                }
                header = 10;
            }
            const bool headerWhole = (b1 & 0x7F) < 126 || header > 2;
            if (headerWhole && m_buffer.size() >= header + length) {
                WsFrame frame;
                frame.fin = (b0 & 0x80) != 0;
                frame.opcode = b0 & 0x0F;
                frame.payload = m_buffer.substr(header, length);
                m_buffer.erase(0, header + length);
                return frame;
            }
        }
        if (!fill(deadline)) {
            return std::nullopt;
        }
    }
}

int RawConnection::readCloseCode(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const auto frame = readFrame(std::max(left, std::chrono::milliseconds(1)));
        if (!frame) {
            return -1;
        }
        if (frame->opcode == 0x8) {
            return frame->closeCode();
        }
    }
}

bool RawConnection::fill(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
        return false;
    }
    pollfd waitFor{m_fd, POLLIN, 0};
    if (poll(&waitFor, 1, static_cast<int>(left.count())) <= 0) {
        return false;
    }
    char buffer[16384];
    const auto count = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (count <= 0) {
        m_closed = true;
        return false;
    }
    m_buffer.append(buffer, static_cast<std::size_t>(count));
    return true;
}

std::string rawGet(const std::string& path, const std::string& extraHeaders) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

std::string rawUpgrade(const std::string& path, const std::string& extraHeaders) {
    return rawGet(path, "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                        "Sec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                            extraHeaders);
}

} // namespace lotok::test
