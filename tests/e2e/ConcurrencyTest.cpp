// Many orders at once against one position and one balance: the stock and the money come out
// exactly right, never negative, and nothing is created or lost on the way.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <latch>
#include <map>
#include <set>
#include <thread>

using namespace lotok::test;

namespace {

struct Outcome {
    int status = 0;
    std::string code;
    std::int64_t orderId = 0;
    std::int64_t total = 0; // of a confirmed order
};

Outcome outcomeOf(const lotok::http::HttpResponse& response) {
    Outcome outcome;
    outcome.status = response.status;
    const auto body = response.json();
    if (response.status == 201) {
        outcome.orderId = body.at("id").get<std::int64_t>();
        outcome.total = body.at("total").get<std::int64_t>();
    } else {
        outcome.code = errorCode(response);
        if (body.is_object() && body.contains("error") && body["error"].contains("order_id")) {
            outcome.orderId = body["error"]["order_id"].get<std::int64_t>();
        }
    }
    return outcome;
}

nlohmann::json orderOf(std::int64_t positionId, std::int64_t count) {
    return {{"items", {{{"position_id", positionId}, {"count", count}}}}};
}

// Runs `work(i)` for i in [0, n) on n threads released together; returns the outcomes in order.
template <typename Work> std::vector<Outcome> inParallel(int n, Work work) {
    std::vector<Outcome> outcomes(static_cast<std::size_t>(n));
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            try {
                outcomes[static_cast<std::size_t>(i)] = outcomeOf(work(i));
            } catch (const std::exception& error) {
                outcomes[static_cast<std::size_t>(i)].status = -1;
                outcomes[static_cast<std::size_t>(i)].code = error.what();
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return outcomes;
}

// Samples a value on its own thread until stopped; remembers the smallest seen.
class Watcher {
public:
    template <typename Sample> explicit Watcher(Sample sample) {
        m_thread = std::thread([this, sample] {
            while (!m_stop) {
                try {
                    const auto value = sample();
                    std::int64_t seen = m_min.load();
                    while (value < seen && !m_min.compare_exchange_weak(seen, value)) {
                    }
                    ++m_samples;
                } catch (const std::exception&) {
                    ++m_failures;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    ~Watcher() { stop(); }
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    std::int64_t min() const { return m_min; }
    int samples() const { return m_samples; }
    int failures() const { return m_failures; }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<std::int64_t> m_min{INT64_MAX};
    std::atomic<int> m_samples{0};
    std::atomic<int> m_failures{0};
    std::thread m_thread;
};

// Money: every kopeck in these users' balances came in by a top-up and left by an unrefunded
// payment. One statement, so one snapshot: on the cluster other suites' customers are paying
// at the same time, and only this test's customers are counted.
void checkMoneyConserved(lotok::db::Connection& billing, const std::vector<std::int64_t>& users) {
    const auto ids = idArray(users);
    CHECK(scalar(billing,
                 "SELECT (SELECT coalesce(sum(amount), 0) FROM billing.topups WHERE user_id = "
                 "ANY($1::bigint[])) - (SELECT coalesce(sum(amount), 0) FROM billing.payments "
                 "WHERE refunded_at IS NULL AND user_id = ANY($1::bigint[])) - (SELECT "
                 "coalesce(sum(balance), 0) FROM billing.accounts WHERE user_id = "
                 "ANY($1::bigint[]))",
                 {ids}) == 0);
    CHECK(scalar(billing,
                 "SELECT count(*) FROM billing.accounts WHERE balance < 0 AND user_id = "
                 "ANY($1::bigint[])",
                 {ids}) == 0);
    // And each balance is its statement's sum, line by line, however the payments raced.
    CHECK(ledgerMismatches(billing, ids) == 0);
}

// Goods: what the position started with is available, sold or (briefly) reserved.
void checkGoodsConserved(lotok::db::Connection& db, std::int64_t positionId, std::int64_t initial) {
    const auto sql = [&](const std::string& status) {
        return scalar(db,
                      "SELECT sum(count)::bigint FROM stock.reservations WHERE position_id = $1 "
                      "AND status = '" +
                          status + "'",
                      {positionId});
    };
    // Reservations of confirmed orders turn into sales when the event arrives.
    CHECK(eventually([&] { return sql("reserved") == 0; }));
    const auto available =
        scalar(db, "SELECT count FROM stock.positions WHERE id = $1", {positionId});
    CHECK(available >= 0);
    CHECK(initial == available + sql("sold") + sql("reserved"));
}

} // namespace

// Both run on the single process and on the cluster through its gateway: each reads the
// tables of the service that owns them, from that service's database, and counts only what
// the test itself made.
TEST_CASE("100 parallel orders for 10 units: exactly 10 confirmed, stock never negative") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    lotok::db::Connection orders(server.databaseUrl("order"));
    lotok::db::Connection billing(server.databaseUrl("billing"));
    lotok::db::Connection stockDb(server.databaseUrl("stock"));

    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto position = client.createPosition(staff, uniqueName("Tea"), 100, 10);

    // Four customers, each with money for every order they could place.
    std::vector<User> customers;
    for (int i = 0; i < 4; ++i) {
        customers.push_back(client.registerCustomer("conc"));
        client.topUp(customers.back(), 100 * 100);
    }

    Watcher stock([&] { return client.count(position); });
    const auto outcomes = inParallel(100, [&](int i) {
        return client.post("/api/v1/order", orderOf(position, 1),
                           customers[static_cast<std::size_t>(i) % customers.size()].token);
    });
    stock.stop();

    int confirmed = 0;
    int rejected = 0;
    std::set<std::int64_t> orderIds;
    for (const auto& outcome : outcomes) {
        INFO("status " << outcome.status << " " << outcome.code);
        CHECK((outcome.status == 201 ||
               (outcome.status == 409 && outcome.code == "insufficient_stock")));
        confirmed += outcome.status == 201;
        rejected += outcome.status == 409;
        CHECK(outcome.orderId > 0);
        orderIds.insert(outcome.orderId);
    }
    CHECK(confirmed == 10);
    CHECK(rejected == 90);
    CHECK(orderIds.size() == 100); // every request made its own order

    CHECK(client.count(position) == 0);
    CHECK(stock.samples() > 0);
    CHECK(stock.min() >= 0);

    // The databases agree with what the clients were told.
    std::vector<std::int64_t> users;
    for (const auto& customer : customers) {
        users.push_back(customer.id);
    }
    const auto userIds = idArray(users);
    const auto ordersWith = [&](const std::string& condition) {
        return scalar(orders,
                      "SELECT count(*) FROM orders.orders WHERE user_id = ANY($1::bigint[]) AND " +
                          condition,
                      {userIds});
    };
    CHECK(ordersWith("status = 'confirmed'") == 10);
    CHECK(ordersWith("status = 'rejected' AND reason = 'insufficient_stock'") == 90);
    CHECK(ordersWith("status = 'pending'") == 0);
    // Only confirmed orders paid, each once, for its total.
    CHECK(scalar(billing,
                 "SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL AND user_id = "
                 "ANY($1::bigint[])",
                 {userIds}) == 10);
    CHECK(scalar(billing,
                 "SELECT sum(amount)::bigint FROM billing.payments WHERE refunded_at IS NULL AND "
                 "user_id = ANY($1::bigint[])",
                 {userIds}) == 10 * 100);
    std::int64_t balances = 0;
    for (const auto& customer : customers) {
        balances += client.balance(customer);
    }
    CHECK(balances == 4 * 100 * 100 - 10 * 100);
    checkMoneyConserved(billing, users);
    checkGoodsConserved(stockDb, position, 10);
}

TEST_CASE("parallel orders against one balance: never below zero, payments equal money taken") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    lotok::db::Connection orders(server.databaseUrl("order"));
    lotok::db::Connection billing(server.databaseUrl("billing"));
    lotok::db::Connection stockDb(server.databaseUrl("stock"));

    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    // Plenty of goods: only the money can run out.
    const auto position = client.createPosition(staff, uniqueName("Coffee"), 1000, 10000);
    const auto customer = client.registerCustomer("wallet");
    const std::int64_t initialBalance = 25500;
    client.topUp(customer, initialBalance);
    // A bystander whose money must not move.
    const auto bystander = client.registerCustomer("bystander");
    client.topUp(bystander, 7700);

    Watcher balance([&] { return client.balance(customer); });
    // Orders of 1, 2 or 3 units (1000..3000): 120 of them ask for far more than the balance.
    const auto outcomes = inParallel(120, [&](int i) {
        return client.post("/api/v1/order", orderOf(position, 1 + i % 3), customer.token);
    });
    balance.stop();

    std::int64_t taken = 0;
    std::set<std::int64_t> confirmedIds;
    std::set<std::int64_t> rejectedIds;
    for (const auto& outcome : outcomes) {
        INFO("status " << outcome.status << " " << outcome.code);
        CHECK((outcome.status == 201 ||
               (outcome.status == 402 && outcome.code == "insufficient_funds")));
        REQUIRE(outcome.orderId > 0);
        if (outcome.status == 201) {
            taken += outcome.total;
            confirmedIds.insert(outcome.orderId);
        } else {
            rejectedIds.insert(outcome.orderId);
        }
    }
    CHECK(!confirmedIds.empty());
    CHECK(!rejectedIds.empty());
    CHECK(taken <= initialBalance);

    const auto finalBalance = client.balance(customer);
    CHECK(finalBalance >= 0);
    CHECK(finalBalance == initialBalance - taken);
    // Whatever was left could not pay for the smallest order, or some order was refused
    // while a larger one got through: either way, no order was refused with money to spare
    // for it at the end.
    CHECK(finalBalance < 3000);
    CHECK(balance.samples() > 0);
    CHECK(balance.min() >= 0);
    CHECK(client.balance(bystander) == 7700);

    // Payments: exactly one per confirmed order, for its total; none for a rejected one.
    CHECK(scalar(billing,
                 "SELECT sum(amount)::bigint FROM billing.payments WHERE refunded_at IS NULL AND "
                 "user_id = $1",
                 {customer.id}) == taken);
    for (auto id : confirmedIds) {
        INFO("confirmed order " << id);
        const auto total = scalar(
            orders, "SELECT total FROM orders.orders WHERE id = $1 AND status = 'confirmed'", {id});
        CHECK(total > 0);
        CHECK(scalar(billing,
                     "SELECT count(*) FROM billing.payments WHERE order_id = $1 AND refunded_at IS "
                     "NULL AND amount = $2",
                     {id, total}) == 1);
    }
    for (auto id : rejectedIds) {
        INFO("rejected order " << id);
        CHECK(scalar(billing,
                     "SELECT count(*) FROM billing.payments WHERE order_id = $1 AND refunded_at "
                     "IS NULL",
                     {id}) == 0);
        CHECK(scalar(orders,
                     "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = 'rejected' "
                     "AND reason = 'insufficient_funds'",
                     {id}) == 1);
    }
    CHECK(scalar(orders,
                 "SELECT count(*) FROM orders.orders WHERE status = 'pending' AND user_id = $1",
                 {customer.id}) == 0);
    checkMoneyConserved(billing, {customer.id, bystander.id});

    // The goods of every rejected order went back; only the confirmed ones are gone.
    std::int64_t unitsSold = 0;
    for (const auto& outcome : outcomes) {
        if (outcome.status == 201) {
            unitsSold += outcome.total / 1000;
        }
    }
    CHECK(eventually([&] { return client.count(position) == 10000 - unitsSold; }));
    checkGoodsConserved(stockDb, position, 10000);
}

TEST_CASE("cancel and mark sent at once, for many orders: exactly one wins each, sums conserved") {
    LotokdProcess server;
    TestClient client(server.publicUrl());
    lotok::db::Connection orders(server.databaseUrl("order"));
    lotok::db::Connection billing(server.databaseUrl("billing"));
    lotok::db::Connection stockDb(server.databaseUrl("stock"));

    const auto staffLogin = uniqueName("staff");
    const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
    const auto position = client.createPosition(staff, uniqueName("Jam"), 500, 1000);
    const auto customer = client.registerCustomer("race");
    const std::int64_t initialBalance = 100000;
    client.topUp(customer, initialBalance);

    // Half the orders race a delivery that exists already, half one that may not exist yet
    // (the confirmation still on its way: then "mark sent" is 404 or loses, never both win).
    constexpr int kOrders = 40;
    std::vector<std::int64_t> ids;
    std::map<std::int64_t, std::int64_t> units;
    for (int i = 0; i < kOrders; ++i) {
        const auto placed =
            client.post("/api/v1/order", orderOf(position, 1 + i % 3), customer.token);
        REQUIRE(placed.status == 201);
        ids.push_back(placed.json()["id"].get<std::int64_t>());
        units[ids.back()] = 1 + i % 3;
    }
    const auto deliveryExists = [&](std::int64_t id) {
        return client.get("/api/v1/order/" + std::to_string(id) + "/delivery", customer.token)
                   .status == 200;
    };
    for (int i = 0; i < kOrders / 2; ++i) {
        REQUIRE(eventually([&] { return deliveryExists(ids[static_cast<std::size_t>(i)]); }));
    }

    // Both requests for every order, all released together.
    const auto outcomes = inParallel(2 * kOrders, [&](int i) {
        const auto id = ids[static_cast<std::size_t>(i / 2)];
        if (i % 2 == 0) {
            return client.post("/api/v1/order/" + std::to_string(id) + "/cancel",
                               nlohmann::json::object(), customer.token);
        }
        return client.post("/api/v1/order/sent", {{"order_id", id}}, staff.token);
    });

    std::set<std::int64_t> cancelledIds;
    std::int64_t keptTotal = 0;
    std::int64_t keptUnits = 0;
    for (int i = 0; i < kOrders; ++i) {
        const auto id = ids[static_cast<std::size_t>(i)];
        const auto& cancel = outcomes[static_cast<std::size_t>(2 * i)];
        const auto& sent = outcomes[static_cast<std::size_t>(2 * i + 1)];
        INFO("order " << id << ": cancel " << cancel.status << " " << cancel.code << ", sent "
                      << sent.status << " " << sent.code);
        // Exactly one of the two won.
        CHECK(((cancel.status == 200) != (sent.status == 200)));
        if (cancel.status == 200) {
            cancelledIds.insert(id);
            // Sent lost: its delivery was cancelled, or did not exist yet.
            CHECK(
                ((sent.status == 409 && sent.code == "invalid_transition") || sent.status == 404));
        } else {
            CHECK(cancel.status == 409);
            CHECK(cancel.code == "invalid_transition");
            keptTotal += units[id] * 500;
            keptUnits += units[id];
        }
    }
    CHECK(!cancelledIds.empty());
    WARN(cancelledIds.size() << " of " << kOrders << " cancelled, the others sent");

    // The databases agree: cancelled orders refunded and their goods returned, the others
    // paid and sold.
    for (const auto id : ids) {
        INFO("order " << id);
        const bool cancelled = cancelledIds.count(id) == 1;
        CHECK(scalar(orders, "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = $2",
                     {id, std::string(cancelled ? "cancelled" : "confirmed")}) == 1);
        CHECK(eventually([&] {
            return scalar(billing,
                          "SELECT count(*) FROM billing.payments WHERE order_id = $1 AND "
                          "(refunded_at IS NOT NULL) = $2",
                          {id, cancelled}) == 1;
        }));
        CHECK(eventually([&] {
            return scalar(stockDb,
                          "SELECT count(*) FROM stock.reservations WHERE order_id = $1 AND "
                          "status = $2",
                          {id, std::string(cancelled ? "returned" : "sold")}) == 1;
        }));
    }
    CHECK(scalar(orders,
                 "SELECT count(*) FROM orders.cancellations WHERE state = 'requested' AND "
                 "order_id = ANY($1::bigint[])",
                 {idArray(ids)}) == 0);
    CHECK(eventually([&] { return client.balance(customer) == initialBalance - keptTotal; }));
    CHECK(eventually([&] { return client.count(position) == 1000 - keptUnits; }));
    checkMoneyConserved(billing, {customer.id});
    checkGoodsConserved(stockDb, position, 1000);
}
