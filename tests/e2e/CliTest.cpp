// lotokd's command line: migrations, staff accounts, the embedded cluster (and its restart
// after a power cut), bad usage.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "util/Crypto.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace lotok::test;
namespace fs = std::filesystem;

TEST_CASE("migrate applies everything once; a second run applies nothing") {
    const auto database = createTestDatabase();
    std::string out;
    REQUIRE(runLotokd({"migrate", "--database-url", database, "--log-level", "warn"}, "", out) ==
            0);
    CHECK(out.find("migrations applied: 14") != std::string::npos);
    out.clear();
    REQUIRE(runLotokd({"migrate", "--database-url", database, "--log-level", "warn"}, "", out) ==
            0);
    CHECK(out.find("migrations applied: 0") != std::string::npos);
}

TEST_CASE("staff add works beside a running server and checks the password") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    std::string out;
    CHECK(runLotokd(
              {"staff", "add", "--login", uniqueName("s"), "--database-url", server.databaseUrl()},
              "short\n", out) != 0);
    CHECK(out.find("password") != std::string::npos);
    const auto login = uniqueName("boss");
    const auto staff = client.login(login, server.addStaff(login));
    CHECK(client
              .post("/api/v1/stock/positions", {{"name", "Tea"}, {"price", 100}, {"count", 1}},
                    staff.token)
              .status == 201);
    out.clear();
    CHECK(runLotokd({"staff", "add", "--login", login, "--database-url", server.databaseUrl()},
                    "another-password\n", out) != 0);
    CHECK(out.find("taken") != std::string::npos);
}

TEST_CASE("serve with no database runs its own cluster in the data directory") {
    const auto dir = fs::temp_directory_path() / ("lotok-cli-" + lotok::util::randomToken(6));
    {
        LotokdProcess server(LotokdOptions{{}, {}, dir.string(), {}});
        TestClient client(server.publicUrl());
        CHECK(client.get("/readyz").status == 200);
        const auto customer = client.registerCustomer("embedded");
        CHECK(client.balance(customer) == 0);
        CHECK(fs::exists(dir / "postgresql" / "PG_VERSION"));
        CHECK(server.stop() == 0);
    }
    // Stopped cleanly with the server: nothing listens on the cluster's socket any more.
    std::string out;
    CHECK(runLotokd({"db", "url", "--data-dir", dir.string()}, "", out) == 0);
    CHECK_FALSE(fs::exists(dir / "postgresql" / "postmaster.pid"));
    fs::remove_all(dir);
}

TEST_CASE("bad usage is refused with a message") {
    std::string out;
    CHECK(runLotokd({"serve", "--no-such-flag", "1"}, "", out) == 1);
    CHECK(out.find("unknown option") != std::string::npos);
    out.clear();
    CHECK(runLotokd({"serve", "--services=order,warehouse"}, "", out) == 1);
    CHECK(out.find("unknown service") != std::string::npos);
    out.clear();
    // NAME=URL gives a service its own database; a name that is no service is refused.
    CHECK(runLotokd({"serve", "--database-url", "warehouse=postgresql://127.0.0.1/x"}, "", out) ==
          1);
    CHECK(out.find("no service 'warehouse'") != std::string::npos);
    out.clear();
    CHECK(runLotokd({"--version"}, "", out) == 0);
    CHECK(out.rfind("lotokd ", 0) == 0);
    out.clear();
    CHECK(runLotokd({"--help"}, "", out) == 0);
    CHECK(out.find("staff add") != std::string::npos);
}

TEST_CASE("a config file with a bad number is refused with the key's name") {
    for (const auto& [line, expected] : std::vector<std::pair<std::string, std::string>>{
             {"[server]\nkeepalive_seconds = 0\n", "server.keepalive_seconds must be at least 1"},
             {"[server]\nhttp_threads = -4\n", "server.http_threads must be at least 1"},
             {"[server]\nrequest_timeout_seconds = soon\n",
              "server.request_timeout_seconds must be an integer"},
             {"[server]\nhttp_io_threads = -1\n", "server.http_io_threads must be at least 0"},
             // A service's own section: its keys are declared by the service, checked the same.
             {"[order]\nsaga_recovery_seconds = 0\n",
              "order.saga_recovery_seconds must be at least 1"},
             {"[order]\nsaga_recovery = 5\n", "unknown key order.saga_recovery"},
             {"[warehouse]\nsize = 5\n", "unknown key warehouse.size"},
             {"[service_urls]\nwarehouse = http://127.0.0.1:1\n",
              "unknown key service_urls.warehouse"},
         }) {
        ConfigFile config(line);
        std::string out;
        INFO(line);
        CHECK(runLotokd({"serve", "--config", config.path()}, "", out) != 0);
        CHECK(out.find(expected) != std::string::npos);
    }
}

namespace {

// A data directory of its own (under the temp dir, which the postgres user can enter when
// the tests run as root). Whatever a case leaves running there is stopped afterwards.
struct DataDir {
    fs::path path = fs::temp_directory_path() / ("lotok-cli-" + lotok::util::randomToken(6));
    ~DataDir() {
        std::string ignored;
        runLotokd({"db", "stop", "--data-dir", path.string(), "--log-level", "error"}, "", ignored);
        fs::remove_all(path);
    }
    fs::path pidFile() const { return path / "postgresql" / "postmaster.pid"; }
    // The embedded cluster's postmaster, from the first line of its lock file.
    pid_t postmaster() const {
        std::ifstream in(pidFile());
        pid_t pid = -1;
        in >> pid;
        return pid;
    }
};

bool processAlive(pid_t pid) {
    return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

} // namespace

TEST_CASE("a power cut (lotokd and its PostgreSQL killed together): an immediate restart "
          "recovers the cluster and serves") {
    DataDir dir;
    LotokdProcess server(LotokdOptions{{}, {}, dir.path.string(), {}});
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("powercut");
    client.topUp(customer, 500);
    // Several cuts in a row: the race (a dead postmaster still reported by `pg_ctl status`,
    // its lock file and shared memory still there) does not show on every one.
    for (int cut = 1; cut <= 3; ++cut) {
        INFO("cut " << cut);
        const pid_t postmaster = dir.postmaster();
        REQUIRE(processAlive(postmaster));
        ::kill(postmaster, SIGKILL);
        server.kill();
        REQUIRE_NOTHROW(server.start()); // at once: no waiting for the dead to be reaped
        TestClient again(server.publicUrl());
        CHECK(again.get("/readyz").status == 200);
        const auto user = again.login(customer.login, customer.password);
        CHECK(again.balance(user) == 500);
        CHECK(dir.postmaster() != postmaster);
    }
    CHECK(server.stop() == 0);
    CHECK_FALSE(fs::exists(dir.pidFile()));
}

TEST_CASE("serve that cannot bind its port exits 1 and leaves no PostgreSQL running") {
    DataDir dir;
    // Take a port, so lotokd's public listener cannot have it.
    const int taken = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(taken, 1) == 0);
    socklen_t length = sizeof address;
    ::getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length);
    const auto port = std::to_string(ntohs(address.sin_port));

    std::string out;
    CHECK(runLotokd({"serve", "--data-dir", dir.path.string(), "--listen", "127.0.0.1:" + port,
                     "--internal-listen", "127.0.0.1:0", "--log-level", "warn"},
                    "", out) == 1);
    INFO(out);
    CHECK(fs::exists(dir.path / "postgresql" / "PG_VERSION")); // it did start the cluster
    CHECK_FALSE(fs::exists(dir.pidFile()));                    // and stopped it again
    ::close(taken);
}
