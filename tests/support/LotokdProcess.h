#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lotok::test {

// libpq connection string of a database on the test run's private cluster.
std::string clusterConnectionString(const std::string& database);
// Creates a new, empty database on the test cluster and returns its connection string.
std::string createTestDatabase();
// A short random suffix for logins and names, so tests sharing a server never collide.
std::string uniqueName(const std::string& prefix);

struct LotokdOptions {
    std::vector<std::string> extraArgs;
    // Empty: a fresh database on the test cluster.
    std::string databaseUrl;
    // When set, lotokd runs its own embedded cluster in this data directory instead.
    std::string dataDir;
    // Events over this NATS JetStream (nats://...). Empty: in-process, unless the test runs
    // with LOTOK_TEST_EVENTS=nats, which gives each LotokdProcess a private nats-server.
    std::string eventsUrl;
    // When set, lotokd's log (its stderr) is appended to this file instead of the test's own
    // stderr, for a test that reads what was logged (see LotokdProcess::log()).
    std::string logFile;
};

class NatsServer;

// A real lotokd, as a child process, on a fresh database of the test cluster (CTest
// fixture "lotok_pg"), listening on free ports.
class LotokdProcess {
public:
    explicit LotokdProcess(LotokdOptions options = {});
    ~LotokdProcess();
    LotokdProcess(const LotokdProcess&) = delete;
    LotokdProcess& operator=(const LotokdProcess&) = delete;

    const std::string& publicUrl() const { return m_publicUrl; }
    const std::string& internalUrl() const { return m_internalUrl; }
    // The single process's database (not on the cluster, where each service has its own).
    const std::string& databaseUrl() const {
        if (clustered()) {
            throw std::logic_error("on the cluster each service has its own database; tag the "
                                   "test [local]");
        }
        return m_databaseUrl;
    }
    // The database that holds `service`'s schema: the single process's one database, or on the
    // cluster that service's own (a test that reads tables names the service that owns them).
    std::string databaseUrl(const std::string& service) const;
    // Whether the suite runs against the split deployment (LOTOK_TEST_CLUSTER=DIR, CTest
    // label `cluster`): then this object stands for its gateway, and publicUrl() is nginx.
    static bool clustered();
    pid_t pid() const { return m_pid; }
    // What lotokd logged so far (LotokdOptions::logFile; "" without one).
    std::string log() const;
    // The JetStream it publishes to (nats://...); empty with the in-process bus.
    const std::string& eventsUrl() const { return m_options.eventsUrl; }

    // Runs `lotokd staff add`; returns the generated password.
    std::string addStaff(const std::string& login);
    // SIGKILL: a crash, with no chance to clean up.
    void kill();
    // SIGTERM and wait; returns the exit status.
    int stop();
    // Starts again on the same database (after kill() or stop()).
    void start();

private:
    std::vector<std::string> databaseArgs() const;

    LotokdOptions m_options;
    std::string m_databaseUrl;
    std::string m_publicUrl;
    std::string m_internalUrl;
    pid_t m_pid = -1;
    std::unique_ptr<NatsServer> m_nats;
};

// A lotokd config file (INI text) for one test, removed when it goes out of scope.
class ConfigFile {
public:
    explicit ConfigFile(const std::string& text);
    ~ConfigFile();
    ConfigFile(const ConfigFile&) = delete;
    ConfigFile& operator=(const ConfigFile&) = delete;

    std::string path() const { return m_path.string(); }
    // Options that start lotokd with this file.
    LotokdOptions options() const;

private:
    std::filesystem::path m_path;
};

// Runs lotokd with the given arguments and stdin; returns its exit status, output in `out`.
int runLotokd(const std::vector<std::string>& args, const std::string& input, std::string& out);

// What one run of lotokd printed, each stream on its own.
struct LotokdRun {
    int status = -1; // exit status; -1 when it had to be killed (or died of a signal)
    std::string out;
    std::string err;
    bool timedOut = false;
};
// Runs lotokd with empty stdin; kills it (status -1, timedOut) if it is still running after
// `timeout`, so a command that should have exited at once cannot hang a test.
LotokdRun runLotokdFor(const std::vector<std::string>& args,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

} // namespace lotok::test
