// SIGKILL in the middle of a burst of orders, then a restart on the same database: every order
// is decided, every decision has exactly its money and goods, and every event is handled once.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace lotok::test;

namespace {

// The ids a query returns, for a readable failure.
std::vector<std::int64_t> ids(lotok::db::Connection& db, const std::string& sql) {
    const auto rows = db.exec(sql);
    std::vector<std::int64_t> out;
    for (int row = 0; row < rows.rows(); ++row) {
        out.push_back(rows.int64(row, 0));
    }
    return out;
}

std::string join(const std::vector<std::int64_t>& values) {
    std::string out;
    for (auto value : values) {
        out += (out.empty() ? "" : ",") + std::to_string(value);
    }
    return out.empty() ? "none" : out;
}

struct Answer {
    int status = 0;
    std::string code;
    std::int64_t orderId = 0;
};

const std::vector<std::string> kSchemas = {"auth",   "users",    "stock",       "billing",
                                           "orders", "delivery", "notification"};

std::int64_t unpublishedEvents(lotok::db::Connection& db) {
    std::int64_t total = 0;
    for (const auto& schema : kSchemas) {
        total +=
            scalar(db, "SELECT count(*) FROM " + schema + ".outbox WHERE published_at IS NULL");
    }
    return total;
}

} // namespace

namespace {

// Starts lotokd with `configText`, kills it in the middle of a burst of orders, leaves it down
// for `downtime`, restarts it on the same database and checks every invariant.
void crashAndRecover(const std::string& configText, std::chrono::milliseconds downtime) {
    ConfigFile config(configText);
    LotokdOptions options;
    options.extraArgs = {"--config", config.path()};
    LotokdProcess server(options);
    lotok::db::Connection db(server.databaseUrl());

    std::map<std::int64_t, std::int64_t> initialStock;
    std::vector<User> customers;
    std::vector<std::int64_t> positions;
    {
        TestClient client(server.publicUrl());
        const auto staffLogin = uniqueName("staff");
        const auto staff = client.login(staffLogin, server.addStaff(staffLogin));
        positions.push_back(client.createPosition(staff, uniqueName("Tea"), 1000, 40));
        positions.push_back(client.createPosition(staff, uniqueName("Cup"), 2500, 25));
        for (auto id : positions) {
            initialStock[id] = client.count(id);
        }
        // Limited money, so that some orders fail for funds and some for stock.
        for (int i = 0; i < 6; ++i) {
            customers.push_back(client.registerCustomer("crash"));
            client.topUp(customers.back(), 15000 + 1000 * i);
        }
    }

    // The burst: threads place orders until the server dies under them.
    std::atomic<bool> killed{false};
    std::atomic<int> answered{0};
    std::atomic<int> failed{0};
    std::mutex answersMutex;
    std::vector<Answer> answers;
    {
        TestClient client(server.publicUrl());
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                std::mt19937 random(static_cast<unsigned>(t) * 7919u + 1u);
                const auto& customer = customers[static_cast<std::size_t>(t) % customers.size()];
                // Bounded: the kill normally stops the thread long before this.
                for (int n = 0; n < 400 && !killed; ++n) {
                    nlohmann::json items = nlohmann::json::array();
                    items.push_back({{"position_id", positions[0]},
                                     {"count", 1 + static_cast<int>(random() % 3)}});
                    if (random() % 2 == 0) {
                        items.push_back({{"position_id", positions[1]},
                                         {"count", 1 + static_cast<int>(random() % 2)}});
                    }
                    try {
                        const auto response =
                            client.post("/api/v1/order", {{"items", items}}, customer.token);
                        Answer answer;
                        answer.status = response.status;
                        const auto body = response.json();
                        if (response.status == 201) {
                            answer.orderId = body.at("id").get<std::int64_t>();
                        } else if (body.is_object() && body.contains("error")) {
                            answer.code = errorCode(response);
                            answer.orderId = body["error"].value("order_id", std::int64_t{0});
                        }
                        std::lock_guard lock(answersMutex);
                        answers.push_back(answer);
                        ++answered;
                    } catch (const std::exception&) {
                        ++failed; // the server died under this request: allowed
                        if (!killed) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(20));
                        }
                    }
                }
            });
        }
        // Kill once the burst is well under way, with requests in flight.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (answered < 40 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        server.kill();
        killed = true;
        for (auto& thread : threads) {
            thread.join();
        }
    }
    // What the crash left behind (not asserted: it depends on where the kill landed).
    const auto pendingAtKill =
        scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'pending'");
    INFO("answered " << answered << ", failed " << failed << ", pending at the kill "
                     << pendingAtKill);
    REQUIRE(answered >= 40);
    // The kill came in the middle of the burst: some requests never got an answer.
    CHECK(failed > 0);

    std::this_thread::sleep_for(downtime);
    server.start();
    TestClient client(server.publicUrl());

    // The order events a consumer has not taken in yet (the inboxes are keyed by event id).
    // On JetStream a message the killed process held comes again only after the ack wait,
    // and each consumer goes at its own pace: settled means every consumer is done too.
    const auto notTakenIn = [&] {
        return scalar(db, "SELECT count(*) FROM orders.outbox e WHERE NOT EXISTS (SELECT 1 FROM "
                          "stock.inbox i WHERE i.consumer = 'stock' AND i.event_id = e.event_id)") +
               scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = "
                          "'order.order_rejected' AND NOT EXISTS (SELECT 1 FROM billing.inbox i "
                          "WHERE i.consumer = 'billing' AND i.event_id = e.event_id)") +
               scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = "
                          "'order.order_confirmed' AND NOT EXISTS (SELECT 1 FROM delivery.inbox "
                          "i WHERE i.consumer = 'delivery' AND i.event_id = e.event_id)");
    };
    // Recovery finishes every abandoned order and the relays deliver every event.
    const auto settled = [&] {
        return scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'pending'") == 0 &&
               unpublishedEvents(db) == 0 &&
               scalar(db, "SELECT count(*) FROM stock.reservations WHERE status = 'reserved'") ==
                   0 &&
               scalar(db, "SELECT count(*) FROM notification.notifications") ==
                   scalar(db, "SELECT count(*) FROM orders.orders") &&
               scalar(db, "SELECT count(*) FROM delivery.deliveries") ==
                   scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'confirmed'") &&
               notTakenIn() == 0;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (!settled() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }

    const auto orders = scalar(db, "SELECT count(*) FROM orders.orders");
    const auto confirmed =
        scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'confirmed'");
    INFO(orders << " orders, " << confirmed << " confirmed");
    CHECK(orders >= answered);
    CHECK(confirmed > 0);
    CHECK(confirmed < orders);

    // No order stays pending.
    CHECK(join(ids(db, "SELECT id FROM orders.orders WHERE status = 'pending'")) == "none");

    // Every confirmed order has exactly one payment, unrefunded and for its total, and all its
    // goods sold.
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE o.status = 'confirmed' AND (
          (SELECT count(*) FROM billing.payments p WHERE p.order_id = o.id) <> 1
          OR NOT EXISTS (SELECT 1 FROM billing.payments p WHERE p.order_id = o.id
                         AND p.refunded_at IS NULL AND p.amount = o.total)
          OR EXISTS (SELECT 1 FROM orders.order_items i LEFT JOIN stock.reservations r
                       ON r.order_id = i.order_id AND r.position_id = i.position_id
                     WHERE i.order_id = o.id
                       AND (r.status IS DISTINCT FROM 'sold' OR r.count <> i.count))
          OR EXISTS (SELECT 1 FROM stock.reservations r WHERE r.order_id = o.id
                     AND r.status <> 'sold'))
        ORDER BY o.id)sql")) == "none");

    // Every rejected order has neither: no money kept, no goods held or sold.
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE o.status = 'rejected' AND (
          EXISTS (SELECT 1 FROM billing.payments p WHERE p.order_id = o.id
                  AND p.refunded_at IS NULL)
          OR EXISTS (SELECT 1 FROM stock.reservations r WHERE r.order_id = o.id
                     AND r.status <> 'released'))
        ORDER BY o.id)sql")) == "none");

    // Nothing belongs to an order that does not exist.
    CHECK(scalar(db, "SELECT count(*) FROM billing.payments p WHERE NOT EXISTS (SELECT 1 FROM "
                     "orders.orders o WHERE o.id = p.order_id)") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM stock.reservations r WHERE NOT EXISTS (SELECT 1 FROM "
                     "orders.orders o WHERE o.id = r.order_id)") == 0);

    // What the clients were told before the crash still holds.
    for (const auto& answer : answers) {
        INFO("order " << answer.orderId << " answered " << answer.status << " " << answer.code);
        if (answer.status == 201) {
            CHECK(scalar(db,
                         "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = "
                         "'confirmed'",
                         {answer.orderId}) == 1);
        } else {
            CHECK((answer.status == 409 || answer.status == 402));
            CHECK(scalar(db,
                         "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = "
                         "'rejected' AND reason = $2",
                         {answer.orderId, answer.code}) == 1);
        }
    }

    // Money is conserved, and the API shows what the ledger says.
    const auto topups = scalar(db, "SELECT sum(amount)::bigint FROM billing.topups");
    const auto paid =
        scalar(db, "SELECT sum(amount)::bigint FROM billing.payments WHERE refunded_at IS NULL");
    const auto balances = scalar(db, "SELECT sum(balance)::bigint FROM billing.accounts");
    CHECK(topups - paid == balances);
    // Every balance is the sum of its ledger lines: a kill between a balance change and its
    // line cannot leave one without the other.
    CHECK(ledgerMismatches(db) == 0);
    for (const auto& customer : customers) {
        const auto topped = scalar(db,
                                   "SELECT sum(amount)::bigint FROM billing.topups WHERE "
                                   "user_id = $1",
                                   {customer.id});
        const auto spent = scalar(db,
                                  "SELECT sum(total)::bigint FROM orders.orders WHERE user_id = "
                                  "$1 AND status = 'confirmed'",
                                  {customer.id});
        CHECK(client.balance(customer) == topped - spent);
        CHECK(client.balance(customer) >= 0);
    }

    // Goods are conserved: what each position started with is available or sold.
    for (const auto& [position, initial] : initialStock) {
        INFO("position " << position);
        const auto sold = soldOf(db, position);
        const auto reserved = scalar(db,
                                     "SELECT sum(count)::bigint FROM stock.reservations WHERE "
                                     "position_id = $1 AND status = 'reserved'",
                                     {position});
        const auto ordered = boughtOf(db, position);
        CHECK(reserved == 0);
        CHECK(sold == ordered);
        CHECK(client.count(position) == initial - sold);
    }

    // Every decision was made once: one event per decided order ...
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE (SELECT count(*) FROM orders.outbox e
          WHERE (e.payload->>'order_id')::bigint = o.id) <> 1 ORDER BY o.id)sql")) == "none");
    CHECK(unpublishedEvents(db) == 0);
    // ... taken in by each consumer exactly once (the inboxes are keyed by event id) ...
    CHECK(scalar(db, "SELECT count(*) FROM orders.outbox e WHERE NOT EXISTS (SELECT 1 FROM "
                     "stock.inbox i WHERE i.consumer = 'stock' AND i.event_id = e.event_id)") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = 'order.order_rejected' "
                     "AND NOT EXISTS (SELECT 1 FROM billing.inbox i WHERE i.consumer = 'billing' "
                     "AND i.event_id = e.event_id)") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = "
                     "'order.order_confirmed' AND NOT EXISTS (SELECT 1 FROM delivery.inbox i "
                     "WHERE i.consumer = 'delivery' AND i.event_id = e.event_id)") == 0);
    // ... yielding exactly one notification each, of the right kind ...
    CHECK(scalar(db, "SELECT count(*) - count(DISTINCT event_id) FROM "
                     "notification.notifications") == 0);
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE
          (SELECT count(*) FROM notification.notifications n WHERE n.order_id = o.id) <> 1
          OR NOT EXISTS (SELECT 1 FROM notification.notifications n JOIN orders.outbox e
                           ON e.event_id = n.event_id
                         WHERE n.order_id = o.id AND n.user_id = o.user_id AND n.type =
                           CASE o.status WHEN 'confirmed' THEN 'order_ready_for_delivery'
                                         ELSE 'order_rejected' END)
        ORDER BY o.id)sql")) == "none");
    // ... and one delivery per confirmed order, none for a rejected one.
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE
          (SELECT count(*) FROM delivery.deliveries d WHERE d.order_id = o.id) <>
          CASE o.status WHEN 'confirmed' THEN 1 ELSE 0 END
        ORDER BY o.id)sql")) == "none");

    // And the restarted server takes orders as before.
    const auto after =
        client.post("/api/v1/order", {{"items", {{{"position_id", positions[0]}, {"count", 1}}}}},
                    customers[0].token);
    CHECK((after.status == 201 || after.status == 402 || after.status == 409));
}

} // namespace

TEST_CASE("SIGKILL during a burst of orders: after a restart every order is decided exactly once") {
    crashAndRecover("[order]\nsaga_recovery_seconds = 2\n", std::chrono::milliseconds(0));
}

TEST_CASE("a restart after the reservation timeout: the sweeper and recovery agree") {
    // Down for longer than reservations are held: at start-up the stock sweeper finds the
    // reservations of the orders the crash left pending stale while saga recovery resumes
    // those same orders. Whichever gets there first, the invariants hold.
    crashAndRecover("[order]\nsaga_recovery_seconds = 2\n[stock]\nreservation_timeout_seconds "
                    "= 3\n",
                    std::chrono::milliseconds(3500));
}

TEST_CASE("SIGKILL during a burst of cancels racing 'mark sent': after a restart and retries "
          "every cancel happened once or not at all") {
    ConfigFile config("[order]\nsaga_recovery_seconds = 2\n");
    LotokdOptions options;
    options.extraArgs = {"--config", config.path()};
    LotokdProcess server(options);
    lotok::db::Connection db(server.databaseUrl());

    TestClient setup(server.publicUrl());
    const auto staffLogin = uniqueName("staff");
    const auto staff = setup.login(staffLogin, server.addStaff(staffLogin));
    const auto tea = setup.createPosition(staff, uniqueName("Tea"), 100, 2000);
    std::vector<User> customers;
    for (int i = 0; i < 4; ++i) {
        customers.push_back(setup.registerCustomer("crashcancel"));
        setup.topUp(customers.back(), 100000);
    }
    constexpr int kOrders = 240;
    std::vector<std::int64_t> orderIds;
    std::map<std::int64_t, const User*> ownerOf;
    for (int i = 0; i < kOrders; ++i) {
        const auto& customer = customers[static_cast<std::size_t>(i) % customers.size()];
        const auto placed =
            setup.post("/api/v1/order", {{"items", {{{"position_id", tea}, {"count", 1 + i % 4}}}}},
                       customer.token);
        REQUIRE(placed.status == 201);
        orderIds.push_back(placed.json()["id"].get<std::int64_t>());
        ownerOf[orderIds.back()] = &customer;
    }
    // Most deliveries exist by now; the last orders' may still be on their way.
    const auto initialCount = setup.count(tea);

    // The burst: six threads cancel every order (each with its own Idempotency-Key), two mark
    // them sent from the other end, until the server dies under them.
    std::atomic<bool> killed{false};
    std::atomic<int> answered{0};
    std::mutex answersMutex;
    std::map<std::int64_t, int> cancelAnswers; // order -> status (absent: no answer)
    std::map<std::int64_t, std::string> cancelReasons;
    {
        TestClient client(server.publicUrl());
        std::vector<std::thread> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = static_cast<std::size_t>(t); i < orderIds.size() && !killed;
                     i += 6) {
                    const auto id = orderIds[i];
                    try {
                        const auto response = client.post(
                            "/api/v1/order/" + std::to_string(id) + "/cancel",
                            nlohmann::json::object(), ownerOf[id]->token,
                            {{"Idempotency-Key", "crash-cancel-" + std::to_string(id)}});
                        std::lock_guard lock(answersMutex);
                        cancelAnswers[id] = response.status;
                        if (response.status == 409) {
                            cancelReasons[id] = response.json()["error"].value("reason", "");
                        }
                        ++answered;
                    } catch (const std::exception&) {
                        // the server died under this request: allowed, retried below
                    }
                }
            });
        }
        for (int t = 0; t < 2; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t n = 0; n < orderIds.size() && !killed; n += 2) {
                    const auto id = orderIds[orderIds.size() - 1 - n - static_cast<std::size_t>(t)];
                    try {
                        client.post("/api/v1/order/sent", {{"order_id", id}}, staff.token);
                    } catch (const std::exception&) {
                    }
                }
            });
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (answered < 40 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        server.kill();
        killed = true;
        for (auto& thread : threads) {
            thread.join();
        }
    }
    const auto requestedAtKill =
        scalar(db, "SELECT count(*) FROM orders.cancellations WHERE state = 'requested'");
    // Not asserted (it depends on where the kill landed), but shown: cancels caught between
    // their record and their decision are what recovery must finish.
    WARN("answered " << answered << ", cancels requested and undecided at the kill "
                     << requestedAtKill);
    REQUIRE(answered >= 40);
    CHECK(answered < kOrders); // the kill came in the middle of the burst

    server.start();
    TestClient client(server.publicUrl());
    // The clients that got no answer retry with the same key: the cancel they asked for
    // happens once, whether it was under way, finished or not begun.
    for (const auto id : orderIds) {
        if (cancelAnswers.count(id)) {
            continue;
        }
        const auto response = client.post(
            "/api/v1/order/" + std::to_string(id) + "/cancel", nlohmann::json::object(),
            ownerOf[id]->token, {{"Idempotency-Key", "crash-cancel-" + std::to_string(id)}});
        INFO("retry of order " << id << ": " << response.status << " " << response.body);
        CHECK((response.status == 200 || response.status == 409));
        cancelAnswers[id] = response.status;
        if (response.status == 409) {
            cancelReasons[id] = response.json()["error"].value("reason", "");
        }
    }

    const auto settled = [&] {
        return scalar(db, "SELECT count(*) FROM orders.cancellations WHERE state = "
                          "'requested'") == 0 &&
               unpublishedEvents(db) == 0 &&
               scalar(db, "SELECT count(*) FROM stock.reservations WHERE status = 'reserved'") ==
                   0 &&
               scalar(db, "SELECT count(*) FROM notification.notifications WHERE type = "
                          "'order_cancelled'") ==
                   scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'cancelled'") &&
               scalar(db, "SELECT count(*) FROM billing.payments WHERE refunded_at IS NOT NULL") ==
                   scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'cancelled'") &&
               // On JetStream an event the kill left unacknowledged comes again only after the
               // ack wait: Stock may take back its goods seconds after the others are done.
               scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = "
                          "'order.order_cancelled' AND NOT EXISTS (SELECT 1 FROM stock.inbox i "
                          "WHERE i.consumer = 'stock' AND i.event_id = e.event_id)") == 0;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
    while (!settled() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(settled());

    const auto cancelled =
        scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'cancelled'");
    INFO(cancelled << " of " << kOrders << " cancelled");
    CHECK(cancelled > 0);
    CHECK(scalar(db, "SELECT count(*) FROM orders.orders WHERE status NOT IN ('confirmed', "
                     "'cancelled')") == 0);

    // What the clients were told holds: 200 is cancelled, 409 is sent and kept.
    for (const auto& [id, status] : cancelAnswers) {
        INFO("order " << id << " answered " << status << " " << cancelReasons[id]);
        if (status == 200) {
            CHECK(scalar(db,
                         "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = "
                         "'cancelled'",
                         {id}) == 1);
        } else {
            CHECK(status == 409);
            CHECK(cancelReasons[id] == "already_sent");
            CHECK(scalar(db,
                         "SELECT count(*) FROM orders.orders WHERE id = $1 AND status = "
                         "'confirmed'",
                         {id}) == 1);
        }
    }

    // Each order is wholly cancelled or wholly kept: delivery, payment, goods, events and
    // notifications agree with its status.
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE o.status = 'cancelled' AND (
          NOT EXISTS (SELECT 1 FROM delivery.deliveries d WHERE d.order_id = o.id
                      AND d.status = 'cancelled')
          OR NOT EXISTS (SELECT 1 FROM billing.payments p WHERE p.order_id = o.id
                         AND p.refunded_at IS NOT NULL AND p.amount = o.total)
          OR EXISTS (SELECT 1 FROM stock.reservations r WHERE r.order_id = o.id
                     AND r.status <> 'returned')
          OR (SELECT count(*) FROM orders.outbox e WHERE e.type = 'order.order_cancelled'
              AND (e.payload->>'order_id')::bigint = o.id) <> 1
          OR (SELECT count(*) FROM notification.notifications n WHERE n.order_id = o.id
              AND n.type = 'order_cancelled') <> 1
          OR NOT EXISTS (SELECT 1 FROM orders.cancellations c WHERE c.order_id = o.id
                         AND c.state = 'done')
          OR (SELECT count(*) FROM billing.ledger l WHERE l.order_id = o.id
              AND l.kind = 'refund' AND l.amount = o.total) <> 1)
        ORDER BY o.id)sql")) == "none");
    CHECK(join(ids(db, R"sql(
        SELECT o.id FROM orders.orders o WHERE o.status = 'confirmed' AND (
          EXISTS (SELECT 1 FROM delivery.deliveries d WHERE d.order_id = o.id
                  AND d.status = 'cancelled')
          OR NOT EXISTS (SELECT 1 FROM billing.payments p WHERE p.order_id = o.id
                         AND p.refunded_at IS NULL)
          OR EXISTS (SELECT 1 FROM stock.reservations r WHERE r.order_id = o.id
                     AND r.status <> 'sold')
          OR EXISTS (SELECT 1 FROM orders.outbox e WHERE e.type = 'order.order_cancelled'
                     AND (e.payload->>'order_id')::bigint = o.id)
          OR EXISTS (SELECT 1 FROM orders.cancellations c WHERE c.order_id = o.id)
          OR EXISTS (SELECT 1 FROM billing.ledger l WHERE l.order_id = o.id
                     AND l.kind = 'refund'))
        ORDER BY o.id)sql")) == "none");
    // The cancel events were taken in by Stock and Billing exactly once each.
    CHECK(scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = 'order.order_cancelled' "
                     "AND NOT EXISTS (SELECT 1 FROM stock.inbox i WHERE i.consumer = 'stock' AND "
                     "i.event_id = e.event_id)") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM orders.outbox e WHERE e.type = 'order.order_cancelled' "
                     "AND NOT EXISTS (SELECT 1 FROM billing.inbox i WHERE i.consumer = 'billing' "
                     "AND i.event_id = e.event_id)") == 0);

    // Money and goods are conserved.
    const auto topups = scalar(db, "SELECT sum(amount)::bigint FROM billing.topups");
    const auto paid =
        scalar(db, "SELECT sum(amount)::bigint FROM billing.payments WHERE refunded_at IS NULL");
    CHECK(topups - paid == scalar(db, "SELECT sum(balance)::bigint FROM billing.accounts"));
    CHECK(ledgerMismatches(db) == 0);
    for (const auto& customer : customers) {
        const auto spent = scalar(db,
                                  "SELECT sum(total)::bigint FROM orders.orders WHERE user_id = "
                                  "$1 AND status = 'confirmed'",
                                  {customer.id});
        CHECK(client.balance(customer) == 100000 - spent);
    }
    const auto sold = soldOf(db, tea);
    CHECK(sold == boughtOf(db, tea));
    const auto returned = scalar(db,
                                 "SELECT sum(count)::bigint FROM stock.reservations WHERE "
                                 "position_id = $1 AND status = 'returned'",
                                 {tea});
    CHECK(client.count(tea) == initialCount + returned);
    CHECK(client.count(tea) == 2000 - sold);
}
