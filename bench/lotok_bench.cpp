// lotok-bench: the load generator behind `make bench` (driven by scripts/bench.sh).
//
// Set-up calls (register, log in, top up, create positions) go through the project's own
// keep-alive HttpClient. The measured load does not: a thread per connection would cost the
// generator more CPU than the server it measures on a 2-core machine, so the load runs on
// one epoll loop with pre-built HTTP/1.1 requests and a minimal response parser, and the
// WebSocket fan-out holds its 10,000 client sockets on another.
//
//   lotok-bench setup   --url U --staff-login L --staff-password P --customers N --positions P
//   --out F lotok-bench fill    --state F --orders 1000          (orders for the reader user)
//   lotok-bench orders  --state F --customers N --seconds S [--pid PID]
//   lotok-bench reads   --state F --path /api/v1/account|/api/v1/orders --connections C --seconds S
//   lotok-bench fanout  --state F --connections C --rate R --seconds S [--pid PID]
//   lotok-bench events  --state F --customers N --seconds S [--pid PID] [--bus NAME]
//                       [--phase burst|half|both] [--rate R]   (half: open loop at R/s)
//   lotok-bench report  --dir D --out F                  (prints the table, writes the JSON)
//
// Every measuring command prints one JSON object on stdout.

#include "http/HttpClient.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

double secondsBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}
double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
Clock::duration span(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// ---------------------------------------------------------------- arguments

struct Args {
    std::string command;
    std::map<std::string, std::string> values;

    std::string str(const std::string& name, const std::string& fallback = {}) const {
        const auto found = values.find(name);
        if (found != values.end()) {
            return found->second;
        }
        if (fallback.empty()) {
            throw std::runtime_error("missing --" + name);
        }
        return fallback;
    }
    long num(const std::string& name, long fallback) const {
        const auto found = values.find(name);
        return found == values.end() ? fallback : std::stol(found->second);
    }
    double real(const std::string& name, double fallback) const {
        const auto found = values.find(name);
        return found == values.end() ? fallback : std::stod(found->second);
    }
};

Args parseArgs(int argc, char** argv) {
    Args args;
    if (argc < 2) {
        throw std::runtime_error(
            "usage: lotok-bench setup|fill|orders|reads|fanout|events|report ...");
    }
    args.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || i + 1 >= argc) {
            throw std::runtime_error("bad argument: " + arg);
        }
        args.values[arg.substr(2)] = argv[++i];
    }
    return args;
}

// ---------------------------------------------------------------- /proc

// utime + stime of a process, in seconds.
double cpuSecondsOf(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = text.rfind(')');
    if (paren == std::string::npos) {
        return 0;
    }
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14 || i == 15) {
            ticks += std::stod(field);
        }
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "VmRSS:"-style line of /proc/PID/status, in KiB.
long statusKiB(const std::string& pid, const std::string& key) {
    std::ifstream in("/proc/" + pid + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) {
            return std::stol(line.substr(key.size()));
        }
    }
    return 0;
}

// CPU use of lotokd and of this generator over a phase.
class CpuMeter {
public:
    explicit CpuMeter(std::string pid) : m_pid(std::move(pid)) { restart(); }
    void restart() {
        m_start = Clock::now();
        m_self = cpuSecondsOf("self");
        m_server = m_pid.empty() ? 0 : cpuSecondsOf(m_pid);
    }
    json finish() const {
        const double wall = secondsBetween(m_start, Clock::now());
        const double self = cpuSecondsOf("self") - m_self;
        const double cores = static_cast<double>(std::max(1u, std::thread::hardware_concurrency()));
        json out{{"wall_s", wall},
                 {"generator_cpu_s", self},
                 {"generator_cpu_share", wall > 0 ? self / wall / cores : 0}};
        if (!m_pid.empty()) {
            const double server = cpuSecondsOf(m_pid) - m_server;
            out["lotokd_cpu_s"] = server;
            out["lotokd_cpu_share"] = wall > 0 ? server / wall / cores : 0;
            out["lotokd_rss_kib"] = statusKiB(m_pid, "VmRSS:");
            out["lotokd_peak_rss_kib"] = statusKiB(m_pid, "VmHWM:");
        }
        return out;
    }

private:
    std::string m_pid;
    Clock::time_point m_start;
    double m_self = 0;
    double m_server = 0;
};

// ---------------------------------------------------------------- statistics

json summarise(std::vector<double> ms) {
    if (ms.empty()) {
        return {{"count", 0}};
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        const auto index =
            static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size()))) - 1;
        return ms[std::min(index, ms.size() - 1)];
    };
    double sum = 0;
    for (double value : ms) {
        sum += value;
    }
    return {{"count", ms.size()},
            {"p50_ms", at(0.50)},
            {"p99_ms", at(0.99)},
            {"max_ms", ms.back()},
            {"mean_ms", sum / static_cast<double>(ms.size())}};
}

// ---------------------------------------------------------------- sockets

struct Target {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    sockaddr_in address{};
};

Target targetOf(const std::string& url) {
    // http://127.0.0.1:PORT[/...]
    const auto scheme = url.find("://");
    const auto hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    const auto colon = url.find(':', hostStart);
    const auto slash = url.find('/', hostStart);
    if (colon == std::string::npos) {
        throw std::runtime_error("the URL needs a port: " + url);
    }
    Target target;
    target.host = url.substr(hostStart, colon - hostStart);
    target.port = static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1, slash - colon - 1)));
    target.address.sin_family = AF_INET;
    target.address.sin_port = htons(target.port);
    if (inet_pton(AF_INET, target.host.c_str(), &target.address.sin_addr) != 1) {
        throw std::runtime_error("only IPv4 loopback addresses are supported: " + target.host);
    }
    return target;
}

// A connected, non-blocking TCP socket. Clients spread over 127.0.0.1-127.0.0.8 as source
// addresses so that 10,000 sockets never run out of local ports.
int connectTo(const Target& target, int sourceIndex) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef IP_BIND_ADDRESS_NO_PORT
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7f000001u + static_cast<std::uint32_t>(sourceIndex % 8));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0 ||
        ::connect(fd, reinterpret_cast<const sockaddr*>(&target.address), sizeof target.address) !=
            0) {
        ::close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Writes as much as the socket takes; false on a broken connection.
bool writeSome(int fd, const std::string& data, std::size_t& offset) {
    while (offset < data.size()) {
        const auto sent =
            ::send(fd, data.data() + offset, data.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true;
            }
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        offset += static_cast<std::size_t>(sent);
    }
    return true;
}

// Appends what is readable; false when the peer closed or the connection broke.
bool readSome(int fd, std::string& into) {
    char buffer[16384];
    for (;;) {
        const auto received = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (received > 0) {
            into.append(buffer, static_cast<std::size_t>(received));
            continue;
        }
        if (received == 0) {
            return false;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return true;
        }
        if (errno != EINTR) {
            return false;
        }
    }
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

struct ParsedResponse {
    int status = 0;
    std::string body;
    bool close = false;
    std::size_t consumed = 0;
};

// Parses one HTTP/1.1 response (Content-Length framing, which is what lotokd sends) from the
// front of buffer; nullopt while incomplete.
std::optional<ParsedResponse> parseResponse(const std::string& buffer) {
    const auto headerEnd = buffer.find("\r\n\r\n");
    if (headerEnd == std::string::npos || buffer.size() < 12) {
        return std::nullopt;
    }
    ParsedResponse out;
    out.status = std::atoi(buffer.c_str() + 9);
    std::size_t length = 0;
    std::size_t line = buffer.find("\r\n") + 2;
    while (line < headerEnd) {
        const auto next = buffer.find("\r\n", line);
        const std::string_view header(buffer.data() + line, next - line);
        if (startsWithNoCase(header, "content-length:")) {
            length = static_cast<std::size_t>(std::stoul(std::string(header.substr(15))));
        } else if (startsWithNoCase(header, "connection:") &&
                   header.find("lose") != std::string_view::npos) {
            out.close = true;
        }
        line = next + 2;
    }
    if (buffer.size() < headerEnd + 4 + length) {
        return std::nullopt;
    }
    out.body = buffer.substr(headerEnd + 4, length);
    out.consumed = headerEnd + 4 + length;
    return out;
}

std::optional<std::int64_t> jsonIntAfter(std::string_view text, std::string_view key) {
    const auto at = text.find(key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t i = at + key.size();
    while (i < text.size() && text[i] == ' ') {
        ++i;
    }
    std::int64_t value = 0;
    bool any = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        any = true;
        ++i;
    }
    return any ? std::optional(value) : std::nullopt;
}

// ---------------------------------------------------------------- HTTP load on epoll

struct Outgoing {
    std::string bytes;
    std::int64_t tag = 0;
};

// Drives C keep-alive connections from one epoll loop. Closed loop (rate 0): every
// connection sends its next request as soon as the previous answer is in. Open loop (rate
// R): requests are due at a steady R per second and go out on whichever connection is idle.
class HttpLoad {
public:
    using Next = std::function<std::optional<Outgoing>(int connection)>;
    using Done = std::function<void(int connection, std::int64_t tag, const ParsedResponse&,
                                    Clock::time_point sent, Clock::time_point done)>;

    HttpLoad(Target target, int connections) : m_target(std::move(target)) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        m_connections.resize(static_cast<std::size_t>(connections));
    }
    ~HttpLoad() {
        for (auto& connection : m_connections) {
            if (connection.fd >= 0) {
                ::close(connection.fd);
            }
        }
        ::close(m_epoll);
    }

    // Runs until `until`, then waits (at most drainSeconds) for the answers in flight.
    void run(Clock::time_point until, double rate, const Next& next, const Done& done,
             double drainSeconds = 15) {
        const auto start = Clock::now();
        std::int64_t issued = 0;
        std::vector<int> idle;
        for (int i = static_cast<int>(m_connections.size()); i-- > 0;) {
            idle.push_back(i);
        }
        bool exhausted = false;
        auto issue = [&](int index) {
            auto request = next(index);
            if (!request) {
                exhausted = true;
                idle.push_back(index);
                return;
            }
            ++issued;
            send(index, std::move(*request));
        };
        std::vector<epoll_event> events(256);
        for (;;) {
            const auto now = Clock::now();
            const bool sending = now < until && !exhausted;
            if (sending) {
                if (rate <= 0) {
                    while (!idle.empty() && !exhausted) {
                        const int index = idle.back();
                        idle.pop_back();
                        issue(index);
                    }
                } else {
                    const auto due =
                        static_cast<std::int64_t>(secondsBetween(start, now) * rate) + 1;
                    while (issued < due && !idle.empty() && !exhausted) {
                        const int index = idle.back();
                        idle.pop_back();
                        issue(index);
                    }
                }
            }
            if (m_busy == 0 && (!sending)) {
                return;
            }
            if (!sending && now > until + span(drainSeconds)) {
                m_abandoned += m_busy;
                return;
            }
            int timeout = 50;
            if (sending && rate > 0) {
                const double nextDue = static_cast<double>(issued) / rate;
                timeout = std::clamp(
                    static_cast<int>((nextDue - secondsBetween(start, now)) * 1000), 0, 50);
            }
            const int ready =
                epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), timeout);
            for (int i = 0; i < ready; ++i) {
                const int index = static_cast<int>(events[i].data.u32);
                auto& connection = m_connections[static_cast<std::size_t>(index)];
                if (!connection.busy) {
                    continue;
                }
                if (events[i].events & EPOLLOUT) {
                    if (!writeSome(connection.fd, connection.request.bytes, connection.offset)) {
                        retry(index);
                        continue;
                    }
                    if (connection.offset == connection.request.bytes.size()) {
                        watch(connection, index, EPOLLIN);
                    }
                }
                if (!(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP))) {
                    continue;
                }
                const bool open = readSome(connection.fd, connection.input);
                if (auto response = parseResponse(connection.input)) {
                    const auto finished = Clock::now();
                    connection.busy = false;
                    --m_busy;
                    connection.input.erase(0, response->consumed);
                    if (response->close || !open) {
                        disconnect(connection);
                    }
                    connection.retries = 0;
                    done(index, connection.request.tag, *response, connection.sent, finished);
                    idle.push_back(index);
                } else if (!open) {
                    retry(index);
                }
            }
        }
    }

    std::int64_t abandoned() const { return m_abandoned; }
    std::int64_t reconnects() const { return m_reconnects; }
    std::int64_t failures() const { return m_failures; }

private:
    struct Connection {
        int fd = -1;
        bool busy = false;
        Outgoing request;
        std::size_t offset = 0;
        std::string input;
        Clock::time_point sent;
        int retries = 0;
        std::uint32_t watching = 0;
    };

    void watch(Connection& connection, int index, std::uint32_t what) {
        if (connection.watching == what) {
            return;
        }
        epoll_event event{};
        event.events = what | EPOLLRDHUP;
        event.data.u32 = static_cast<std::uint32_t>(index);
        epoll_ctl(m_epoll, connection.watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, connection.fd,
                  &event);
        connection.watching = what;
    }

    void disconnect(Connection& connection) {
        if (connection.fd >= 0) {
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
            ::close(connection.fd);
        }
        connection.fd = -1;
        connection.watching = 0;
        connection.input.clear();
    }

    void send(int index, Outgoing request) {
        auto& connection = m_connections[static_cast<std::size_t>(index)];
        connection.request = std::move(request);
        connection.offset = 0;
        connection.busy = true;
        ++m_busy;
        connection.sent = Clock::now();
        transmit(index);
    }

    void transmit(int index) {
        auto& connection = m_connections[static_cast<std::size_t>(index)];
        if (connection.fd < 0) {
            connection.fd = connectTo(m_target, index);
            if (connection.fd < 0) {
                fail(index);
                return;
            }
            ++m_reconnects;
        }
        if (!writeSome(connection.fd, connection.request.bytes, connection.offset)) {
            retry(index);
            return;
        }
        watch(connection, index,
              connection.offset == connection.request.bytes.size() ? EPOLLIN : EPOLLOUT);
    }

    // The server closed a keep-alive connection before answering: send again on a new one.
    void retry(int index) {
        auto& connection = m_connections[static_cast<std::size_t>(index)];
        disconnect(connection);
        if (++connection.retries > 3) {
            fail(index);
            return;
        }
        connection.offset = 0;
        transmit(index);
    }

    void fail(int index) {
        auto& connection = m_connections[static_cast<std::size_t>(index)];
        ++m_failures;
        connection.busy = false;
        --m_busy;
        ParsedResponse none;
        none.status = 0;
        m_failed.push_back(index);
        (void)none;
    }

    Target m_target;
    int m_epoll = -1;
    std::vector<Connection> m_connections;
    std::vector<int> m_failed;
    std::int64_t m_busy = 0;
    std::int64_t m_abandoned = 0;
    std::int64_t m_reconnects = 0;
    std::int64_t m_failures = 0;
};

std::string buildRequest(const Target& target, const std::string& method, const std::string& path,
                         const std::string& token, const std::string& body = {},
                         const std::string& idempotencyKey = {}) {
    std::string out = method + " " + path + " HTTP/1.1\r\nHost: " + target.host + ":" +
                      std::to_string(target.port) + "\r\n";
    if (!token.empty()) {
        out += "Authorization: Bearer " + token + "\r\n";
    }
    if (!idempotencyKey.empty()) {
        out += "Idempotency-Key: " + idempotencyKey + "\r\n";
    }
    if (method == "POST") {
        out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n";
    }
    out += "\r\n" + body;
    return out;
}

// ---------------------------------------------------------------- state from `setup`

struct Customer {
    std::int64_t userId = 0;
    std::string token;
};

struct State {
    std::string url;
    std::vector<std::int64_t> positions;
    std::vector<Customer> customers;
    Customer reader;
};

State loadState(const std::string& path) {
    std::ifstream in(path);
    const auto data = json::parse(in);
    State state;
    state.url = data.at("url").get<std::string>();
    state.positions = data.at("positions").get<std::vector<std::int64_t>>();
    for (const auto& customer : data.at("customers")) {
        state.customers.push_back(
            {customer.at("user_id").get<std::int64_t>(), customer.at("token").get<std::string>()});
    }
    state.reader = {data.at("reader").at("user_id").get<std::int64_t>(),
                    data.at("reader").at("token").get<std::string>()};
    return state;
}

// A unique prefix for this process's idempotency keys.
std::string runPrefix() {
    return "b" + std::to_string(::getpid()) + "-" +
           std::to_string(Clock::now().time_since_epoch().count() % 1000000007);
}

std::string orderBody(std::int64_t positionId) {
    return R"({"items":[{"position_id":)" + std::to_string(positionId) + R"(,"count":1}]})";
}

// ---------------------------------------------------------------- setup

lotok::http::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

json expectJson(const lotok::http::HttpResponse& response, int status, const std::string& what) {
    if (response.status != status) {
        throw std::runtime_error(what + ": HTTP " + std::to_string(response.status) + " " +
                                 response.body);
    }
    return json::parse(response.body);
}

Customer registerCustomer(lotok::http::HttpClient& client, const std::string& login) {
    const std::string password = "bench-password-1";
    const auto registered =
        expectJson(client.post("/api/v1/register", json{{"login", login},
                                                        {"password", password},
                                                        {"email", login + "@bench.example.com"},
                                                        {"first_name", "Bench"},
                                                        {"last_name", "Customer"},
                                                        {"address", "1 Loopback Street, Localhost"}}
                                                       .dump()),
                   201, "register " + login);
    const auto session = expectJson(
        client.post("/api/v1/login", json{{"login", login}, {"password", password}}.dump()), 200,
        "login " + login);
    Customer customer{registered.at("id").get<std::int64_t>(),
                      session.at("token").get<std::string>()};
    expectJson(client.post("/api/v1/account", json{{"amount", 1'000'000'000'000LL}}.dump(),
                           bearer(customer.token)),
               200, "top up " + login);
    return customer;
}

int commandSetup(const Args& args) {
    const auto url = args.str("url");
    lotok::http::HttpClient client(url, std::chrono::seconds(60));
    const auto staff =
        expectJson(client.post("/api/v1/login", json{{"login", args.str("staff-login")},
                                                     {"password", args.str("staff-password")}}
                                                    .dump()),
                   200, "staff login");
    const auto staffToken = staff.at("token").get<std::string>();
    const int positionCount = static_cast<int>(args.num("positions", 256));
    json positions = json::array();
    for (int i = 0; i < positionCount; ++i) {
        const auto position =
            expectJson(client.post("/api/v1/stock/positions",
                                   json{{"name", "Bench item " + std::to_string(i + 1)},
                                        {"price", 100},
                                        {"count", 1'000'000}}
                                       .dump(),
                                   bearer(staffToken)),
                       201, "create position");
        positions.push_back(position.at("id"));
    }
    const int customerCount = static_cast<int>(args.num("customers", 128));
    std::vector<Customer> customers(static_cast<std::size_t>(customerCount) + 1);
    std::atomic<int> nextIndex{0};
    std::mutex errorMutex;
    std::string error;
    const auto tag = std::to_string(::getpid());
    std::vector<std::thread> workers;
    for (int w = 0; w < 8; ++w) {
        workers.emplace_back([&] {
            lotok::http::HttpClient own(url, std::chrono::seconds(60));
            for (;;) {
                const int index = nextIndex.fetch_add(1);
                if (index > customerCount) {
                    return;
                }
                try {
                    customers[static_cast<std::size_t>(index)] =
                        registerCustomer(own, "bench" + tag + "c" + std::to_string(index));
                } catch (const std::exception& failure) {
                    std::lock_guard lock(errorMutex);
                    error = failure.what();
                    return;
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    if (!error.empty()) {
        throw std::runtime_error(error);
    }
    json out{{"url", url}, {"positions", positions}, {"customers", json::array()}};
    for (int i = 0; i < customerCount; ++i) {
        out["customers"].push_back({{"user_id", customers[static_cast<std::size_t>(i)].userId},
                                    {"token", customers[static_cast<std::size_t>(i)].token}});
    }
    const auto& reader = customers.back();
    out["reader"] = {{"user_id", reader.userId}, {"token", reader.token}};
    std::ofstream(args.str("out")) << out.dump(1) << "\n";
    std::cout << json{{"positions", positionCount}, {"customers", customerCount}}.dump() << "\n";
    return 0;
}

// ---------------------------------------------------------------- orders

struct OrderRun {
    std::vector<double> latencies;
    std::map<int, std::int64_t> statuses;
    std::int64_t confirmed = 0;
};

int commandFill(const Args& args) {
    const auto state = loadState(args.str("state"));
    const auto target = targetOf(state.url);
    const auto wanted = args.num("orders", 1000);
    const auto prefix = runPrefix();
    std::mt19937_64 random(7);
    std::int64_t issued = 0;
    std::int64_t confirmed = 0;
    HttpLoad load(target, 8);
    load.run(
        Clock::now() + std::chrono::seconds(120), 0,
        [&](int) -> std::optional<Outgoing> {
            if (issued >= wanted) {
                return std::nullopt;
            }
            const auto position = state.positions[random() % state.positions.size()];
            return Outgoing{buildRequest(target, "POST", "/api/v1/order", state.reader.token,
                                         orderBody(position),
                                         prefix + "f" + std::to_string(issued++)),
                            0};
        },
        [&](int, std::int64_t, const ParsedResponse& response, Clock::time_point,
            Clock::time_point) { confirmed += response.status == 201; });
    std::cout << json{{"orders", confirmed}}.dump() << "\n";
    return confirmed == wanted ? 0 : 1;
}

int commandOrders(const Args& args) {
    const auto state = loadState(args.str("state"));
    const auto target = targetOf(state.url);
    const int customers = static_cast<int>(args.num("customers", 32));
    if (customers > static_cast<int>(state.customers.size())) {
        throw std::runtime_error("setup made fewer customers than asked for");
    }
    const double seconds = args.real("seconds", 10);
    const double warmup = args.real("warmup", 1);
    const auto prefix = runPrefix();
    std::mt19937_64 random(static_cast<std::uint64_t>(customers));
    std::int64_t sequence = 0;
    OrderRun run;
    CpuMeter meter(args.str("pid", "-") == "-" ? "" : args.str("pid"));
    const auto start = Clock::now();
    const auto measureFrom = start + span(warmup);
    const auto until = measureFrom + span(seconds);
    bool metering = false;
    Clock::time_point lastDone = measureFrom;
    HttpLoad load(target, customers);
    load.run(
        until, 0,
        [&](int connection) -> std::optional<Outgoing> {
            if (!metering && Clock::now() >= measureFrom) {
                metering = true;
                meter.restart();
            }
            const auto position = state.positions[random() % state.positions.size()];
            return Outgoing{
                buildRequest(target, "POST", "/api/v1/order",
                             state.customers[static_cast<std::size_t>(connection)].token,
                             orderBody(position), prefix + "-" + std::to_string(sequence++)),
                0};
        },
        [&](int, std::int64_t, const ParsedResponse& response, Clock::time_point sent,
            Clock::time_point done) {
            if (sent < measureFrom || done > until) {
                return; // warm-up, or the tail after the window
            }
            run.statuses[response.status]++;
            if (response.status == 201) {
                ++run.confirmed;
                run.latencies.push_back(msBetween(sent, done));
            }
            lastDone = done;
        });
    auto cpu = meter.finish();
    json statuses = json::object();
    for (const auto& [status, count] : run.statuses) {
        statuses[std::to_string(status)] = count;
    }
    json out{{"customers", customers},
             {"seconds", seconds},
             {"orders", run.confirmed},
             {"orders_per_s", static_cast<double>(run.confirmed) / seconds},
             {"latency", summarise(run.latencies)},
             {"statuses", statuses},
             {"failures", load.failures()},
             {"abandoned", load.abandoned()},
             {"resources", cpu}};
    if (cpu.contains("lotokd_cpu_s") && run.confirmed > 0) {
        out["lotokd_cpu_s_per_1000_orders"] =
            cpu["lotokd_cpu_s"].get<double>() / static_cast<double>(run.confirmed) * 1000.0;
    }
    std::cout << out.dump() << "\n";
    return 0;
}

// ---------------------------------------------------------------- reads

int commandReads(const Args& args) {
    const auto state = loadState(args.str("state"));
    const auto target = targetOf(state.url);
    const auto path = args.str("path");
    const int connections = static_cast<int>(args.num("connections", 64));
    const double seconds = args.real("seconds", 5);
    const double warmup = args.real("warmup", 1);
    const bool asReader = path.rfind("/api/v1/orders", 0) == 0;
    std::vector<std::string> requests;
    for (int i = 0; i < connections; ++i) {
        const auto& token =
            asReader ? state.reader.token
                     : state.customers[static_cast<std::size_t>(i) % state.customers.size()].token;
        requests.push_back(buildRequest(target, "GET", path, token));
    }
    std::vector<double> latencies;
    std::map<int, std::int64_t> statuses;
    std::int64_t ok = 0;
    std::size_t bytes = 0;
    // A server that serves some connections and starves the rest can look fast: count the
    // connections that never got an answer.
    std::vector<std::int64_t> answered(static_cast<std::size_t>(connections), 0);
    CpuMeter meter(args.str("pid", "-") == "-" ? "" : args.str("pid"));
    bool metering = false;
    const auto start = Clock::now();
    const auto measureFrom = start + span(warmup);
    const auto until = measureFrom + span(seconds);
    HttpLoad load(target, connections);
    load.run(
        until, 0,
        [&](int connection) -> std::optional<Outgoing> {
            if (!metering && Clock::now() >= measureFrom) {
                metering = true;
                meter.restart();
            }
            return Outgoing{requests[static_cast<std::size_t>(connection)], 0};
        },
        [&](int connection, std::int64_t, const ParsedResponse& response, Clock::time_point sent,
            Clock::time_point done) {
            if (done <= until) {
                ++answered[static_cast<std::size_t>(connection)];
            }
            if (sent < measureFrom || done > until) {
                return;
            }
            statuses[response.status]++;
            if (response.status == 200) {
                ++ok;
                bytes = response.body.size();
                latencies.push_back(msBetween(sent, done));
            }
        });
    json statusJson = json::object();
    for (const auto& [status, count] : statuses) {
        statusJson[std::to_string(status)] = count;
    }
    std::cout << json{{"path", path},
                      {"connections", connections},
                      {"requests_per_s", static_cast<double>(ok) / seconds},
                      {"body_bytes", bytes},
                      {"latency", summarise(latencies)},
                      {"statuses", statusJson},
                      {"failures", load.failures()},
                      {"reconnects", load.reconnects()},
                      {"connections_never_answered",
                       std::count(answered.begin(), answered.end(), 0)},
                      {"resources", meter.finish()}}
                     .dump()
              << "\n";
    return 0;
}

// ---------------------------------------------------------------- WebSocket fan-out

std::string wsFrame(int opcode, const std::string& payload) {
    // Client frames are masked (RFC 6455 5.3); a zero key keeps the payload as is.
    std::string out;
    out += static_cast<char>(0x80 | opcode);
    if (payload.size() < 126) {
        out += static_cast<char>(0x80 | payload.size());
    } else {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>((payload.size() >> 8) & 0xff);
        out += static_cast<char>(payload.size() & 0xff);
    }
    out.append(4, '\0');
    return out + payload;
}

class WsFleet {
public:
    struct Arrival {
        std::int64_t orderId;
        int user;
        Clock::time_point at;
    };

    WsFleet(Target target, std::string path)
        : m_target(std::move(target)), m_path(std::move(path)) {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
    }
    ~WsFleet() {
        for (auto& socket : m_sockets) {
            if (socket.fd >= 0) {
                ::close(socket.fd);
            }
        }
        ::close(m_epoll);
    }

    // Opens one socket per entry of userOfSocket (an index into tokens), keeping at most
    // kWindow handshakes outstanding. Returns how many were upgraded.
    int open(const std::vector<int>& userOfSocket, const std::vector<std::string>& tokens,
             double timeoutSeconds) {
        const int count = static_cast<int>(userOfSocket.size());
        const auto deadline = Clock::now() + span(timeoutSeconds);
        int next = 0;
        constexpr int kWindow = 128;
        while ((next < count || m_handshaking > 0) && Clock::now() < deadline) {
            while (next < count && m_handshaking < kWindow) {
                const int user = userOfSocket[static_cast<std::size_t>(next)];
                Socket socket;
                socket.user = user;
                socket.fd = connectTo(m_target, next);
                ++next;
                if (socket.fd < 0) {
                    ++m_refused;
                    continue;
                }
                socket.output = "GET " + m_path + " HTTP/1.1\r\nHost: " + m_target.host + ":" +
                                std::to_string(m_target.port) +
                                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
                                tokens[static_cast<std::size_t>(user)] + "\r\n\r\n";
                socket.handshaking = true;
                const auto index = static_cast<std::uint32_t>(m_sockets.size());
                m_sockets.push_back(std::move(socket));
                auto& stored = m_sockets.back();
                ++m_handshaking;
                epoll_event event{};
                event.events = EPOLLIN | EPOLLRDHUP;
                event.data.u32 = index;
                epoll_ctl(m_epoll, EPOLL_CTL_ADD, stored.fd, &event);
                flushOut(stored);
            }
            pumpOnce(20);
        }
        return m_open;
    }

    // Reads until `until`, answering pings and recording notification arrivals.
    void pump(Clock::time_point until) {
        while (Clock::now() < until) {
            pumpOnce(20);
        }
    }

    int openCount() const { return m_open; }
    int refused() const { return m_refused; }
    int rejected() const { return m_rejected; }
    int closedByServer() const { return m_closed; }
    int socketsOf(int user) const {
        int n = 0;
        for (const auto& socket : m_sockets) {
            n += socket.user == user && socket.upgraded && socket.fd >= 0;
        }
        return n;
    }
    std::vector<Arrival> takeArrivals() {
        std::lock_guard lock(m_mutex);
        return std::move(m_arrivals);
    }

private:
    struct Socket {
        int fd = -1;
        int user = 0;
        bool handshaking = false;
        bool upgraded = false;
        std::string input;
        std::string output;
        std::size_t offset = 0;
    };

    void flushOut(Socket& socket) {
        if (!writeSome(socket.fd, socket.output, socket.offset)) {
            closeSocket(socket);
            return;
        }
        if (socket.offset == socket.output.size()) {
            socket.output.clear();
            socket.offset = 0;
        }
    }

    void closeSocket(Socket& socket) {
        if (socket.fd < 0) {
            return;
        }
        if (socket.handshaking) {
            --m_handshaking;
            ++m_rejected;
        } else if (socket.upgraded) {
            --m_open;
            ++m_closed;
        }
        socket.handshaking = false;
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, socket.fd, nullptr);
        ::close(socket.fd);
        socket.fd = -1;
    }

    void pumpOnce(int timeoutMs) {
        epoll_event events[512];
        const int ready = epoll_wait(m_epoll, events, 512, timeoutMs);
        const auto now = Clock::now();
        for (int i = 0; i < ready; ++i) {
            auto& socket = m_sockets[events[i].data.u32];
            if (socket.fd < 0) {
                continue;
            }
            const bool alive = readSome(socket.fd, socket.input);
            if (socket.handshaking) {
                const auto end = socket.input.find("\r\n\r\n");
                if (end != std::string::npos) {
                    socket.handshaking = false;
                    --m_handshaking;
                    if (socket.input.compare(0, 12, "HTTP/1.1 101") != 0) {
                        ++m_rejected;
                        if (m_firstRejection.empty()) {
                            m_firstRejection = socket.input.substr(0, 200);
                            std::cerr << "lotok-bench: upgrade refused: " << m_firstRejection
                                      << "\n";
                        }
                        epoll_ctl(m_epoll, EPOLL_CTL_DEL, socket.fd, nullptr);
                        ::close(socket.fd);
                        socket.fd = -1;
                        continue;
                    }
                    socket.upgraded = true;
                    ++m_open;
                    socket.input.erase(0, end + 4);
                }
            }
            if (socket.upgraded) {
                parseFrames(socket, now);
            }
            if (!alive) {
                closeSocket(socket);
            }
        }
    }

    void parseFrames(Socket& socket, Clock::time_point now) {
        for (;;) {
            const auto& in = socket.input;
            if (in.size() < 2) {
                return;
            }
            const int opcode = in[0] & 0x0f;
            std::size_t length = static_cast<unsigned char>(in[1]) & 0x7f;
            std::size_t header = 2;
            if (length == 126) {
                if (in.size() < 4) {
                    return;
                }
                length = (static_cast<std::size_t>(static_cast<unsigned char>(in[2])) << 8) |
                         static_cast<unsigned char>(in[3]);
                header = 4;
            } else if (length == 127) {
                if (in.size() < 10) {
                    return;
                }
                length = 0;
                for (int k = 0; k < 8; ++k) {
                    length = (length << 8) | static_cast<unsigned char>(in[2 + k]);
                }
                header = 10;
            }
            if (in.size() < header + length) {
                return;
            }
            const std::string_view payload(in.data() + header, length);
            if (opcode == 0x1) {
                if (const auto orderId = jsonIntAfter(payload, "\"order_id\":")) {
                    std::lock_guard lock(m_mutex);
                    m_arrivals.push_back({*orderId, socket.user, now});
                }
            } else if (opcode == 0x9) {
                socket.output += wsFrame(0xA, std::string(payload));
                flushOut(socket);
            } else if (opcode == 0x8) {
                closeSocket(socket);
                return;
            }
            socket.input.erase(0, header + length);
        }
    }

    Target m_target;
    std::string m_path;
    int m_epoll = -1;
    std::vector<Socket> m_sockets;
    int m_handshaking = 0;
    int m_open = 0;
    int m_refused = 0;
    int m_rejected = 0;
    int m_closed = 0;
    std::string m_firstRejection;
    std::mutex m_mutex;
    std::vector<Arrival> m_arrivals;
};

int commandFanout(const Args& args) {
    const auto state = loadState(args.str("state"));
    const auto target = targetOf(state.url);
    const int connections = static_cast<int>(args.num("connections", 10000));
    const double rate = args.real("rate", 200);
    const double seconds = args.real("seconds", 10);
    const std::string pid = args.str("pid", "-") == "-" ? "" : args.str("pid");
    // The active customers each hold `per-active` sockets and place the orders; the other
    // customers and the reader hold the rest of the connections, idle (they order nothing,
    // so nothing is pushed to them) - as in a shop where most connected clients are idle.
    const int users = std::min<int>(static_cast<int>(args.num("active", 64)),
                                    static_cast<int>(state.customers.size()));
    const int perActive = static_cast<int>(args.num("per-active", 1));
    std::vector<std::string> tokens;
    for (const auto& customer : state.customers) {
        tokens.push_back(customer.token);
    }
    tokens.push_back(state.reader.token);
    std::vector<int> userOfSocket;
    for (int user = 0; user < users; ++user) {
        for (int k = 0; k < perActive && static_cast<int>(userOfSocket.size()) < connections; ++k) {
            userOfSocket.push_back(user);
        }
    }
    const int idleUsers = static_cast<int>(tokens.size()) - users;
    for (int i = 0; static_cast<int>(userOfSocket.size()) < connections; ++i) {
        userOfSocket.push_back(idleUsers > 0 ? users + i % idleUsers : i % users);
    }

    WsFleet fleet(target, "/api/v1/notifications/ws");
    const long rssBefore = pid.empty() ? 0 : statusKiB(pid, "VmRSS:");
    const auto openStart = Clock::now();
    const int opened = fleet.open(userOfSocket, tokens, 120);
    const double openSeconds = secondsBetween(openStart, Clock::now());
    fleet.pump(Clock::now() + std::chrono::seconds(2)); // let the server settle
    const long rssAfter = pid.empty() ? 0 : statusKiB(pid, "VmRSS:");

    std::atomic<bool> stop{false};
    std::thread reader([&] {
        while (!stop) {
            fleet.pump(Clock::now() + std::chrono::milliseconds(100));
        }
    });

    // Orders at a steady rate, round-robin over the users holding sockets.
    const auto prefix = runPrefix();
    std::mt19937_64 random(11);
    std::int64_t sequence = 0;
    std::unordered_map<std::int64_t, std::pair<int, Clock::time_point>> confirmedAt;
    std::vector<double> orderLatencies;
    std::int64_t notConfirmed = 0;
    std::vector<int> userOfRequest;
    CpuMeter meter(pid);
    HttpLoad load(target, 64);
    load.run(
        Clock::now() + span(seconds), rate,
        [&](int) -> std::optional<Outgoing> {
            const int user = static_cast<int>(sequence % users);
            const auto position = state.positions[random() % state.positions.size()];
            Outgoing out{buildRequest(target, "POST", "/api/v1/order",
                                      tokens[static_cast<std::size_t>(user)], orderBody(position),
                                      prefix + "-" + std::to_string(sequence)),
                         user};
            ++sequence;
            return out;
        },
        [&](int, std::int64_t user, const ParsedResponse& response, Clock::time_point sent,
            Clock::time_point done) {
            if (response.status != 201) {
                ++notConfirmed;
                return;
            }
            orderLatencies.push_back(msBetween(sent, done));
            if (const auto id = jsonIntAfter(response.body, "\"id\":")) {
                confirmedAt[*id] = {static_cast<int>(user), done};
            }
        });
    const auto cpu = meter.finish();
    // The last notifications are still on their way.
    const auto waitUntil = Clock::now() + std::chrono::seconds(5);
    std::int64_t expected = 0;
    std::map<int, int> socketsPerUser;
    for (int user = 0; user < users; ++user) {
        socketsPerUser[user] = fleet.socketsOf(user);
    }
    for (const auto& [id, confirmed] : confirmedAt) {
        expected += socketsPerUser[confirmed.first];
    }
    std::vector<WsFleet::Arrival> arrivals;
    std::int64_t matched = 0;
    std::vector<double> pushLatencies;
    while (Clock::now() < waitUntil) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        auto more = fleet.takeArrivals();
        arrivals.insert(arrivals.end(), more.begin(), more.end());
        matched = 0;
        for (const auto& arrival : arrivals) {
            matched += confirmedAt.count(arrival.orderId) > 0;
        }
        if (matched >= expected) {
            break;
        }
    }
    stop = true;
    reader.join();
    std::int64_t early = 0;
    for (const auto& arrival : arrivals) {
        const auto found = confirmedAt.find(arrival.orderId);
        if (found == confirmedAt.end()) {
            continue;
        }
        // A push can beat the 201 to the client: it counts as no delay.
        const double latency = msBetween(found->second.second, arrival.at);
        early += latency < 0;
        pushLatencies.push_back(std::max(0.0, latency));
    }
    json out{{"connections_asked", connections},
             {"connections_held", opened},
             {"connections_held_at_end", fleet.openCount()},
             {"closed_by_server", fleet.closedByServer()},
             {"refused", fleet.refused() + fleet.rejected()},
             {"open_seconds", openSeconds},
             {"active_users", users},
             {"sockets_per_active_user", perActive},
             {"rate", rate},
             {"seconds", seconds},
             {"orders_confirmed", static_cast<std::int64_t>(confirmedAt.size())},
             {"orders_not_confirmed", notConfirmed},
             {"order_latency", summarise(orderLatencies)},
             {"pushes_expected", expected},
             {"pushes_received", matched},
             {"pushes_before_201", early},
             {"push_latency", summarise(pushLatencies)},
             {"resources", cpu}};
    if (!pid.empty() && opened > 0) {
        out["rss_before_kib"] = rssBefore;
        out["rss_after_kib"] = rssAfter;
        out["kib_per_connection"] =
            static_cast<double>(rssAfter - rssBefore) / static_cast<double>(opened);
    }
    std::cout << out.dump() << "\n";
    return 0;
}

// ---------------------------------------------------------------- events: burst, then half load

// The orders of one phase and the pushes they caused, as the customers see them: each
// ordering customer holds one socket, so each confirmed order is one push.
class PushLedger {
public:
    void confirmed(std::int64_t orderId, Clock::time_point at) { m_confirmedAt[orderId] = at; }
    std::size_t orders() const { return m_confirmedAt.size(); }

    // Takes what the fleet received; arrivals for orders of other phases are not ours.
    void collect(WsFleet& fleet) {
        for (const auto& arrival : fleet.takeArrivals()) {
            const auto found = m_confirmedAt.find(arrival.orderId);
            if (found == m_confirmedAt.end()) {
                ++m_stray;
                continue;
            }
            if (!m_firstArrival.emplace(arrival.orderId, arrival.at).second) {
                ++m_doubled;
                continue;
            }
            if (arrival.at > m_lastArrival) {
                m_lastArrival = arrival.at;
            }
        }
    }
    bool complete() const { return m_firstArrival.size() >= m_confirmedAt.size(); }

    // Collects until every order's push is in or `timeoutSeconds` passed.
    void await(WsFleet& fleet, double timeoutSeconds) {
        const auto deadline = Clock::now() + span(timeoutSeconds);
        for (;;) {
            collect(fleet);
            if (complete() || Clock::now() >= deadline) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    Clock::time_point lastArrival() const { return m_lastArrival; }

    json summary() const {
        std::vector<double> latencies;
        std::int64_t early = 0;
        for (const auto& [orderId, at] : m_firstArrival) {
            // A push can beat the 201 to the client: it counts as no delay.
            const double latency = msBetween(m_confirmedAt.at(orderId), at);
            early += latency < 0;
            latencies.push_back(std::max(0.0, latency));
        }
        return {{"pushes_expected", m_confirmedAt.size()},
                {"pushes_received", m_firstArrival.size()},
                {"pushes_doubled", m_doubled},
                {"pushes_before_201", early},
                {"pushes_of_other_orders", m_stray},
                {"push_latency", summarise(latencies)}};
    }

private:
    std::unordered_map<std::int64_t, Clock::time_point> m_confirmedAt;
    std::unordered_map<std::int64_t, Clock::time_point> m_firstArrival;
    Clock::time_point m_lastArrival{};
    std::int64_t m_doubled = 0;
    std::int64_t m_stray = 0;
};

// The event path at a load relative to the machine (issue 11): N customers, each holding
// one socket, order at full speed (closed loop) for `seconds`, which gives the maximum rate
// and is the burst whose events must be done within 1 s of its end; then, once every push
// of the burst is in, they order open-loop at half that rate and the push latency is
// measured from each order's 201 to its notification on the customer's socket.
int commandEvents(const Args& args) {
    const auto state = loadState(args.str("state"));
    const auto target = targetOf(state.url);
    const int customers = static_cast<int>(args.num("customers", 128));
    if (customers > static_cast<int>(state.customers.size())) {
        throw std::runtime_error("setup made fewer customers than asked for");
    }
    const double seconds = args.real("seconds", 10);
    const double warmup = args.real("warmup", 1);
    const double settle = args.real("settle", 60);
    const std::string pid = args.str("pid", "-") == "-" ? "" : args.str("pid");
    std::vector<std::string> tokens;
    std::vector<int> userOfSocket;
    for (int i = 0; i < customers; ++i) {
        tokens.push_back(state.customers[static_cast<std::size_t>(i)].token);
        userOfSocket.push_back(i);
    }
    WsFleet fleet(target, "/api/v1/notifications/ws");
    const int opened = fleet.open(userOfSocket, tokens, 60);
    if (opened < customers) {
        throw std::runtime_error("only " + std::to_string(opened) + " of " +
                                 std::to_string(customers) + " WebSockets opened");
    }
    fleet.pump(Clock::now() + std::chrono::milliseconds(500));
    fleet.takeArrivals(); // whatever earlier phases left
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        while (!stop) {
            fleet.pump(Clock::now() + std::chrono::milliseconds(100));
        }
    });
    const auto prefix = runPrefix();
    std::int64_t sequence = 0;
    std::mt19937_64 random(13);
    auto orderFrom = [&](int user) {
        const auto position = state.positions[random() % state.positions.size()];
        return Outgoing{buildRequest(target, "POST", "/api/v1/order",
                                     tokens[static_cast<std::size_t>(user)], orderBody(position),
                                     prefix + "-" + std::to_string(sequence++)),
                        user};
    };

    json out{{"bus", args.str("bus", "-")}, {"customers", customers}, {"seconds", seconds}};
    const auto phase = args.str("phase", "both");
    double burstRate = 0;
    if (phase != "half") {
        // 1. Full speed: each customer one order at a time, as fast as they are answered.
        PushLedger burst;
        std::vector<double> burstLatencies;
        std::map<int, std::int64_t> burstStatuses;
        std::int64_t measured = 0;
        CpuMeter burstMeter(pid);
        const auto start = Clock::now();
        const auto measureFrom = start + span(warmup);
        const auto until = measureFrom + span(seconds);
        Clock::time_point burstEnd = start;
        {
            HttpLoad load(target, customers);
            load.run(
                until, 0,
                [&](int connection) -> std::optional<Outgoing> { return orderFrom(connection); },
                [&](int, std::int64_t, const ParsedResponse& response, Clock::time_point sent,
                    Clock::time_point done) {
                    burstEnd = std::max(burstEnd, done);
                    if (response.status == 201) {
                        if (const auto id = jsonIntAfter(response.body, "\"id\":")) {
                            burst.confirmed(*id, done);
                        }
                    }
                    if (sent < measureFrom || done > until) {
                        return; // warm-up, or the tail after the window
                    }
                    burstStatuses[response.status]++;
                    if (response.status == 201) {
                        ++measured;
                        burstLatencies.push_back(msBetween(sent, done));
                    }
                });
        }
        const auto burstCpu = burstMeter.finish();
        burstRate = static_cast<double>(measured) / seconds;
        burst.await(fleet, settle);
        const bool burstComplete = burst.complete();
        // How late the events finish: from the burst's last 201 to the last push it caused.
        const double lateSeconds =
            burstComplete ? std::max(0.0, secondsBetween(burstEnd, burst.lastArrival()))
                          : std::nan("");
        json statuses = json::object();
        for (const auto& [status, count] : burstStatuses) {
            statuses[std::to_string(status)] = count;
        }
        json burstOut = burst.summary();
        burstOut.update({{"orders_per_s", burstRate},
                         {"orders", burst.orders()},
                         {"latency", summarise(burstLatencies)},
                         {"statuses", statuses},
                         {"all_pushed", burstComplete},
                         {"resources", burstCpu}});
        if (burstComplete) {
            burstOut["events_late_s"] = lateSeconds;
        }
        out["burst"] = burstOut;
        // When the last order of the burst was answered, for the script to time the events
        // it reads in the database (every consumer done) against the same instant.
        out["burst_end_unix_ms"] =
            std::chrono::duration_cast<std::chrono::milliseconds>(
                (std::chrono::system_clock::now() - (Clock::now() - burstEnd)).time_since_epoch())
                .count();
    }
    if (phase != "burst") {
        // 2. Half of that rate, open loop: orders are due at a steady rate whatever the answers.
        const double rate = args.real("rate", burstRate / 2);
        if (rate <= 0) {
            throw std::runtime_error("--phase half needs --rate");
        }
        PushLedger half;
        std::vector<double> halfLatencies;
        std::int64_t notConfirmed = 0;
        CpuMeter halfMeter(pid);
        {
            // The first `warmup` seconds go at the rate but are not measured, as in the burst:
            // the generator's connections open with its first orders (128 of them through
            // nginx to the services at once), and in the cluster every sample of the p99's
            // tail came from those first two seconds (p99 106-115 ms over the whole phase,
            // 61-68 ms after them).
            const auto measureFrom = Clock::now() + span(warmup);
            HttpLoad load(target, customers);
            load.run(
                measureFrom + span(seconds), rate,
                [&](int) -> std::optional<Outgoing> {
                    return orderFrom(static_cast<int>(sequence % customers));
                },
                [&](int, std::int64_t, const ParsedResponse& response, Clock::time_point sent,
                    Clock::time_point done) {
                    if (sent < measureFrom) {
                        return; // warm-up
                    }
                    if (response.status != 201) {
                        ++notConfirmed;
                        return;
                    }
                    halfLatencies.push_back(msBetween(sent, done));
                    if (const auto id = jsonIntAfter(response.body, "\"id\":")) {
                        half.confirmed(*id, done);
                    }
                });
        }
        const auto halfCpu = halfMeter.finish();
        half.await(fleet, settle);
        json halfOut = half.summary();
        halfOut.update({{"rate", rate},
                        {"orders_confirmed", half.orders()},
                        {"orders_not_confirmed", notConfirmed},
                        {"order_latency", summarise(halfLatencies)},
                        {"all_pushed", half.complete()},
                        {"resources", halfCpu}});
        out["half"] = halfOut;
    }
    stop = true;
    reader.join();
    out["connections_held_at_end"] = fleet.openCount();
    out["closed_by_server"] = fleet.closedByServer();
    std::cout << out.dump() << "\n";
    return 0;
}

// ---------------------------------------------------------------- report

std::string fixed(double value, int digits) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << value;
    return out.str();
}

double numberAt(const json& data, const json::json_pointer& pointer) {
    if (!data.contains(pointer) || !data.at(pointer).is_number()) {
        return std::nan("");
    }
    return data.at(pointer).get<double>();
}

int commandReport(const Args& args) {
    const std::filesystem::path dir = args.str("dir");
    json phases = json::object();
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        std::ifstream in(entry.path());
        try {
            phases[entry.path().stem().string()] = json::parse(in);
        } catch (const std::exception& error) {
            std::cerr << "lotok-bench: skipping " << entry.path() << ": " << error.what() << "\n";
        }
    }
    auto get = [&](const std::string& phase, const std::string& pointer) {
        if (!phases.contains(phase)) {
            return std::nan("");
        }
        return numberAt(phases[phase], json::json_pointer(pointer));
    };

    // One line of the table: our figure, the ceiling (or target) beside it, and the ratio.
    struct Row {
        std::string name;
        double ours;
        double ceiling;
        std::string ceilingIs;
        std::string notes;
        std::string target;
        bool lowerIsBetter = false;
    };
    auto latency = [&](const std::string& phase, const std::string& base) {
        return "p50 " + fixed(get(phase, base + "/p50_ms"), 1) + " ms, p99 " +
               fixed(get(phase, base + "/p99_ms"), 1) + " ms";
    };
    std::vector<Row> rows;
    const double oneTx = get("pgbench_saga_single", "/tps");
    for (int n : {8, 32, 128}) {
        const auto phase = "orders_" + std::to_string(n);
        rows.push_back({"orders/s, " + std::to_string(n) + " customers",
                        get(phase, "/orders_per_s"),
                        get("pgbench_saga_multi_" + std::to_string(n), "/tps"),
                        "pgbench: order SQL, tx per service",
                        latency(phase, "/latency") + "; events done +" +
                            fixed(get(phase, "/events_drain_s"), 1) + " s",
                        n == 32 ? ">= 1.0x, p99 < 100 ms" : ""});
    }
    rows.push_back({"orders/s, 32 customers", get("orders_32", "/orders_per_s"), oneTx,
                    "pgbench: order SQL, one tx", "monolith ceiling", ""});
    // Metrics on (before and after, each a fresh lotokd) beside metrics off, in between.
    if (phases.contains("orders_32_metrics_off")) {
        const double before = get("orders_32_metrics_on_1", "/orders_per_s");
        const double after = get("orders_32_metrics_on_2", "/orders_per_s");
        rows.push_back({"orders/s, 32 customers, metrics on", (before + after) / 2,
                        get("orders_32_metrics_off", "/orders_per_s"), "same, [metrics] off",
                        "mean of " + fixed(before, 0) + " before and " + fixed(after, 0) +
                            " after; each on a fresh lotokd, events of the last run done",
                        ">= 0.95x"});
    }
    rows.push_back({"GET /api/v1/orders (of 1,000), 64 conn",
                    get("reads_orders", "/requests_per_s"), get("pgbench_read_orders", "/tps"),
                    "pgbench: same prepared SELECTs", latency("reads_orders", "/latency"),
                    ">= 0.6x"});
    rows.push_back({"GET /api/v1/account, 64 conn", get("reads_account", "/requests_per_s"),
                    get("pgbench_read_account", "/tps"), "pgbench: same prepared SELECTs",
                    latency("reads_account", "/latency"), ">= 0.6x"});
    for (int c : {64, 1000}) {
        const auto phase = "wrk_lotokd_" + std::to_string(c);
        rows.push_back(
            {"GET /healthz (wrk), " + std::to_string(c) + " conn", get(phase, "/rps"),
             get("wrk_nginx_" + std::to_string(c), "/rps"), "nginx: small static file",
             latency(phase, "") + ", errors " + fixed(get(phase, "/errors"), 0) +
                 (c == 1000 ? "; lotok-bench: " +
                                  fixed(get("healthz_1000", "/connections_never_answered"), 0) +
                                  " of 1000 never answered, p99 " +
                                  fixed(get("healthz_1000", "/latency/p99_ms"), 0) + " ms"
                            : std::string()),
             c == 64 ? ">= 0.8x" : "no collapse"});
    }
    // HTTPS (issue 16): lotokd's own TLS beside nginx terminating TLS in front of lotokd.
    if (phases.contains("wrk_tls_lotokd_healthz")) {
        const auto tlsRow = [&](const std::string& name, const std::string& what,
                                const std::string& extra) {
            const auto ours = "wrk_tls_lotokd_" + what;
            rows.push_back(
                {name, get(ours, "/rps"), get("wrk_tls_nginx_" + what, "/rps"),
                 "nginx TLS in front of lotokd",
                 latency(ours, "") + ", errors " + fixed(get(ours, "/errors"), 0) + extra,
                 ">= 0.8x"});
        };
        tlsRow("HTTPS GET /healthz, 64 conn", "healthz", "; keep-alive");
        tlsRow("HTTPS GET /api/v1/account, 64 conn", "account", "; keep-alive");
        tlsRow("HTTPS new connections/s, 64 conn", "handshakes",
               "; full handshake each; nginx alone (static file) " +
                   fixed(get("wrk_tls_nginx_static_handshakes", "/rps"), 0) + "/s");
    }
    rows.push_back({"WebSocket connections held", get("fanout", "/connections_held"),
                    get("fanout", "/connections_asked"), "target",
                    fixed(get("fanout", "/closed_by_server"), 0) + " closed by server", ">= 1.0x"});
    rows.push_back({"lotokd KiB per idle WebSocket", get("fanout", "/kib_per_connection"), 32,
                    "target (KiB)", "RSS delta / connections", "<= 1.0x", true});
    rows.push_back({"push p99 ms, 201 -> socket", get("fanout", "/push_latency/p99_ms"), 50,
                    "target (ms)",
                    "p50 " + fixed(get("fanout", "/push_latency/p50_ms"), 1) + " ms at " +
                        fixed(get("fanout", "/rate"), 0) + " orders/s; " +
                        fixed(get("fanout", "/pushes_received"), 0) + "/" +
                        fixed(get("fanout", "/pushes_expected"), 0) + " pushes",
                    "<= 1.0x", true});
    // The event path at a load relative to the machine, once per bus (issue 11).
    const std::vector<std::pair<std::string, std::string>> buses = {{"inprocess", "in-process"},
                                                                    {"jetstream", "JetStream"}};
    for (const auto& [bus, label] : buses) {
        const auto phase = "events_" + bus;
        if (!phases.contains(phase)) {
            continue;
        }
        const auto customers = fixed(get(phase, "/customers"), 0);
        const auto pushes = [&](const std::string& part) {
            return fixed(get(phase, "/" + part + "/pushes_received"), 0) + "/" +
                   fixed(get(phase, "/" + part + "/pushes_expected"), 0) + " pushes, " +
                   fixed(get(phase, "/" + part + "/pushes_doubled"), 0) + " twice";
        };
        if (bus == "inprocess") {
            rows.push_back(
                {"orders/s full speed, " + label + ", " + customers,
                 get(phase, "/burst/orders_per_s"), get("pgbench_saga_multi_128", "/tps"),
                 "pgbench: order SQL, tx per service", latency(phase, "/burst/latency"), ""});
        } else {
            // The in-process bus ran at full speed before and after this pass: the mean of
            // the two, so that load drifting on the machine moves the ratio less.
            const double before = get("events_inprocess", "/burst/orders_per_s");
            const double after = get("events_inprocess_again", "/burst/orders_per_s");
            const double inProcess = std::isnan(after) ? before : (before + after) / 2;
            // And this bus's own two bursts (the second right after its half-load phase).
            const double first = get(phase, "/burst/orders_per_s");
            const double again = get(phase + "_again", "/burst/orders_per_s");
            const double broker = std::isnan(again) ? first : (first + again) / 2;
            rows.push_back({"orders/s full speed, " + label + ", " + customers, broker, inProcess,
                            "in-process, mean of before+after",
                            latency(phase, "/burst/latency") + "; " + label + " " +
                                fixed(first, 0) + "/s and " + fixed(again, 0) + "/s, in-process " +
                                fixed(before, 0) + "/s before, " + fixed(after, 0) + "/s after",
                            ">= 0.8x"});
        }
        rows.push_back({"push p99 ms at half load, " + label,
                        get(phase, "/half/push_latency/p99_ms"), 50, "target (ms)",
                        "p50 " + fixed(get(phase, "/half/push_latency/p50_ms"), 1) + " ms at " +
                            fixed(get(phase, "/half/rate"), 0) + " orders/s open loop; " +
                            pushes("half"),
                        "<= 1.0x", true});
        rows.push_back({"last push s after burst, " + label, get(phase, "/burst/events_late_s"), 1,
                        "target (s)",
                        "from the burst's last 201; " + fixed(get(phase, "/burst/orders"), 0) +
                            " orders in it; push p99 in the burst " +
                            fixed(get(phase, "/burst/push_latency/p99_ms"), 0) + " ms; " +
                            pushes("burst"),
                        "<= 1.0x", true});
        rows.push_back({"events done s after burst, " + label, get(phase, "/events_handled_late_s"),
                        1, "target (s)",
                        "database: every order sold, delivered, notified; outboxes empty",
                        "<= 1.0x", true});
    }
    // The split deployment through its gateway (issue 12).
    if (phases.contains("cluster_orders_32")) {
        rows.push_back({"cluster orders/s, 32 customers", get("cluster_orders_32", "/orders_per_s"),
                        get("orders_32", "/orders_per_s"), "single process, same load",
                        latency("cluster_orders_32", "/latency") + "; through nginx, 9 lotokd",
                        ">= 0.5x"});
        rows.push_back({"cluster orders/s full speed, 128",
                        get("events_cluster", "/burst/orders_per_s"),
                        get("events_inprocess", "/burst/orders_per_s"), "single process, same load",
                        latency("events_cluster", "/burst/latency"), ""});
        rows.push_back({"cluster push p99 ms at half load",
                        get("events_cluster", "/half/push_latency/p99_ms"), 100, "target (ms)",
                        "p50 " + fixed(get("events_cluster", "/half/push_latency/p50_ms"), 1) +
                            " ms at " + fixed(get("events_cluster", "/half/rate"), 0) +
                            " orders/s open loop; " +
                            fixed(get("events_cluster", "/half/pushes_received"), 0) + "/" +
                            fixed(get("events_cluster", "/half/pushes_expected"), 0) + " pushes",
                        "<= 1.0x", true});
        rows.push_back({"cluster GET /healthz via nginx, 64", get("cluster_wrk_64", "/rps"),
                        get("wrk_lotokd_64", "/rps"), "lotokd direct, same wrk",
                        latency("cluster_wrk_64", "") + ", errors " +
                            fixed(get("cluster_wrk_64", "/errors"), 0) + "; auth_request each",
                        ""});
        if (phases.contains("cluster_rss")) {
            double total = 0;
            double lotokd = 0;
            int lotokds = 0;
            std::string largest;
            double largestKiB = 0;
            for (const auto& [name, memory] : phases["cluster_rss"].items()) {
                const double kib = memory.value("rss_kib", 0.0);
                total += kib;
                if (name.rfind("pg-", 0) != 0 && name.rfind("nats-", 0) != 0 && name != "nginx") {
                    lotokd += kib;
                    ++lotokds;
                }
                if (kib > largestKiB) {
                    largestKiB = kib;
                    largest = name;
                }
            }
            rows.push_back({"cluster RSS MiB, all processes", total / 1024, std::nan(""), "",
                            fixed(lotokds, 0) + " lotokd " + fixed(lotokd / 1024, 0) +
                                " MiB; largest " + largest + " " + fixed(largestKiB / 1024, 0) +
                                " MiB (postmasters only, not backends)",
                            ""});
        }
    }
    rows.push_back({"lotokd CPU s per 1,000 orders (32)",
                    get("orders_32", "/lotokd_cpu_s_per_1000_orders"), std::nan(""), "", "", ""});
    rows.push_back({"lotokd peak RSS MiB", get("lotokd", "/peak_rss_kib") / 1024.0, std::nan(""),
                    "", "VmHWM over the whole run", ""});
    rows.push_back({"generator CPU share, orders 32",
                    100 * get("orders_32", "/resources/generator_cpu_share"), std::nan(""), "",
                    "% of the machine; lotokd " +
                        fixed(100 * get("orders_32", "/resources/lotokd_cpu_share"), 0) + " %",
                    ""});
    rows.push_back({"generator CPU share, account reads",
                    100 * get("reads_account", "/resources/generator_cpu_share"), std::nan(""), "",
                    "% of the machine; lotokd " +
                        fixed(100 * get("reads_account", "/resources/lotokd_cpu_share"), 0) + " %",
                    ""});

    auto pad = [](std::string text, std::size_t width) {
        if (text.size() < width) {
            text.append(width - text.size(), ' ');
        }
        return text;
    };
    auto show = [](double value) {
        if (std::isnan(value)) {
            return std::string("-");
        }
        return fixed(value, std::fabs(value) < 100 ? 1 : 0);
    };
    std::ostringstream table;
    table << pad("measure", 40) << pad("ours", 10) << pad("ceiling", 10) << pad("ratio", 8)
          << pad("ceiling is", 36) << pad("target", 22) << "notes\n";
    table << std::string(160, '-') << "\n";
    json jsonRows = json::array();
    for (const auto& row : rows) {
        const double ratio = row.ceiling > 0 ? row.ours / row.ceiling : std::nan("");
        table << pad(row.name, 40) << pad(show(row.ours), 10) << pad(show(row.ceiling), 10)
              << pad(std::isnan(ratio) ? "-" : fixed(ratio, 2) + "x", 8) << pad(row.ceilingIs, 36)
              << pad(row.target, 22) << row.notes << "\n";
        auto nullable = [](double value) { return std::isnan(value) ? json() : json(value); };
        jsonRows.push_back({{"measure", row.name},
                            {"ours", nullable(row.ours)},
                            {"ceiling", nullable(row.ceiling)},
                            {"ratio", nullable(ratio)},
                            {"ceiling_is", row.ceilingIs},
                            {"target", row.target},
                            {"lower_is_better", row.lowerIsBetter},
                            {"notes", row.notes}});
    }
    std::cout << table.str();
    std::cout << "\n";
    for (const auto& [phase, label] :
         {std::pair<std::string, std::string>{"checks", "in-process bus"},
          {"checks_jetstream", "JetStream"},
          {"checks_cluster", "cluster, across its seven databases"}}) {
        if (!phases.contains(phase)) {
            continue;
        }
        const auto& checks = phases[phase];
        auto word = [&](const char* key) { return checks.value(key, false) ? "yes" : "NO"; };
        std::cout << "correctness after the run (" << label << "): money conserved "
                  << word("money_conserved") << " (balances are their ledgers' sums "
                  << word("balances_are_ledger_sums") << "), goods conserved "
                  << word("goods_conserved")
                  << ", each confirmed order paid, sold, delivered and notified once "
                  << word("one_delivery_and_notification_per_order") << " ("
                  << checks.value("confirmed", 0) << " orders)\n";
    }
    json out{{"rows", jsonRows}, {"phases", phases}};
    if (args.values.count("meta")) {
        std::ifstream in(args.str("meta"));
        out["run"] = json::parse(in);
    }
    std::ofstream(args.str("out")) << out.dump(2) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const auto args = parseArgs(argc, argv);
        if (args.command == "setup") {
            return commandSetup(args);
        }
        if (args.command == "fill") {
            return commandFill(args);
        }
        if (args.command == "orders") {
            return commandOrders(args);
        }
        if (args.command == "reads") {
            return commandReads(args);
        }
        if (args.command == "fanout") {
            return commandFanout(args);
        }
        if (args.command == "events") {
            return commandEvents(args);
        }
        if (args.command == "report") {
            return commandReport(args);
        }
        throw std::runtime_error("unknown command " + args.command);
    } catch (const std::exception& error) {
        std::cerr << "lotok-bench: " << error.what() << "\n";
        return 2;
    }
}
