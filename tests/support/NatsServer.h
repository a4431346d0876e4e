#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lotok::test {

// A private nats-server with JetStream, as a child process on a free loopback port, with
// its own store directory (removed at the end). Real broker, no mock.
class NatsServer {
public:
    NatsServer();
    // One node of a JetStream cluster: its config file names the cluster and its peers.
    NatsServer(int port, std::filesystem::path storeDir, std::filesystem::path configFile);
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
    std::filesystem::path m_configFile; // empty: a single server
    int m_port = 0;
    std::string m_url;
    pid_t m_pid = -1;
};

// Three nodes of one JetStream cluster on loopback, for streams with three replicas.
class NatsCluster {
public:
    NatsCluster();
    ~NatsCluster();
    // nats://127.0.0.1:P1,nats://127.0.0.1:P2,nats://127.0.0.1:P3
    std::string urls() const;
    NatsServer& node(std::size_t index) { return *m_nodes.at(index); }

private:
    std::filesystem::path m_dir;
    std::vector<std::unique_ptr<NatsServer>> m_nodes;
};

int freeLoopbackPort();

} // namespace lotok::test
