// One order followed across processes (docs/operations.md, "Following one order"): the
// request id and trace a client sends go with every service call and every event, so
// grepping the id finds the order in the logs of Order, Stock, Billing, Delivery and
// Notification. On the cluster those are the logs of its processes (DIR/logs/NAME.log); on
// the single process, lotokd's own log.
#include "LotokdProcess.h"
#include "TestClient.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

using namespace lotok::test;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The lines that carry `id`, by process: "order-1", "stock-1" ... on the cluster, "lotokd"
// on the single process.
std::map<std::string, std::vector<std::string>> linesWith(const std::string& id,
                                                          const LotokdProcess& server) {
    std::map<std::string, std::string> logs;
    if (LotokdProcess::clustered()) {
        for (const auto& entry :
             fs::directory_iterator(fs::path(std::getenv("LOTOK_TEST_CLUSTER")) / "logs")) {
            if (entry.path().extension() == ".log") {
                logs[entry.path().stem().string()] = readFile(entry.path());
            }
        }
    } else {
        logs["lotokd"] = server.log();
    }
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [name, text] : logs) {
        std::size_t start = 0;
        while (start < text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) {
                end = text.size();
            }
            const auto line = text.substr(start, end - start);
            if (line.find(id) != std::string::npos) {
                out[name].push_back(line);
            }
            start = end + 1;
        }
    }
    return out;
}

bool anyLine(const std::map<std::string, std::vector<std::string>>& found,
             const std::string& processPrefix, const std::string& part) {
    for (const auto& [name, lines] : found) {
        if (name.rfind(processPrefix, 0) != 0) {
            continue;
        }
        for (const auto& line : lines) {
            if (line.find(part) != std::string::npos) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

TEST_CASE("grepping one request id shows the order's whole path") {
    LotokdOptions options;
    fs::path logFile;
    if (!LotokdProcess::clustered()) {
        logFile = fs::temp_directory_path() / (uniqueName("lotokd-trace-") + ".log");
        options.logFile = logFile.string();
        options.extraArgs = {"--log-level", "info"}; // the request and consumer lines
    }
    LotokdProcess server(options);
    TestClient client(server.publicUrl());
    const auto customer = client.registerCustomer("trace");
    client.topUp(customer, 100000);
    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = client.createPosition(staff, "Tea", 25000, 5);

    const auto requestId = uniqueName("trace-order-");
    const std::string traceId = "0af7651916cd43dd8448eb211c80319c";
    const auto placed = client.post(
        "/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 1}}}}}, customer.token,
        {{"X-Request-Id", requestId}, {"traceparent", "00-" + traceId + "-b7ad6b7169203331-01"}});
    REQUIRE(placed.status == 201);
    CHECK(placed.header("x-request-id").value_or("") == requestId);
    CHECK(placed.json()["status"] == "confirmed");
    const auto orderId = std::to_string(placed.json()["id"].get<std::int64_t>());
    REQUIRE(eventually(
        [&] {
            const auto notes = client.get("/api/v1/notifications?limit=200", customer.token);
            return notes.status == 200 &&
                   notes.body.find("order_ready_for_delivery") != std::string::npos;
        },
        std::chrono::seconds(60)));

    // The handlers log once their transaction committed, just after the notification is
    // visible: wait for the lines rather than read once.
    const auto prefix = [](const std::string& service) {
        return LotokdProcess::clustered() ? service + "-" : std::string("lotokd");
    };
    std::map<std::string, std::vector<std::string>> found;
    const auto wholePath = [&] {
        found = linesWith(requestId, server);
        return anyLine(found, prefix("order"), "POST /api/v1/order 201") &&
               anyLine(found, prefix("order"), "order confirmed") &&
               anyLine(found, prefix("stock"), "/internal/api/v1/stock/") &&
               anyLine(found, prefix("billing"), "/internal/api/v1/payment") &&
               anyLine(found, prefix("delivery"), "delivery handled order.order_confirmed") &&
               anyLine(found, prefix("notification"), "notification handled order.order_confirmed");
    };
    const bool complete = eventually(wholePath, std::chrono::seconds(30));
    for (const auto& [name, lines] : found) {
        for (const auto& line : lines) {
            UNSCOPED_INFO(name << ": " << line);
        }
    }
    CHECK(complete);
    // Every line of the path names the client's trace, and the consumers' name the order.
    for (const auto& [name, lines] : found) {
        for (const auto& line : lines) {
            CAPTURE(name, line);
            CHECK(line.find(traceId) != std::string::npos);
            if (line.find(" handled ") != std::string::npos) {
                CHECK(line.find("order_id=" + orderId) != std::string::npos);
                CHECK(line.find("event_id=") != std::string::npos);
            }
        }
    }
    if (!logFile.empty()) {
        fs::remove(logFile);
    }
}
