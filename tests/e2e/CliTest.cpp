// lotokd's command line: migrations, staff accounts, the embedded cluster, bad usage.
#include "LotokdProcess.h"
#include "TestClient.h"
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <filesystem>

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
         }) {
        ConfigFile config(line);
        std::string out;
        INFO(line);
        CHECK(runLotokd({"serve", "--config", config.path()}, "", out) != 0);
        CHECK(out.find(expected) != std::string::npos);
    }
}
