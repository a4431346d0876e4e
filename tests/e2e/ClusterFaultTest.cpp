// Faults under load on the split deployment (issue 12): customers order and staff ship through
// the nginx gateway while every kind of service process, replicas and singletons, and one
// JetStream node are SIGKILLed in turn and brought back by `scripts/cluster.sh up` (what a
// supervisor does). Clients retry with the same Idempotency-Key, as a real client would.
// Afterwards, read from each service's own database: money and goods conserved, no order
// pending, every order decided once and as its customer was told, each confirmed order one
// delivery and one notification per step, each event's effect exactly once.
//
// The test brings up a cluster of its own (/tmp/lotok-test-<build hash>-cluster-faults), since it kills its
// processes; CTest runs it alone (RUN_SERIAL), as two clusters side by side would only
// measure the two cores.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"
#include "util/Crypto.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sys/wait.h>
#include <thread>

using namespace lotok::test;
using namespace std::chrono_literals;

namespace {

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

// Runs scripts/cluster.sh with `args`, `input` on its stdin; returns its stdout. Throws when it
// fails: a cluster that cannot come (back) up fails the test there.
std::string cluster(const std::string& args, const std::string& input = {}) {
    // The lotokd under test, its warnings only: the script's defaults are for a developer.
    const auto command = std::string("LOTOKD='") + LOTOKD_PATH +
                         "' LOTOK_CLUSTER_LOG_LEVEL=warn '" LOTOK_CLUSTER_SCRIPT "' " + args;
    std::string out;
    if (input.empty()) {
        FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe);
        char buffer[4096];
        while (const auto n = fread(buffer, 1, sizeof buffer, pipe)) {
            out.append(buffer, n);
        }
        const int status = pclose(pipe);
        if (status != 0) {
            throw std::runtime_error("cluster.sh " + args + " failed (" + std::to_string(status) +
                                     ")");
        }
        return out;
    }
    FILE* pipe = popen(command.c_str(), "w");
    REQUIRE(pipe);
    fwrite(input.data(), 1, input.size(), pipe);
    if (pclose(pipe) != 0) {
        throw std::runtime_error("cluster.sh " + args + " failed");
    }
    return out;
}

// Where a process's outbox relay is (gdb's backtrace of the threads in Outbox code), for the
// message of an outbox that does not drain.
std::string relayStack(pid_t pid, const std::filesystem::path& saveTo) {
    const auto command =
        "gdb -p " + std::to_string(pid) + " -batch -ex 'thread apply all bt 30' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        return "(no gdb)";
    }
    std::string out;
    char buffer[4096];
    while (const auto n = fread(buffer, 1, sizeof buffer, pipe)) {
        out.append(buffer, n);
    }
    pclose(pipe);
    std::ofstream(saveTo) << out;
    std::string relevant;
    std::size_t at = 0;
    while ((at = out.find("\nThread ", at)) != std::string::npos) {
        const auto end = out.find("\nThread ", at + 1);
        const auto thread = out.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (thread.find("Outbox::") != std::string::npos) {
            relevant += thread;
        }
        at = end == std::string::npos ? out.size() : end;
    }
    return (relevant.empty() ? std::string("(no thread in Outbox code)")
                             : relevant.substr(0, 8000)) +
           "\n(all threads: " + saveTo.string() + ")";
}

// The cluster of this test: up when constructed, down when destroyed, whatever happened.
class Cluster {
public:
    Cluster() : m_dir(LOTOK_FAULT_CLUSTER_DIR) {
        try {
            cluster("down '" + m_dir + "' >/dev/null 2>&1");
        } catch (const std::exception&) {
            // nothing was running
        }
        std::filesystem::remove_all(m_dir);
        const auto line = up();
        const auto at = line.find("http://");
        REQUIRE(at != std::string::npos);
        m_gateway = line.substr(at, line.find_first_of("\r\n", at) - at);
    }
    ~Cluster() {
        try {
            cluster("down '" + m_dir + "' >/dev/null 2>&1");
        } catch (const std::exception&) {
        }
    }
    std::string up() { return cluster("up '" + m_dir + "'"); }
    const std::string& gateway() const { return m_gateway; }
    std::string databaseUrl(const std::string& service) const {
        return readFile(std::filesystem::path(m_dir) / "pg" / (service + ".url"));
    }
    pid_t pid(const std::string& name) const {
        return static_cast<pid_t>(
            std::stol(readFile(std::filesystem::path(m_dir) / "pids" / (name + ".pid"))));
    }
    // The last lines of one process's log, for a failure's message.
    std::string logTail(const std::string& name) const {
        const auto text = readFile(std::filesystem::path(m_dir) / "logs" / (name + ".log"));
        return text.substr(text.size() > 4000 ? text.size() - 4000 : 0);
    }
    std::string addStaff(const std::string& login) {
        const auto password = lotok::util::randomToken(18);
        cluster("staff-add '" + m_dir + "' " + login + " >/dev/null", password + "\n");
        return password;
    }

private:
    std::string m_dir;
    std::string m_gateway;
};

// What a customer was finally told about one order.
struct Decided {
    std::int64_t orderId = 0;
    bool confirmed = false;
    std::int64_t positionId = 0;
    std::int64_t units = 0;
    std::int64_t total = 0;
};

// Shared between the customers, staff and the checks.
struct Ledger {
    std::mutex mutex;
    std::vector<Decided> decided;
    std::deque<std::int64_t> toShip;
    std::vector<std::string> problems; // answers no client should ever get
    std::atomic<int> retries{0};

    void problem(std::string text) {
        std::lock_guard lock(mutex);
        if (problems.size() < 20) {
            problems.push_back(std::move(text));
        }
    }
};

// An answer a client retries: the gateway or a service without what it needs for a moment.
bool transient(int status) {
    return status == 502 || status == 503 || status == 504 || status == 500;
}

// One order, retried with its key until it is decided, as a real client would.
void placeOrder(TestClient& client, const User& customer, std::int64_t positionId,
                std::int64_t units, Ledger& ledger, const std::atomic<bool>& giveUp) {
    const nlohmann::json body = {{"items", {{{"position_id", positionId}, {"count", units}}}}};
    const auto key = lotok::util::uuid4();
    while (!giveUp) {
        try {
            const auto response =
                client.post("/api/v1/order", body, customer.token, {{"Idempotency-Key", key}});
            if (response.status == 201 || response.status == 402 || response.status == 409) {
                const auto json = response.json();
                Decided decided{0, response.status == 201, positionId, units, 0};
                if (decided.confirmed) {
                    decided.orderId = json.at("id").get<std::int64_t>();
                    decided.total = json.at("total").get<std::int64_t>();
                } else {
                    decided.orderId = json.at("error").at("order_id").get<std::int64_t>();
                }
                std::lock_guard lock(ledger.mutex);
                ledger.decided.push_back(decided);
                if (decided.confirmed) {
                    ledger.toShip.push_back(decided.orderId);
                }
                return;
            }
            if (!transient(response.status)) {
                ledger.problem("order: " + std::to_string(response.status) + " " + response.body);
                return;
            }
        } catch (const std::exception&) {
            // no answer (a process or the gateway's upstream went away): the same key again
        }
        ++ledger.retries;
        std::this_thread::sleep_for(200ms);
    }
    ledger.problem("an order never decided (key " + key + ")");
}

// Staff moves a delivery on: sent, then received. 404 is a delivery not made yet (its event is
// on the way); 409 on a retry is the step already done by the try whose answer was lost.
bool ship(TestClient& client, const User& staff, std::int64_t orderId, Ledger& ledger,
          const std::atomic<bool>& giveUp) {
    for (const char* step : {"/api/v1/order/sent", "/api/v1/order/received"}) {
        bool tried = false;
        while (true) {
            if (giveUp) {
                return false;
            }
            try {
                const auto response = client.post(step, {{"order_id", orderId}}, staff.token);
                if (response.status == 200 || (response.status == 409 && tried)) {
                    break;
                }
                if (response.status != 404 && !transient(response.status)) {
                    ledger.problem(std::string(step) + ": " + std::to_string(response.status) +
                                   " " + response.body);
                    return false;
                }
                if (transient(response.status)) {
                    tried = true; // it may have been done, its answer lost
                }
            } catch (const std::exception&) {
                tried = true;
            }
            std::this_thread::sleep_for(200ms);
        }
    }
    return true;
}

} // namespace

TEST_CASE("faults under load on the cluster: each process kind and a JetStream node killed, "
          "nothing lost or doubled",
          "[cluster][faults]") {
    Cluster shop;
    TestClient setup(shop.gateway());
    const auto staffLogin = uniqueName("faults");
    const auto staff = setup.login(staffLogin, shop.addStaff(staffLogin));
    // Plenty of tea; a little coffee, so some orders are refused for want of goods; customers
    // whose money runs out, so some are refused for want of money.
    const std::int64_t teaStock = 100000;
    const std::int64_t coffeeStock = 40;
    const auto tea = setup.createPosition(staff, "Tea " + staffLogin, 300, teaStock);
    const auto coffee = setup.createPosition(staff, "Coffee " + staffLogin, 500, coffeeStock);
    constexpr int kCustomers = 6;
    std::vector<User> customers;
    for (int i = 0; i < kCustomers; ++i) {
        customers.push_back(setup.registerCustomer("fault"));
        setup.topUp(customers.back(), 30000);
    }

    Ledger ledger;
    std::atomic<bool> stopOrdering{false};
    std::atomic<bool> giveUp{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kCustomers; ++i) {
        threads.emplace_back([&, i] {
            TestClient client(shop.gateway());
            const auto& customer = customers[static_cast<std::size_t>(i)];
            for (int n = 0; !stopOrdering && !giveUp; ++n) {
                const bool wantsCoffee = n % 4 == 3;
                placeOrder(client, customer, wantsCoffee ? coffee : tea, 1 + n % 3, ledger, giveUp);
            }
        });
    }
    std::atomic<bool> stopShipping{false};
    std::atomic<int> shipped{0};
    std::atomic<bool> shipperDone{false};
    std::thread shipper([&] {
        struct Done {
            std::atomic<bool>& done;
            ~Done() { done = true; }
        } done{shipperDone};
        TestClient client(shop.gateway());
        while (!giveUp) {
            std::int64_t next = 0;
            {
                std::lock_guard lock(ledger.mutex);
                if (!ledger.toShip.empty()) {
                    next = ledger.toShip.front();
                    ledger.toShip.pop_front();
                }
            }
            if (next == 0) {
                if (stopShipping) {
                    return;
                }
                std::this_thread::sleep_for(50ms);
                continue;
            }
            if (ship(client, staff, next, ledger, giveUp)) {
                ++shipped;
            }
        }
    });

    // Every kind of service process in turn, replicas and singletons, then a JetStream node:
    // killed under load, then brought back by `up` as a supervisor would.
    const std::vector<std::string> victims = {
        "order-1",        "stock-1", "billing-1", "order-2",        "delivery-1",
        "notification-1", "user-1",  "auth-1",    "notification-2", "nats-2"};
    std::this_thread::sleep_for(2s);
    for (const auto& victim : victims) {
        const auto decidedBefore = [&] {
            std::lock_guard lock(ledger.mutex);
            return ledger.decided.size();
        }();
        const auto pid = shop.pid(victim);
        INFO("killing " << victim << " (pid " << pid << ")");
        REQUIRE(::kill(pid, SIGKILL) == 0);
        std::this_thread::sleep_for(1500ms);
        shop.up();
        CHECK(shop.pid(victim) != pid);
        // Back in service: orders are decided again before the next fault.
        CHECK(eventually(
            [&] {
                std::lock_guard lock(ledger.mutex);
                return ledger.decided.size() > decidedBefore + 3;
            },
            60s));
    }
    std::this_thread::sleep_for(2s);
    stopOrdering = true;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kCustomers); ++i) {
        threads[i].join();
    }
    stopShipping = true;
    // The shipper finishes what was confirmed, with time for events the faults delayed; past
    // that, whatever is still stuck is a defect, reported below rather than waited for.
    const auto shipDeadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < shipDeadline) {
        if (shipperDone) {
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    giveUp = std::chrono::steady_clock::now() >= shipDeadline;
    shipper.join();
    giveUp = true;

    INFO("retries " << ledger.retries << ", problems: " << ledger.problems.size());
    for (const auto& problem : ledger.problems) {
        UNSCOPED_INFO(problem);
    }
    REQUIRE(ledger.problems.empty());
    std::set<std::int64_t> confirmed;
    std::set<std::int64_t> rejected;
    std::map<std::int64_t, std::int64_t> unitsSold; // by position
    std::map<std::int64_t, std::int64_t> totals;    // by confirmed order
    for (const auto& decided : ledger.decided) {
        (decided.confirmed ? confirmed : rejected).insert(decided.orderId);
        if (decided.confirmed) {
            unitsSold[decided.positionId] += decided.units;
            totals[decided.orderId] = decided.total;
        }
    }
    // For the notes (ctest -V): how much went through the faults.
    std::cout << "faults: " << victims.size() << " processes killed; " << confirmed.size()
              << " orders confirmed, " << rejected.size() << " rejected, " << shipped
              << " shipped; " << ledger.retries << " client retries" << std::endl;
    CHECK(confirmed.size() + rejected.size() == ledger.decided.size()); // no id told twice
    CHECK(confirmed.size() > 20);
    CHECK(!rejected.empty());
    CHECK(static_cast<std::size_t>(shipped.load()) == confirmed.size());

    std::vector<std::int64_t> users;
    for (const auto& customer : customers) {
        users.push_back(customer.id);
    }
    const auto userIds = idArray(users);
    lotok::db::Connection orders(shop.databaseUrl("order"));
    lotok::db::Connection stock(shop.databaseUrl("stock"));
    lotok::db::Connection billing(shop.databaseUrl("billing"));
    lotok::db::Connection delivery(shop.databaseUrl("delivery"));
    lotok::db::Connection notification(shop.databaseUrl("notification"));

    // Orders: every one the customers were told of, once, as they were told; none pending,
    // none that a retry made twice.
    CHECK(scalar(orders, "SELECT count(*) FROM orders.orders WHERE user_id = ANY($1::bigint[])",
                 {userIds}) == static_cast<std::int64_t>(ledger.decided.size()));
    CHECK(scalar(orders,
                 "SELECT count(*) FROM orders.orders WHERE user_id = ANY($1::bigint[]) AND "
                 "status = 'confirmed' AND id = ANY($2::bigint[])",
                 {userIds, idArray(confirmed)}) == static_cast<std::int64_t>(confirmed.size()));
    CHECK(scalar(orders,
                 "SELECT count(*) FROM orders.orders WHERE user_id = ANY($1::bigint[]) AND "
                 "status = 'rejected' AND id = ANY($2::bigint[])",
                 {userIds, idArray(rejected)}) == static_cast<std::int64_t>(rejected.size()));

    // Money: one payment per confirmed order, for its total; none kept for a rejected one; what
    // came in is what is held plus what was paid.
    CHECK(scalar(billing,
                 "SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL AND order_id = "
                 "ANY($1::bigint[])",
                 {idArray(rejected)}) == 0);
    std::int64_t paidTotal = 0;
    for (const auto& [orderId, total] : totals) {
        paidTotal += total;
    }
    CHECK(scalar(billing,
                 "SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL AND user_id = "
                 "ANY($1::bigint[])",
                 {userIds}) == static_cast<std::int64_t>(confirmed.size()));
    CHECK(scalar(billing,
                 "SELECT coalesce(sum(amount), 0)::bigint FROM billing.payments WHERE refunded_at "
                 "IS NULL AND user_id = ANY($1::bigint[])",
                 {userIds}) == paidTotal);
    CHECK(scalar(billing,
                 "SELECT (SELECT coalesce(sum(amount), 0) FROM billing.topups WHERE user_id = "
                 "ANY($1::bigint[])) - (SELECT coalesce(sum(balance), 0) FROM billing.accounts "
                 "WHERE user_id = ANY($1::bigint[]))",
                 {userIds}) == paidTotal);
    CHECK(scalar(billing,
                 "SELECT count(*) FROM billing.accounts WHERE balance < 0 AND user_id = "
                 "ANY($1::bigint[])",
                 {userIds}) == 0);
    CHECK(ledgerMismatches(billing, userIds) == 0);

    // Goods: nothing left reserved; what each position started with is in stock or sold, and
    // sold is what the confirmed orders bought.
    CHECK(eventually(
        [&] {
            return scalar(stock,
                          "SELECT count(*) FROM stock.reservations WHERE status = 'reserved' AND "
                          "position_id = ANY($1::bigint[])",
                          {idArray(std::vector<std::int64_t>{tea, coffee})}) == 0;
        },
        60s));
    for (const auto& [position, initial] : std::vector<std::pair<std::int64_t, std::int64_t>>{
             {tea, teaStock}, {coffee, coffeeStock}}) {
        INFO("position " << position);
        const auto available =
            scalar(stock, "SELECT count FROM stock.positions WHERE id = $1", {position});
        const auto sold = scalar(stock,
                                 "SELECT coalesce(sum(count), 0)::bigint FROM stock.reservations "
                                 "WHERE position_id = $1 AND status = 'sold'",
                                 {position});
        CHECK(available >= 0);
        CHECK(sold == unitsSold[position]);
        CHECK(available + sold == initial);
    }

    // Deliveries: one per confirmed order, received; none for a rejected one.
    CHECK(scalar(delivery,
                 "SELECT count(*) FROM delivery.deliveries WHERE order_id = ANY($1::bigint[]) AND "
                 "status = 'received'",
                 {idArray(confirmed)}) == static_cast<std::int64_t>(confirmed.size()));
    CHECK(scalar(delivery,
                 "SELECT count(*) FROM delivery.deliveries WHERE order_id = ANY($1::bigint[])",
                 {idArray(rejected)}) == 0);

    // Notifications: each event's effect exactly once — one per step of each confirmed order,
    // one per rejection (the last ones may still be on their way).
    const auto notificationsOf = [&](const std::string& type, const std::set<std::int64_t>& ids) {
        return scalar(notification,
                      "SELECT count(*) FROM notification.notifications WHERE type = $1 AND "
                      "order_id = ANY($2::bigint[])",
                      {type, idArray(ids)});
    };
    const auto expected = static_cast<std::int64_t>(confirmed.size());
    CHECK(eventually(
        [&] {
            return notificationsOf("order_delivered", confirmed) == expected &&
                   notificationsOf("order_rejected", rejected) ==
                       static_cast<std::int64_t>(rejected.size());
        },
        60s));
    CHECK(notificationsOf("order_ready_for_delivery", confirmed) == expected);
    CHECK(notificationsOf("order_sent", confirmed) == expected);
    CHECK(notificationsOf("order_delivered", confirmed) == expected);
    CHECK(notificationsOf("order_rejected", rejected) ==
          static_cast<std::int64_t>(rejected.size()));
    CHECK(scalar(notification,
                 "SELECT count(*) FROM (SELECT order_id, type FROM notification.notifications "
                 "WHERE user_id = ANY($1::bigint[]) GROUP BY order_id, type HAVING count(*) > 1) "
                 "doubled",
                 {userIds}) == 0);

    // Nothing left behind in any outbox.
    for (const auto& [service, schema] :
         std::vector<std::pair<std::string, std::string>>{{"order", "orders"},
                                                          {"stock", "stock"},
                                                          {"billing", "billing"},
                                                          {"delivery", "delivery"},
                                                          {"user", "users"},
                                                          {"auth", "auth"}}) {
        INFO("outbox of " << service);
        lotok::db::Connection db(shop.databaseUrl(service));
        if (scalar(db,
                   "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = "
                   "'outbox'",
                   {schema}) == 0) {
            continue;
        }
        const bool drained = eventually(
            [&] {
                return scalar(db, "SELECT count(*) FROM " + schema +
                                      ".outbox WHERE published_at IS NULL") == 0;
            },
            60s);
        if (!drained) {
            // What the relay says about what it holds back, and what the process logged.
            const auto rows =
                db.exec("SELECT id, type, attempts, COALESCE(last_error, ''), "
                        "round(extract(epoch FROM next_attempt_at - now()))::text "
                        "FROM " +
                        schema + ".outbox WHERE published_at IS NULL ORDER BY id LIMIT 10");
            for (int r = 0; r < rows.rows(); ++r) {
                UNSCOPED_INFO("unpublished " << rows.string(r, 0) << " " << rows.string(r, 1)
                                             << " attempts " << rows.string(r, 2) << " due in "
                                             << rows.string(r, 4) << " s: " << rows.string(r, 3));
            }
            // Is the relay moving (rows published, updates counted), and who runs it.
            for (int look = 0; look < 2; ++look) {
                const auto progress = db.exec(
                    "SELECT (SELECT count(*) FROM " + schema +
                        ".outbox WHERE published_at IS NULL)::text, (SELECT max(id) FROM " +
                        schema +
                        ".outbox)::text, (SELECT n_tup_upd FROM pg_stat_user_tables WHERE "
                        "schemaname = $1 AND relname = 'outbox')::text, (SELECT count(*) FROM " +
                        schema + ".outbox WHERE published_at > now() - interval '2 seconds')::text",
                    {schema});
                UNSCOPED_INFO("unpublished " << progress.string(0, 0) << ", max id "
                                             << progress.string(0, 1) << ", updates "
                                             << progress.string(0, 2) << ", published in 2 s "
                                             << progress.string(0, 3));
                std::this_thread::sleep_for(2s);
            }
            UNSCOPED_INFO("processes: " << [&] {
                std::string out;
                FILE* pipe = popen(
                    "pgrep -af '[l]otokd serve' | grep -F '/conf/' | sed 's/.*conf\\///'", "r");
                char buffer[4096];
                while (pipe && fgets(buffer, sizeof buffer, pipe)) {
                    out += buffer;
                }
                if (pipe) {
                    pclose(pipe);
                }
                return out;
            }());
            // Who holds what in its database: a relay waiting on a lock names the holder.
            const auto sessions =
                db.exec("SELECT pid::text, COALESCE(state, ''), COALESCE(wait_event_type || ':' || "
                        "wait_event, ''), COALESCE(pg_blocking_pids(pid)::text, ''), "
                        "COALESCE(round(extract(epoch FROM now() - xact_start))::text, ''), "
                        "COALESCE(round(extract(epoch FROM now() - backend_start))::text, ''), "
                        "left(COALESCE(query, ''), 160) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND pid <> pg_backend_pid()");
            for (int r = 0; r < sessions.rows(); ++r) {
                UNSCOPED_INFO("session "
                              << sessions.string(r, 0) << " " << sessions.string(r, 1) << " wait "
                              << sessions.string(r, 2) << " blocked by " << sessions.string(r, 3)
                              << " xact " << sessions.string(r, 4) << " s, backend "
                              << sessions.string(r, 5) << " s: " << sessions.string(r, 6));
            }
            UNSCOPED_INFO("log of " << service << "-1: " << shop.logTail(service + "-1"));
            UNSCOPED_INFO("its relay's thread: "
                          << relayStack(shop.pid(service + "-1"),
                                        std::filesystem::path(LOTOK_FAULT_CLUSTER_DIR) /
                                            ("stack-" + service + "-1.txt")));
        }
        CHECK(drained);
    }
}
