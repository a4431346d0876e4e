#include "net/Stream.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace lotok::net {

Stream::~Stream() {
    Stream::close();
}

IoResult Stream::read(char* data, std::size_t size) {
    while (m_fd >= 0) {
        const auto count = ::recv(m_fd, data, size, MSG_DONTWAIT);
        if (count > 0) {
            return {IoStatus::Ok, static_cast<std::size_t>(count)};
        }
        if (count == 0) {
            return {IoStatus::Closed, 0};
        }
        if (errno == EINTR) {
            continue;
        }
        return {errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::WouldBlock : IoStatus::Failed,
                0};
    }
    return {IoStatus::Failed, 0};
}

IoResult Stream::write(const char* data, std::size_t size) {
    while (m_fd >= 0) {
        const auto count = ::send(m_fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (count > 0) {
            return {IoStatus::Ok, static_cast<std::size_t>(count)};
        }
        if (count < 0 && errno == EINTR) {
            continue;
        }
        return {count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? IoStatus::WouldBlock
                                                                       : IoStatus::Failed,
                0};
    }
    return {IoStatus::Failed, 0};
}

void Stream::shutdownWrite() {
    if (m_fd >= 0) {
        ::shutdown(m_fd, SHUT_WR);
    }
}

void Stream::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

std::unique_ptr<Stream> plainStream(int fd) {
    return std::make_unique<Stream>(fd);
}

} // namespace lotok::net
