// /readyz names each dependency (docs/operations.md, "Readiness"): a database that stops
// makes it 503 naming that database, and 200 again once it is back; a broker that dies makes
// it 503 naming the broker; a service this process calls is reported but never gates.
#include "LotokdProcess.h"
#include "NatsServer.h"
#include "TestClient.h"
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace lotok::test;
namespace fs = std::filesystem;

namespace {

// A PostgreSQL of the test's own, outside lotokd, that the test stops and starts (lotokd's
// embedded cluster, driven by hand with `lotokd db`).
struct OwnPostgres {
    fs::path dir = fs::temp_directory_path() / ("lotok-ready-" + lotok::util::randomToken(6));
    OwnPostgres() { REQUIRE(db("start") == 0); }
    ~OwnPostgres() {
        db("stop");
        fs::remove_all(dir);
    }
    int db(const std::string& action) {
        std::string out;
        const int status =
            runLotokd({"db", action, "--data-dir", dir.string(), "--log-level", "error"}, "", out);
        m_lastOutput = out;
        return status;
    }
    std::string url() {
        REQUIRE(db("url") == 0);
        auto text = m_lastOutput;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
            text.pop_back();
        }
        return text;
    }

private:
    std::string m_lastOutput;
};

// The internal listener's answer (it gives the reasons), once `check` holds of it.
bool readyzBecomes(TestClient& internal, int status,
                   const std::function<bool(const nlohmann::json&)>& check, nlohmann::json& last) {
    return eventually(
        [&] {
            const auto answer = internal.get("/readyz");
            last = nlohmann::json::parse(answer.body, nullptr, false);
            return answer.status == status && last.is_object() && check(last);
        },
        std::chrono::seconds(60));
}

std::string checkOf(const nlohmann::json& body, const std::string& name) {
    return body.contains("checks") && body["checks"].contains(name)
               ? body["checks"][name].get<std::string>()
               : "";
}

} // namespace

TEST_CASE("a database that stops makes /readyz 503 naming it, and 200 once it is back", "[local]") {
    OwnPostgres postgres;
    LotokdOptions options;
    options.databaseUrl = postgres.url();
    LotokdProcess server(options);
    TestClient client(server.publicUrl());
    TestClient internal(server.internalUrl());
    nlohmann::json body;

    REQUIRE(readyzBecomes(
        internal, 200, [](const auto& b) { return checkOf(b, "database.order") == "ok"; }, body));
    CHECK(body["status"] == "ready");
    for (const auto* service :
         {"auth", "user", "order", "stock", "billing", "delivery", "notification"}) {
        CHECK(checkOf(body, std::string("database.") + service) == "ok");
    }
    CHECK_FALSE(body["checks"].contains("broker")); // in-process bus: nothing to check

    REQUIRE(postgres.db("stop") == 0);
    INFO(body.dump());
    CHECK(readyzBecomes(
        internal, 503,
        [](const auto& b) {
            return b["status"] == "unavailable" &&
                   checkOf(b, "database.order").rfind("down: ", 0) == 0;
        },
        body));
    // The public listener says which, but not why (the reason names hosts).
    const auto publicAnswer = client.get("/readyz");
    CHECK(publicAnswer.status == 503);
    CHECK(checkOf(publicAnswer.json(), "database.order") == "down");
    // Liveness is not readiness: the process still runs.
    CHECK(client.get("/healthz").status == 200);

    REQUIRE(postgres.db("start") == 0);
    CHECK(readyzBecomes(
        internal, 200, [](const auto& b) { return checkOf(b, "database.order") == "ok"; }, body));
    CHECK(client.get("/readyz").status == 200);
}

TEST_CASE("a broker that dies makes /readyz 503 naming the broker", "[local]") {
    NatsServer nats;
    LotokdOptions options;
    options.eventsUrl = nats.url();
    LotokdProcess server(options);
    TestClient internal(server.internalUrl());
    nlohmann::json body;
    REQUIRE(readyzBecomes(
        internal, 200, [](const auto& b) { return checkOf(b, "broker") == "ok"; }, body));

    nats.kill();
    INFO(body.dump());
    CHECK(readyzBecomes(
        internal, 503, [](const auto& b) { return checkOf(b, "broker").rfind("down: ", 0) == 0; },
        body));
    CHECK(checkOf(body, "database.order") == "ok");

    SECTION("and 200 once it is back") {
        nats.start();
        CHECK(readyzBecomes(
            internal, 200, [](const auto& b) { return checkOf(b, "broker") == "ok"; }, body));
    }
    SECTION("and the process still stops at once on SIGTERM") {
        // Its keeper asked the broker about each of its twenty-odd consumers, five seconds
        // each, before it looked at the stop flag, and stop() deleted each ephemeral consumer
        // the same way: minutes, and LotokdProcess::stop() SIGKILLs after 20 s (exit -1).
        CHECK(server.stop() == 0);
    }
}

TEST_CASE("a service this process calls is reported, but does not gate readiness", "[local]") {
    // Order alone, every service it calls at an address where nobody listens.
    const auto nowhere = "http://127.0.0.1:" + std::to_string(freeLoopbackPort());
    LotokdOptions options;
    options.extraArgs = {"--services=order"};
    for (const auto* service : {"auth", "user", "stock", "billing", "delivery", "notification"}) {
        options.extraArgs.insert(options.extraArgs.end(),
                                 {"--service-url", std::string(service) + "=" + nowhere});
    }
    LotokdProcess server(options);
    TestClient internal(server.internalUrl());
    nlohmann::json body;
    CHECK(readyzBecomes(
        internal, 200,
        [](const auto& b) {
            return checkOf(b, "database.order") == "ok" &&
                   checkOf(b, "service.stock").rfind("down: ", 0) == 0 &&
                   checkOf(b, "service.billing").rfind("down: ", 0) == 0;
        },
        body));
    INFO(body.dump());
    CHECK(body["status"] == "ready");
    CHECK_FALSE(body["checks"].contains("database.stock")); // not hosted here
}
