#include "NatsServer.h"

#include "LotokdProcess.h"

#include <arpa/inet.h>
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <signal.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace lotok::test {
namespace {} // namespace

int freeLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

namespace {

bool accepts(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return connected;
}

} // namespace

NatsServer::NatsServer()
    : m_storeDir(std::filesystem::temp_directory_path() / uniqueName("lotok-nats-")),
      m_port(freeLoopbackPort()), m_url("nats://127.0.0.1:" + std::to_string(m_port)) {
    std::filesystem::create_directories(m_storeDir);
    start();
}

NatsServer::NatsServer(int port, std::filesystem::path storeDir, std::filesystem::path configFile)
    : m_storeDir(std::move(storeDir)), m_configFile(std::move(configFile)), m_port(port),
      m_url("nats://127.0.0.1:" + std::to_string(m_port)) {
    std::filesystem::create_directories(m_storeDir);
    start();
}

NatsServer::~NatsServer() {
    kill();
    std::error_code ignored;
    std::filesystem::remove_all(m_storeDir, ignored);
}

void NatsServer::start() {
    std::vector<std::string> args = {
        "nats-server",      "-js", "-a", "127.0.0.1", "-p", std::to_string(m_port), "-sd",
        m_storeDir.string()};
    if (!m_configFile.empty()) {
        args.insert(args.end(), {"-c", m_configFile.string()});
    }
    m_pid = fork();
    if (m_pid == 0) {
        std::vector<char*> argv;
        for (const auto& arg : args) {
            argv.push_back(const_cast<char*>(arg.c_str()));
        }
        argv.push_back(nullptr);
        // Its log is noise in a passing test; a failing one says what it could not reach.
        freopen("/dev/null", "w", stderr);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!accepts(m_port)) {
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            throw std::runtime_error("nats-server exited at start (is it installed?)");
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("nats-server did not listen on " + m_url);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void NatsServer::kill() {
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
}

NatsCluster::NatsCluster()
    : m_dir(std::filesystem::temp_directory_path() / uniqueName("lotok-nats-cluster-")) {
    std::filesystem::create_directories(m_dir);
    std::vector<int> clientPorts, routePorts;
    for (int i = 0; i < 3; ++i) {
        clientPorts.push_back(freeLoopbackPort());
        routePorts.push_back(freeLoopbackPort());
    }
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> nodes;
    for (int i = 0; i < 3; ++i) {
        const auto config = m_dir / ("n" + std::to_string(i + 1) + ".conf");
        std::ofstream out(config);
        out << "server_name: n" << i + 1 << "\n"
            << "cluster {\n  name: lotok\n  listen: 127.0.0.1:" << routePorts[i]
            << "\n  routes: [\n";
        for (int k = 0; k < 3; ++k) {
            if (k != i) {
                out << "    nats-route://127.0.0.1:" << routePorts[k] << "\n";
            }
        }
        out << "  ]\n}\n";
        nodes.emplace_back(m_dir / ("n" + std::to_string(i + 1)), config);
    }
    for (int i = 0; i < 3; ++i) {
        m_nodes.push_back(
            std::make_unique<NatsServer>(clientPorts[i], nodes[i].first, nodes[i].second));
    }
}

NatsCluster::~NatsCluster() {
    m_nodes.clear();
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

std::string NatsCluster::urls() const {
    std::string out;
    for (const auto& node : m_nodes) {
        out += (out.empty() ? "" : ",") + node->url();
    }
    return out;
}

} // namespace lotok::test
