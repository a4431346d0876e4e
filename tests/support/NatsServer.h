#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace lotok::test {

// A private nats-server with JetStream, as a child process on a free loopback port, with
// its own store directory (removed at the end). Real broker, no mock.
class NatsServer {
public:
    NatsServer();
    ~NatsServer();
    NatsServer(const NatsServer&) = delete;
    NatsServer& operator=(const NatsServer&) = delete;

    // nats://127.0.0.1:PORT
    const std::string& url() const { return m_url; }
    // SIGKILL: the broker is gone (its store stays).
    void kill();
    // Starts again on the same port and store.
    void start();

private:
    std::filesystem::path m_storeDir;
    int m_port = 0;
    std::string m_url;
    pid_t m_pid = -1;
};

} // namespace lotok::test
