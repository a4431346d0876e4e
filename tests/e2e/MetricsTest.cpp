// GET /metrics on the internal listener: what a scrape shows after a few orders, who may
// scrape, and that promtool finds nothing wrong with the exposition.
#include "LotokdProcess.h"
#include "NatsServer.h"
#include "TestClient.h"
#include "db/Connection.h"
#include "http/HttpMessage.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace lotok::test;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Runs a shell command, returns its exit status and (through out) what it printed.
int run(const std::string& command, std::string& out) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) {
        return -1;
    }
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) {
        out.append(buffer, n);
    }
    return ::pclose(pipe);
}

} // namespace

TEST_CASE("a scrape after a few orders shows them, by route template, to the service token "
          "only",
          "[local]") {
    const std::string token = "metrics-token-" + uniqueName("t");
    ConfigFile config("[server]\nservice_token = " + token + "\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());

    const auto customer = client.registerCustomer("metrics");
    client.topUp(customer, 100000);
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 25000, 3);
    for (int count : {1, 1, 5}) {
        client.post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", count}}}}},
                    customer.token);
    }
    client.count(tea);
    client.post("/api/v1/login", {{"login", customer.login}, {"password", "wrong-password"}});

    SECTION("the public listener does not know /metrics") {
        CHECK(client.get("/metrics").status == 404);
    }
    SECTION("the internal listener wants the service token") {
        CHECK(internal.get("/metrics").status == 401);
        CHECK(internal.get("/metrics", "not-the-token").status == 401);
    }
    SECTION("the exposition counts the orders, by template, and promtool accepts it") {
        const auto response = internal.get("/metrics", token);
        REQUIRE(response.status == 200);
        CHECK(contains(std::string(response.header("content-type").value_or("")),
                       "text/plain; version=0.0.4"));
        const auto& body = response.body;
        CHECK(contains(body, "lotok_orders_total{outcome=\"confirmed\",reason=\"\"} 2\n"));
        CHECK(contains(
            body, "lotok_orders_total{outcome=\"rejected\",reason=\"insufficient_stock\"} 1\n"));
        CHECK(contains(body, "lotok_http_requests_total{method=\"POST\",route=\"/api/v1/order\","
                             "status=\"201\"} 2\n"));
        // Ids never become labels: the position's path is counted by its template.
        CHECK(contains(body, "route=\"/api/v1/stock/position/{id}/count\""));
        CHECK_FALSE(contains(body, "/api/v1/stock/position/" + std::to_string(tea)));
        CHECK(contains(body, "lotok_http_request_duration_seconds_bucket{method=\"POST\","
                             "route=\"/api/v1/order\",le=\"+Inf\"} 3\n"));
        CHECK(contains(body, "lotok_login_failures_total{reason=\"invalid_credentials\"} 1\n"));
        CHECK(contains(body, "lotok_outbox_backlog{service=\"order\"}"));
        CHECK(contains(body, "lotok_outbox_oldest_unpublished_age_seconds{service=\"order\"}"));
        CHECK(contains(body, "lotok_db_pool_size{services="));
        CHECK(contains(body, "lotok_db_pool_wait_seconds_count"));

        const auto file = std::filesystem::temp_directory_path() / (uniqueName("metrics") + ".txt");
        std::ofstream(file) << body;
        std::string out;
        const int status = run("promtool check metrics < " + file.string(), out);
        std::filesystem::remove(file);
        INFO(out);
        CHECK(status == 0);
        CHECK(out.empty());
    }
}

TEST_CASE("with [metrics] enabled = false nothing is recorded and /metrics says it is off",
          "[local]") {
    const std::string token = "metrics-token-" + uniqueName("t");
    ConfigFile config("[server]\nservice_token = " + token + "\n[metrics]\nenabled = false\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());
    const auto customer = client.registerCustomer("metrics-off");
    client.topUp(customer, 100000);

    const auto response = internal.get("/metrics", token);
    CHECK(response.status == 404);
    CHECK(contains(response.body, "enabled = false"));
    // The shop itself is unchanged.
    CHECK(client.get("/api/v1/account", customer.token).status == 200);
}

TEST_CASE("consumer lag is what is stored for a consumer and not handled yet", "[local]") {
    LotokdProcess server;
    TestClient internal(server.internalUrl());
    // A delivery stored for Notification's consumer that it will not take for an hour (its
    // lease runs): one event of lag, however fast the bus is.
    lotok::db::Connection db(server.databaseUrl("notification"));
    db.exec("INSERT INTO notification.bus_deliveries (consumer, event_id, type, payload, "
            "next_attempt_at, leased_until) VALUES ('notification', gen_random_uuid(), "
            "'order.order_confirmed', '{}', now() + interval '1 hour', now() + interval '1 hour')");
    const auto body = internal.get("/metrics").body;
    CHECK(contains(body, "lotok_consumer_lag{consumer=\"notification\"} 1\n"));
}

TEST_CASE("the packaged alert rules pass promtool check rules") {
    std::string out;
    const int status = run(std::string("promtool check rules ") + LOTOK_SOURCE_DIR +
                               "/packaging/monitoring/lotok-alerts.yml",
                           out);
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("5 rules found") != std::string::npos);
}


TEST_CASE("a real Prometheus scrapes lotokd and counts its orders", "[local]") {
    const std::string token = "prom-token-" + uniqueName("t");
    ConfigFile config("[server]\nservice_token = " + token + "\n");
    LotokdProcess server(config.options());
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("prom");
    client.topUp(customer, 100000);
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 1000, 10);
    for (int i = 0; i < 3; ++i) {
        REQUIRE(client
                    .post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 1}}}}},
                          customer.token)
                    .status == 201);
    }

    // Its own data directory under the build tree, its own port.
    const auto dir = std::filesystem::current_path() / uniqueName("prometheus");
    std::filesystem::create_directories(dir);
    const auto target = server.internalUrl().substr(server.internalUrl().find("://") + 3);
    std::ofstream(dir / "prometheus.yml")
        << "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: lotokd\n"
           "    authorization:\n      credentials: "
        << token << "\n    static_configs:\n      - targets: ['" << target << "']\n";
    const int port = freeLoopbackPort();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const auto configArg = "--config.file=" + (dir / "prometheus.yml").string();
        const auto dataArg = "--storage.tsdb.path=" + (dir / "data").string();
        const auto listenArg = "--web.listen-address=127.0.0.1:" + std::to_string(port);
        const auto log = dir / "prometheus.log";
        std::freopen(log.c_str(), "w", stderr);
        ::execlp("prometheus", "prometheus", configArg.c_str(), dataArg.c_str(), listenArg.c_str(),
                 static_cast<char*>(nullptr));
        ::_exit(127);
    }
    REQUIRE(pid > 0);
    // Stopped and its directory removed however the test ends.
    struct Stop {
        pid_t pid;
        std::filesystem::path dir;
        ~Stop() {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } stop{pid, dir};
    TestClient prometheus("http://127.0.0.1:" + std::to_string(port));
    double confirmed = -1;
    const bool seen = eventually(
        [&] {
            try {
                const auto response = prometheus.get(
                    "/api/v1/query?query=sum(lotok_orders_total%7Boutcome%3D%22confirmed%22%7D)");
                if (response.status != 200) {
                    return false;
                }
                const auto result = response.json()["data"]["result"];
                if (result.empty()) {
                    return false;
                }
                confirmed = std::stod(result[0]["value"][1].get<std::string>());
                return confirmed == 3;
            } catch (const std::exception&) {
                return false;
            }
        },
        std::chrono::seconds(60));
    CHECK(seen);
    CHECK(confirmed == 3);

    // Every query of the shipped Grafana dashboard is PromQL this Prometheus accepts, with
    // Grafana's variables filled in as Grafana would, and over lotokd's data it finds series.
    std::ifstream dashboardFile(std::string(LOTOK_SOURCE_DIR) +
                                "/packaging/monitoring/lotok-dashboard.json");
    const auto dashboard = nlohmann::json::parse(dashboardFile);
    int queries = 0;
    for (const auto& panel : dashboard.at("panels")) {
        for (const auto& target : panel.value("targets", nlohmann::json::array())) {
            std::string expr = target.at("expr").get<std::string>();
            for (const auto& [variable, value] :
                 {std::pair<std::string, std::string>{"$__rate_interval", "1m"},
                  {"$__range", "5m"},
                  {"$job", ".*"},
                  {"$instance", ".*"}}) {
                for (auto at = expr.find(variable); at != std::string::npos;
                     at = expr.find(variable)) {
                    expr.replace(at, variable.size(), value);
                }
            }
            INFO(panel.at("title").get<std::string>() << ": " << expr);
            const auto response =
                prometheus.get("/api/v1/query?query=" + lotok::http::urlEncode(expr));
            CHECK(response.status == 200);
            CHECK(response.json().value("status", "") == "success");
            ++queries;
        }
    }
    CHECK(queries >= 15);
}
