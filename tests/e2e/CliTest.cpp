// lotokd's command line: migrations, staff accounts, the embedded cluster (and its restart
// after a power cut), bad usage.
#include "LotokdProcess.h"
#include "NatsServer.h"
#include "TestClient.h"
#include "db/Connection.h"
#include "util/Crypto.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <regex>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

using namespace lotok::test;
namespace fs = std::filesystem;

TEST_CASE("migrate applies everything once, and a second run applies nothing") {
    const auto database = createTestDatabase();
    std::string out;
    REQUIRE(runLotokd({"migrate", "--database-url", database, "--log-level", "warn"}, "", out) ==
            0);
    // As many as the schemas record, every one of them applied by this run.
    lotok::db::Connection db(database);
    const auto recorded =
        db.exec("SELECT string_agg(format('(SELECT count(*) FROM %I.schema_migrations)', "
                "schemaname), ' + ') FROM pg_tables WHERE tablename = 'schema_migrations'");
    const auto total = db.exec("SELECT " + recorded.string(0, 0));
    CHECK(total.int64(0, 0) > 0);
    CHECK(out.find("migrations applied: " + std::to_string(total.int64(0, 0)) + "\n") !=
          std::string::npos);
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
        LotokdProcess server(LotokdOptions{{}, {}, dir.string(), {}, {}});
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
    CHECK(runLotokd({"serve", "--no-such-flag", "1"}, "", out) == 2);
    CHECK(out.find("unknown option --no-such-flag") != std::string::npos);
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
    CHECK(out.find("staff add --login") != std::string::npos);
}

namespace {

// Every command of lotokd, as the words that name it.
const std::vector<std::vector<std::string>> kCommands = {
    {"serve"},     {"migrate"},          {"staff", "add"},   {"demo-seed"},
    {"backup"},    {"restore"},          {"db", "start"},    {"db", "stop"},
    {"db", "url"}, {"events", "status"}, {"events", "dead"}, {"events", "retry"},
};

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

std::vector<std::string> with(std::vector<std::string> words,
                              const std::vector<std::string>& more) {
    words.insert(words.end(), more.begin(), more.end());
    return words;
}

bool listening(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected =
        ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("serve --help prints the usage and exits without starting anything") {
    const auto dir = fs::temp_directory_path() / ("lotok-cli-" + lotok::util::randomToken(6));
    const auto port = freeLoopbackPort();
    // Were it to serve, it would listen on this port and never exit: the run would time out.
    const auto run =
        runLotokdFor({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--internal-listen",
                      "127.0.0.1:0", "--data-dir", dir.string(), "--help"},
                     std::chrono::seconds(20));
    CHECK_FALSE(run.timedOut);
    CHECK(run.status == 0);
    CHECK(has(run.out, "Usage: lotokd serve [OPTIONS]"));
    CHECK(has(run.out, "--listen HOST:PORT"));
    CHECK(run.err.empty());
    CHECK_FALSE(listening(port));
    CHECK_FALSE(fs::exists(dir)); // no cluster was made for it either
}

TEST_CASE("every command's --help prints its own usage on stdout and exits 0") {
    for (const auto& command : kCommands) {
        INFO(joined(command));
        for (const auto* flag : {"--help", "-h"}) {
            const auto run = runLotokdFor(with(command, {flag}), std::chrono::seconds(20));
            CHECK(run.status == 0);
            CHECK(has(run.out, "Usage: lotokd " + joined(command)));
            CHECK(run.err.empty());
        }
    }
    // The groups and lotokd itself list what is inside them.
    for (const auto& [words, lists] :
         std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>{
             {{}, {"serve", "migrate", "staff add --login", "demo-seed", "events retry ID"}},
             {{"staff"}, {"add"}},
             {{"db"}, {"start", "stop", "url"}},
             {{"events"}, {"status", "dead", "retry"}}}) {
        INFO(joined(words));
        const auto run = runLotokdFor(with(words, {"--help"}), std::chrono::seconds(20));
        CHECK(run.status == 0);
        for (const auto& item : lists) {
            CHECK(has(run.out, item));
        }
    }
}

namespace {

// The long options a usage text lists ("  --data-dir DIR  ...").
std::set<std::string> optionsIn(const std::string& usage) {
    std::set<std::string> out;
    std::istringstream lines(usage);
    std::string line;
    const std::regex option(R"(^  (?:-h,)?(--[a-z-]+))");
    while (std::getline(lines, line)) {
        std::smatch match;
        if (std::regex_search(line, match, option)) {
            out.insert(match[1]);
        }
    }
    return out;
}

// The man page's entry for a command under COMMANDS, roff escapes taken out: its header
// line starts with the command's words ("db start|stop|url" stands for all three).
std::string manEntry(const std::vector<std::string>& command) {
    std::ifstream in(LOTOK_MAN_PAGE);
    std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    page = std::regex_replace(page, std::regex(R"(\\-)"), "-");
    const auto begin = page.find(".SH COMMANDS");
    const auto end = page.find(".SH", begin + 1);
    const auto section = page.substr(begin, end - begin);
    const auto head = command[0] == "db" ? std::string("db start") : joined(command);
    std::size_t at = 0;
    while ((at = section.find(".TP\n", at)) != std::string::npos) {
        at += 4;
        const auto next = section.find(".TP\n", at);
        const auto entry = section.substr(at, next == std::string::npos ? next : next - at);
        auto header = entry.substr(0, entry.find('\n'));
        header = std::regex_replace(header, std::regex(R"(^\.[A-Z]+ |")"), "");
        if (header.rfind(head, 0) == 0) {
            return entry;
        }
    }
    return "";
}

} // namespace

TEST_CASE("the man page names exactly the options each command takes") {
    for (const auto& command : kCommands) {
        INFO(joined(command));
        const auto usage = runLotokdFor(with(command, {"--help"}), std::chrono::seconds(20));
        REQUIRE(usage.status == 0);
        const auto whole = manEntry(command);
        REQUIRE_FALSE(whole.empty());
        // The options are the header's and those after "Options:" (the text before may
        // name other programs' flags).
        const auto options = whole.find("Options:");
        REQUIRE(options != std::string::npos);
        const auto entry = whole.substr(0, whole.find('\n')) + " " + whole.substr(options);
        std::set<std::string> documented;
        std::smatch match;
        for (auto from = entry.cbegin();
             std::regex_search(from, entry.cend(), match, std::regex(R"(--[a-z-]+)"));
             from = match.suffix().first) {
            documented.insert(match[0]);
        }
        if (entry.find("the common ones") != std::string::npos) {
            documented.insert({"--help", "--config", "--log-level", "--log-format"});
        }
        if (entry.find("the database ones") != std::string::npos) {
            documented.insert({"--data-dir", "--database-url"});
        }
        CHECK(documented == optionsIn(usage.out));
    }
}

TEST_CASE("an option given twice takes its last value") {
    const auto run =
        runLotokdFor({"db", "url", "--data-dir", "/nonexistent/first", "--log-level", "debug",
                      "--data-dir", "/nonexistent/second", "--log-level", "warn"},
                     std::chrono::seconds(20));
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out.find("/nonexistent/second/postgresql") != std::string::npos);
    CHECK(run.out.find("first") == std::string::npos);
}

TEST_CASE("unknown options, another command's options and stray arguments are refused with "
          "the usage and exit 2") {
    const std::vector<std::tuple<std::vector<std::string>, std::string, std::string>> cases = {
        {{"serve", "--no-such-flag"}, "unknown option --no-such-flag", "lotokd serve"},
        {{"serve", "--no-such-flag=1"}, "unknown option --no-such-flag", "lotokd serve"},
        {{"migrate", "--login", "x"}, "'lotokd migrate' takes no --login", "lotokd migrate"},
        {{"db", "start", "--events-url", "nats://127.0.0.1:1"},
         "'lotokd db start' takes no --events-url",
         "lotokd db start"},
        {{"db", "url", "--database-url", "postgresql:///x"},
         "'lotokd db url' takes no --database-url",
         "lotokd db url"},
        {{"demo-seed", "--listen", "127.0.0.1:0"},
         "'lotokd demo-seed' takes no --listen",
         "lotokd demo-seed"},
        {{"staff", "add", "--login", "x", "--services", "user"},
         "takes no --services",
         "lotokd staff add"},
        {{"events", "dead", "--login", "x"}, "takes no --login", "lotokd events dead"},
        // Misplaced or missing positionals.
        {{"serve", "extra"}, "unexpected argument 'extra'", "lotokd serve"},
        {{"migrate", "now"}, "unexpected argument 'now'", "lotokd migrate"},
        {{"db", "start", "url"}, "unexpected argument 'url'", "lotokd db start"},
        {{"events", "retry", "a.1", "b.2"}, "unexpected argument 'b.2'", "lotokd events retry"},
        {{"events", "retry"}, "ID is required", "lotokd events retry"},
        {{"backup"}, "--out is required", "lotokd backup"},
        {{"restore"}, "FILE is required", "lotokd restore"},
        {{"restore", "a.tar", "b.tar"}, "unexpected argument 'b.tar'", "lotokd restore"},
        {{"backup", "--out", "x", "--events-url", "nats://127.0.0.1:1"},
         "'lotokd backup' takes no --events-url",
         "lotokd backup"},
        {{"staff", "add"}, "--login is required", "lotokd staff add"},
        {{"staff", "remove"}, "unknown command 'staff remove'", "lotokd staff"},
        {{"db"}, "subcommand is required", "lotokd db"},
        {{"warehouse"}, "unknown command 'warehouse'", "lotokd [OPTIONS] SUBCOMMAND"},
        {{}, "subcommand is required", "lotokd [OPTIONS] SUBCOMMAND"},
        {{"--listen", "127.0.0.1:0", "serve"}, "", "lotokd"},
        {{"serve", "--log-level", "loud"}, "must be debug, info, warn or error", "lotokd serve"},
        {{"serve", "--service-url", "billing"}, "wants NAME=URL", "lotokd serve"},
    };
    for (const auto& [args, message, usage] : cases) {
        INFO(joined(args));
        const auto run = runLotokdFor(args, std::chrono::seconds(20));
        CHECK(run.status == 2);
        CHECK(run.out.empty());
        CHECK(has(run.err, message));
        CHECK(has(run.err, "Usage: " + usage));
    }
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
    LotokdProcess server(LotokdOptions{{}, {}, dir.path.string(), {}, {}});
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
