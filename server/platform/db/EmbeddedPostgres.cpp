#include "db/EmbeddedPostgres.h"

#include "db/Connection.h"
#include "db/Errors.h"
#include "log/Log.h"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <functional>
#include <pwd.h>
#include <regex>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace lotok::db {
namespace {

constexpr int kPort = 5432; // only names the socket file; no TCP listener is opened
// How long start() keeps trying after a crash left the cluster half-dead (see start()).
constexpr std::chrono::seconds kStartupRetryLimit{30};
constexpr std::chrono::milliseconds kStartupRetryPause{500};

fs::path findBinDir() {
    if (const char* dir = std::getenv("LOTOK_PG_BINDIR"); dir && *dir) {
        return dir;
    }
    fs::path best;
    int bestVersion = 0;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
        const auto name = entry.path().filename().string();
        const int version = std::atoi(name.c_str());
        if (version > bestVersion && fs::exists(entry.path() / "bin" / "initdb")) {
            bestVersion = version;
            best = entry.path() / "bin";
        }
    }
    if (best.empty()) {
        throw std::runtime_error("no PostgreSQL server binaries found under /usr/lib/postgresql "
                                 "(install the postgresql package, or set LOTOK_PG_BINDIR)");
    }
    return best;
}

std::string quoteConnValue(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

} // namespace

EmbeddedPostgres::EmbeddedPostgres(fs::path dataDir)
    : m_dataDir(fs::absolute(std::move(dataDir))), m_clusterDir(m_dataDir / "postgresql"),
      m_socketDir(m_clusterDir), m_binDir(findBinDir()), m_asRoot(geteuid() == 0) {
    // A Unix socket path is limited to ~107 bytes; long data directories put theirs in /tmp.
    if ((m_socketDir / ".s.PGSQL.5432.lock").string().size() > 100) {
        m_socketDir = fs::temp_directory_path() /
                      ("lotok-pg-" + std::to_string(std::hash<std::string>{}(m_clusterDir)));
    }
}

EmbeddedPostgres::~EmbeddedPostgres() {
    if (m_stopOnDestruction && m_startedHere) {
        try {
            stop();
        } catch (const std::exception& error) {
            log::warn("stopping embedded PostgreSQL failed: {}", error.what());
        }
    }
}

fs::path EmbeddedPostgres::binary(const std::string& name) const {
    return m_binDir / name;
}

int EmbeddedPostgres::run(const std::vector<std::string>& argv, bool asClusterOwner) const {
    std::vector<std::string> full;
    if (asClusterOwner && m_asRoot) {
        full = {"/usr/sbin/runuser", "-u", clusterOwner(), "--"};
    }
    full.insert(full.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (auto& arg : full) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        // The child must not hold lotokd's listening sockets or stdout (tests read stdout);
        // the tools' progress chatter goes nowhere, their errors to lotokd's stderr.
        const int devNull = open("/dev/null", O_RDWR);
        dup2(devNull, STDIN_FILENO);
        dup2(devNull, STDOUT_FILENO);
        for (int fd = 3; fd < 1024; ++fd) {
            close(fd);
        }
        // Keep the cluster out of lotokd's process group so a Ctrl-C reaches lotokd first
        // and lotokd shuts PostgreSQL down in order.
        setsid();
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool EmbeddedPostgres::running() const {
    return fs::exists(m_clusterDir / "PG_VERSION") &&
           run({binary("pg_ctl"), "status", "-D", m_clusterDir.string()}, true) == 0;
}

std::string EmbeddedPostgres::clusterOwner() const {
    // An existing cluster keeps its owner: root running `lotokd staff add` on the packaged
    // service's data must not take the cluster away from the `lotok` user.
    struct stat info {};
    if (stat((m_clusterDir / "PG_VERSION").c_str(), &info) == 0) {
        if (info.st_uid == 0) {
            throw std::runtime_error("the cluster in " + m_clusterDir.string() +
                                     " belongs to root; PostgreSQL cannot run as root");
        }
        if (const passwd* owner = getpwuid(info.st_uid)) {
            return owner->pw_name;
        }
    }
    return "postgres";
}

std::string EmbeddedPostgres::start() {
    fs::create_directories(m_dataDir);
    if (m_asRoot) {
        const auto ownerName = clusterOwner();
        const passwd* owner = getpwnam(ownerName.c_str());
        if (!owner) {
            throw std::runtime_error("running as root needs the `" + ownerName + "` system user");
        }
        if (!fs::exists(m_clusterDir / "PG_VERSION")) {
            fs::create_directories(m_clusterDir);
            if (chown(m_clusterDir.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
                throw std::runtime_error("cannot hand " + m_clusterDir.string() + " to " +
                                         ownerName);
            }
            fs::permissions(m_clusterDir, fs::perms::owner_all, fs::perm_options::replace);
        }
        if (run({"/usr/bin/test", "-x", m_clusterDir.string()}, true) != 0) {
            throw std::runtime_error("the " + ownerName + " user cannot reach " +
                                     m_clusterDir.string() +
                                     "; choose a --data-dir outside a private home directory");
        }
        if (m_socketDir != m_clusterDir) {
            fs::create_directories(m_socketDir);
            if (chown(m_socketDir.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
                throw std::runtime_error("cannot hand " + m_socketDir.string() + " to " +
                                         ownerName);
            }
        }
    } else {
        fs::create_directories(m_socketDir);
    }

    if (!fs::exists(m_clusterDir / "PG_VERSION")) {
        log::info("creating PostgreSQL cluster in {}", m_clusterDir.string());
        if (run({binary("initdb"), "-D", m_clusterDir.string(), "-U", "lotok", "-A", "trust", "-E",
                 "UTF8", "--no-locale", "--no-instructions"},
                true) != 0) {
            throw std::runtime_error("initdb failed for " + m_clusterDir.string());
        }
    }
    // After a power cut (lotokd and the postmaster killed together) the cluster is not
    // startable at once: until the dead postmaster is reaped, `pg_ctl status` still reports
    // it (and nothing answers on the socket); until its backends have noticed and exited,
    // a new postmaster refuses the shared memory they hold. Both clear within seconds, so
    // start, connect and retry until the deadline; PostgreSQL's own crash recovery does the
    // rest on the start that succeeds.
    const auto deadline = std::chrono::steady_clock::now() + kStartupRetryLimit;
    for (int attempt = 1;; ++attempt) {
        std::string problem;
        if (!running() && !startServer()) {
            problem = "PostgreSQL did not start; see " + (m_clusterDir / "server.log").string();
        } else {
            try {
                createLotokDatabase();
                if (attempt > 1) {
                    log::info("embedded PostgreSQL is up after {} attempts", attempt);
                }
                return connectionString();
            } catch (const std::exception& error) {
                problem = error.what();
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw std::runtime_error(problem + " (gave up after " +
                                     std::to_string(kStartupRetryLimit.count()) + " s)");
        }
        log::warn("embedded PostgreSQL in {} is not up yet (attempt {}): {}; retrying",
                  m_clusterDir.string(), attempt, problem);
        std::this_thread::sleep_for(kStartupRetryPause);
    }
}

bool EmbeddedPostgres::startServer() {
    log::info("starting embedded PostgreSQL ({})", m_clusterDir.string());
    std::string options = "-k " + m_socketDir.string() + " -c listen_addresses='' -p " +
                          std::to_string(kPort) +
                          " -c max_connections=300 -c unix_socket_permissions=0700";
    // For throwaway clusters (the test run sets fsync=off); never needed in production.
    if (const char* extra = std::getenv("LOTOK_PG_EXTRA_OPTIONS"); extra && *extra) {
        options += std::string(" ") + extra;
    }
    if (run({binary("pg_ctl"), "start", "-w", "-t", "60", "-D", m_clusterDir.string(), "-l",
             (m_clusterDir / "server.log").string(), "-o", options},
            true) != 0) {
        return false;
    }
    m_startedHere = true;
    return true;
}

void EmbeddedPostgres::createLotokDatabase() {
    Connection admin(connectionString("postgres"));
    if (admin.exec("SELECT 1 FROM pg_database WHERE datname = 'lotok'").empty()) {
        try {
            admin.execScript("CREATE DATABASE lotok");
        } catch (const DbError& error) {
            if (error.sqlState() != "42P04") { // created meanwhile by another process
                throw;
            }
        }
    }
}

void EmbeddedPostgres::stop() {
    if (!fs::exists(m_clusterDir / "PG_VERSION")) {
        return;
    }
    log::info("stopping embedded PostgreSQL");
    run({binary("pg_ctl"), "stop", "-w", "-m", "fast", "-D", m_clusterDir.string()}, true);
    m_startedHere = false;
}

std::filesystem::path EmbeddedPostgres::tool(const std::string& name) {
    return findBinDir() / name;
}

std::string EmbeddedPostgres::connectionString(const std::string& database) const {
    return "host=" + quoteConnValue(m_socketDir.string()) + " port=" + std::to_string(kPort) +
           " user=lotok dbname=" + quoteConnValue(database);
}

} // namespace lotok::db
