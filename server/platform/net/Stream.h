#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace lotok::net {

enum class IoStatus {
    Ok,         // `bytes` moved (at least one)
    WouldBlock, // nothing now; wait for the socket
    Closed,     // the peer ended the stream in order (read only)
    Failed,     // broken: reset, a TLS error, a peer that does not speak TLS
};

struct IoResult {
    IoStatus status = IoStatus::Failed;
    std::size_t bytes = 0;
};

// A non-blocking byte stream over one accepted socket: plain TCP, or TLS on top of it. The
// HTTP loops and the WebSocket hub read and write through it and never learn which it is.
// It owns the descriptor and closes it when destroyed (or on close()).
//
// Readiness: a TLS stream keeps bytes of its own — records for the socket that it could not
// take yet (hasPendingOutput: keep asking for writability and call flushPending), and input
// already taken from the socket but not yet read (hasBufferedInput: read again before waiting
// for the socket, which will not say readable for bytes no longer in it).
//
// Calls on one stream may come from two threads (the hub reads on its loop while a consumer
// writes a push); a TLS stream serialises them itself.
class Stream {
public:
    explicit Stream(int fd) : m_fd(fd) {}
    virtual ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    int fd() const { return m_fd; }
    virtual IoResult read(char* data, std::size_t size);
    virtual IoResult write(const char* data, std::size_t size);
    virtual bool hasPendingOutput() const { return false; }
    // Writes what it holds of its own; false when the stream is broken.
    virtual bool flushPending() { return true; }
    virtual bool hasBufferedInput() const { return false; }
    // No more output from us (TLS: close_notify first); reading goes on.
    virtual void shutdownWrite();
    // Closes the descriptor now; later calls fail.
    virtual void close();
    // Carried over TLS.
    virtual bool secure() const { return false; }

protected:
    int m_fd;
};

// A plain TCP stream over an accepted, non-blocking socket.
std::unique_ptr<Stream> plainStream(int fd);

} // namespace lotok::net
