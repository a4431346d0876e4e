#include "LotokdProcess.h"

#include "NatsServer.h"
#include "TestTls.h"
#include "db/Connection.h"
#include "db/EmbeddedPostgres.h"
#include "util/Crypto.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <mutex>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace lotok::test {
namespace {

std::vector<char*> argvOf(std::vector<std::string>& args) {
    std::vector<char*> out;
    for (auto& arg : args) {
        out.push_back(arg.data());
    }
    out.push_back(nullptr);
    return out;
}

bool waitForExit(pid_t pid, std::chrono::milliseconds timeout, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

} // namespace

std::string clusterConnectionString(const std::string& database) {
    return db::EmbeddedPostgres(LOTOK_TEST_CLUSTER_DIR).connectionString(database);
}

std::string uniqueName(const std::string& prefix) {
    // Lower case: logins are stored so, and tests compare what they registered with what
    // the server says.
    auto suffix = util::randomToken(6).substr(0, 8);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return prefix + suffix;
}

namespace {

// Drops this process's test databases when it exits, so a long test run does not fill the
// disk with hundreds of small databases.
class DatabaseJanitor {
public:
    void add(std::string name) {
        std::lock_guard lock(m_mutex);
        m_names.push_back(std::move(name));
    }
    ~DatabaseJanitor() {
        try {
            db::Connection admin(clusterConnectionString("postgres"));
            for (const auto& name : m_names) {
                admin.execScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (const std::exception&) {
            // The cluster may be gone already; it is thrown away with the run anyway.
        }
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_names;
};

DatabaseJanitor& janitor() {
    static DatabaseJanitor instance;
    return instance;
}

} // namespace

std::string createTestDatabase() {
    janitor(); // constructed before any caller's statics, so destroyed after them
    static std::atomic<int> counter{0};
    std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_";
    for (char c : util::randomToken(6)) {
        name +=
            std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : 'x';
    }
    db::Connection admin(clusterConnectionString("postgres"));
    admin.execScript("CREATE DATABASE " + name);
    janitor().add(name);
    return clusterConnectionString(name);
}

namespace {

// The cluster the `cluster`-labelled suites run against (CTest fixture lotok_cluster).
std::string clusterDir() {
    for (const char* name : {"LOTOK_TEST_CLUSTER", "LOTOK_TEST_CLUSTER_TLS"}) {
        if (const char* dir = std::getenv(name); dir && *dir) {
            return dir;
        }
    }
    return "";
}

std::string clusterFile(const std::string& name) {
    std::ifstream in(std::filesystem::path(clusterDir()) / name);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    if (text.empty()) {
        throw std::runtime_error("the test cluster has no " + name + " (is lotok_cluster up?)");
    }
    return text;
}

std::string clusterPort(const std::string& name) {
    std::istringstream ports(clusterFile("ports"));
    std::string key;
    std::string value;
    while (ports >> key >> value) {
        if (key == name) {
            return value;
        }
    }
    throw std::runtime_error("the test cluster has no port for " + name);
}

} // namespace

std::string LotokdProcess::databaseUrl(const std::string& service) const {
    if (clustered()) {
        return clusterFile("pg/" + service + ".url");
    }
    return m_databaseUrl;
}

bool LotokdProcess::clustered() {
    return !clusterDir().empty();
}

LotokdProcess::LotokdProcess(LotokdOptions options) : m_options(std::move(options)) {
    if (clustered()) {
        // The same black-box suite, through the gateway of the split deployment: every
        // service its own process and database, events on JetStream.
        if (!m_options.extraArgs.empty() || !m_options.dataDir.empty() ||
            !m_options.databaseUrl.empty()) {
            throw std::logic_error("a test with its own lotokd options cannot run on the cluster; "
                                   "tag it [local]");
        }
        // Over TLS (LOTOK_TEST_TLS=1): the gateway's HTTPS port, trusting the cluster's CA.
        m_publicUrl = testsOverTls() ? "https://127.0.0.1:" + clusterPort("gateway-tls")
                                     : "http://127.0.0.1:" + clusterPort("gateway");
        m_internalUrl = "http://127.0.0.1:" + clusterPort("gateway-internal");
        return;
    }
    if (m_options.dataDir.empty()) {
        m_databaseUrl =
            m_options.databaseUrl.empty() ? createTestDatabase() : m_options.databaseUrl;
    }
    // The event suites run twice (tests/e2e/CMakeLists.txt): in-process, and on JetStream.
    const char* events = std::getenv("LOTOK_TEST_EVENTS");
    if (m_options.eventsUrl.empty() && events && std::string(events) == "nats") {
        m_nats = std::make_unique<NatsServer>();
        m_options.eventsUrl = m_nats->url();
    }
    start();
}

std::vector<std::string> LotokdProcess::databaseArgs() const {
    if (m_options.dataDir.empty()) {
        return {"--database-url", m_databaseUrl};
    }
    return {"--data-dir", m_options.dataDir};
}

LotokdProcess::~LotokdProcess() {
    if (m_pid > 0) {
        stop();
    }
}

void LotokdProcess::start() {
    if (clustered()) {
        throw std::logic_error("the cluster's processes are not this test's to stop or start; "
                               "tag the test [local]");
    }
    int out[2];
    if (pipe(out) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> args = {
        LOTOKD_PATH,         "serve",       "--listen",    "127.0.0.1:0",
        "--internal-listen", "127.0.0.1:0", "--log-level", "warn"};
    const auto database = databaseArgs();
    args.insert(args.end(), database.begin(), database.end());
    if (!m_options.eventsUrl.empty()) {
        args.insert(args.end(), {"--events-url", m_options.eventsUrl});
    }
    args.insert(args.end(), m_options.extraArgs.begin(), m_options.extraArgs.end());
    // The suites registered again over TLS (LOTOK_TEST_TLS=1); a test that chose its own
    // certificate keeps it.
    if (testsOverTls() && std::find(args.begin(), args.end(), "--tls-certificate") == args.end()) {
        const auto& certificates = processCertificates();
        args.insert(args.end(), {"--tls-certificate", certificates.certificateFile("server"),
                                 "--tls-key", certificates.keyFile("server")});
    }
    const int logFd = m_options.logFile.empty()
                          ? -1
                          : ::open(m_options.logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    m_pid = fork();
    if (m_pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        if (logFd >= 0) {
            dup2(logFd, STDERR_FILENO);
            close(logFd);
        }
        close(out[0]);
        close(out[1]);
        auto argv = argvOf(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    if (logFd >= 0) {
        close(logFd);
    }
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (text.find("lotokd: ready\n") == std::string::npos) {
        pollfd fd{out[0], POLLIN, 0};
        if (std::chrono::steady_clock::now() > deadline || poll(&fd, 1, 200) < 0) {
            close(out[0]);
            // Not left behind: an orphan would hold the test's output open, and CTest would
            // wait for it until its own timeout.
            ::kill(m_pid, SIGKILL);
            int status = 0;
            waitpid(m_pid, &status, 0);
            m_pid = -1;
            throw std::runtime_error("lotokd did not become ready; output: " + text);
        }
        if (fd.revents & (POLLIN | POLLHUP)) {
            char buffer[512];
            const auto n = read(out[0], buffer, sizeof buffer);
            if (n <= 0) {
                close(out[0]);
                int status = 0;
                waitpid(m_pid, &status, 0);
                m_pid = -1;
                throw std::runtime_error("lotokd exited before it was ready; output: " + text);
            }
            text.append(buffer, static_cast<std::size_t>(n));
        }
    }
    // lotokd prints nothing more on stdout; keeping the pipe would only risk a full buffer.
    close(out[0]);
    const auto urlAfter = [&](const std::string& label) {
        const auto at = text.find(label);
        const auto end = text.find('\n', at);
        return text.substr(at + label.size(), end - at - label.size());
    };
    m_publicUrl = urlAfter("lotokd: public ");
    m_internalUrl = urlAfter("lotokd: internal ");
}

std::string LotokdProcess::log() const {
    if (m_options.logFile.empty()) {
        return {};
    }
    std::ifstream in(m_options.logFile);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void LotokdProcess::kill() {
    if (clustered()) {
        throw std::logic_error("the cluster's processes are not this test's to stop or start; "
                               "tag the test [local]");
    }
    if (m_pid <= 0) {
        return;
    }
    ::kill(m_pid, SIGKILL);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
}

int LotokdProcess::stop() {
    if (clustered()) {
        throw std::logic_error("the cluster's processes are not this test's to stop or start; "
                               "tag the test [local]");
    }
    if (m_pid <= 0) {
        return -1;
    }
    ::kill(m_pid, SIGTERM);
    int status = 0;
    if (!waitForExit(m_pid, std::chrono::seconds(20), status)) {
        ::kill(m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string LotokdProcess::addStaff(const std::string& login) {
    const auto password = util::randomToken(12);
    std::string out;
    std::vector<std::string> args = {"staff", "add", "--login", login, "--log-level", "warn"};
    // On the cluster: User and Auth, each in its own database (what cluster.sh staff-add does).
    const auto database =
        clustered()
            ? std::vector<std::string>{"--database-url", "user=" + clusterFile("pg/user.url"),
                                       "--database-url", "auth=" + clusterFile("pg/auth.url")}
            : databaseArgs();
    args.insert(args.end(), database.begin(), database.end());
    if (!m_options.eventsUrl.empty()) {
        args.insert(args.end(), {"--events-url", m_options.eventsUrl});
    }
    const int status = runLotokd(args, password + "\n", out);
    if (status != 0) {
        throw std::runtime_error("lotokd staff add failed: " + out);
    }
    return password;
}

int runLotokd(const std::vector<std::string>& arguments, const std::string& input,
              std::string& out) {
    int in[2];
    int output[2];
    if (pipe(in) != 0 || pipe(output) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> args = {LOTOKD_PATH};
    args.insert(args.end(), arguments.begin(), arguments.end());
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(output[1], STDOUT_FILENO);
        dup2(output[1], STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(output[0]);
        close(output[1]);
        auto argv = argvOf(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]);
    close(output[1]);
    [[maybe_unused]] auto written = write(in[1], input.data(), input.size());
    close(in[1]);
    char buffer[1024];
    ssize_t n = 0;
    while ((n = read(output[0], buffer, sizeof buffer)) > 0) {
        out.append(buffer, static_cast<std::size_t>(n));
    }
    close(output[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

LotokdRun runLotokdFor(const std::vector<std::string>& arguments,
                       std::chrono::milliseconds timeout) {
    int out[2];
    int err[2];
    if (pipe(out) != 0 || pipe(err) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> args = {LOTOKD_PATH};
    args.insert(args.end(), arguments.begin(), arguments.end());
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        auto argv = argvOf(args);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    LotokdRun run;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string* sinks[2] = {&run.out, &run.err};
    int open = 2;
    while (open > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            run.timedOut = true;
            break;
        }
        if (poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 200))) < 0) {
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
                char buffer[1024];
                const auto n = read(fds[i].fd, buffer, sizeof buffer);
                if (n <= 0) {
                    close(fds[i].fd);
                    fds[i].fd = -1;
                    --open;
                } else {
                    sinks[i]->append(buffer, static_cast<std::size_t>(n));
                }
            }
        }
    }
    int status = 0;
    if (run.timedOut) {
        ::kill(pid, SIGKILL);
    }
    waitpid(pid, &status, 0);
    for (const auto& fd : fds) {
        if (fd.fd >= 0) {
            close(fd.fd);
        }
    }
    run.status = !run.timedOut && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

ConfigFile::ConfigFile(const std::string& text)
    : m_path(std::filesystem::temp_directory_path() / (uniqueName("lotok-config-") + ".ini")) {
    std::ofstream(m_path) << text;
}

ConfigFile::~ConfigFile() {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
}

LotokdOptions ConfigFile::options() const {
    LotokdOptions options;
    options.extraArgs = {"--config", path()};
    return options;
}

} // namespace lotok::test
