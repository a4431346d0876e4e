// The order saga's steps and compensations, with Stock and Billing replaced by scripted
// transports (so a test can make them refuse or be down) and the orders on real PostgreSQL.
#include "OrderSaga.h"

#include "BillingClient.h"
#include "LotokdProcess.h"
#include "OrderRepository.h"
#include "StockClient.h"
#include "db/Migrator.h"
#include "events/InProcessBus.h"
#include "http/ApiError.h"

#include <catch2/catch.hpp>

using namespace lotok;
using namespace lotok::services::order;

namespace lotok::services::order {
std::vector<db::Migration> migrations();
}

namespace {

// Answers each request from a script and remembers what was asked.
class ScriptedTransport : public http::ServiceTransport {
public:
    std::function<http::HttpResponse(const http::HttpRequest&)> answer;
    std::vector<std::string> calls;

    http::HttpResponse send(http::HttpRequest request) override {
        calls.push_back(request.path);
        return answer(request);
    }
};

http::HttpResponse ok() {
    return http::HttpResponse::json(200, {{"ok", true}});
}

struct Fixture {
    db::Pool pool{test::createTestDatabase(), 8};
    events::InProcessBus bus;
    events::Outbox outbox{pool, "orders", bus};
    OrderRepository repository{pool, "orders"};
    ScriptedTransport stockTransport;
    ScriptedTransport billingTransport;
    StockClient stock{stockTransport};
    BillingClient billing{billingTransport};
    OrderSaga saga{repository, stock, billing, outbox};
    std::vector<std::string> published;

    Fixture() {
        db::Migrator migrator(pool);
        migrator.apply(db::platformMigrations("orders"));
        migrator.apply({"orders", "order", migrations()});
        stockTransport.answer = [](const http::HttpRequest&) { return ok(); };
        billingTransport.answer = [](const http::HttpRequest&) { return ok(); };
        bus.subscribe("test", {"order.order_confirmed", "order.order_rejected"},
                      [this](const events::Event& event) { published.push_back(event.type); },
                      events::Delivery::Shared, {&pool, "orders"});
    }

    Order pendingOrder() {
        Order order;
        order.userId = 1;
        order.total = 300;
        order.items = {{1, "Tea", 2, 100}, {2, "Cake", 1, 100}};
        return *repository.insertPending(order, 60);
    }
};

http::HttpResponse refusal(ErrorCode code) {
    return http::ApiError(code, "no").toResponse();
}

} // namespace

TEST_CASE_METHOD(Fixture, "all steps succeed: reserve every item in one call, pay, confirm") {
    nlohmann::json reserved;
    stockTransport.answer = [&](const http::HttpRequest& request) {
        reserved = nlohmann::json::parse(request.body);
        return ok();
    };
    const auto order = pendingOrder();
    const auto decided = saga.run(order);
    CHECK(decided.status == "confirmed");
    CHECK(stockTransport.calls == std::vector<std::string>{"/internal/api/v1/stock/reserve"});
    CHECK(reserved["order_id"] == order.id);
    CHECK(reserved["items"] ==
          nlohmann::json::parse(R"([{"position_id":1,"count":2},{"position_id":2,"count":1}])"));
    CHECK(billingTransport.calls == std::vector<std::string>{"/internal/api/v1/payment"});
    outbox.relayOnce();
    bus.drain();
    CHECK(published == std::vector<std::string>{"order.order_confirmed"});
}

TEST_CASE_METHOD(Fixture, "out of stock on an item: release all, never pay, reject") {
    stockTransport.answer = [](const http::HttpRequest& request) {
        if (request.path == "/internal/api/v1/stock/reserve") {
            return refusal(ErrorCode::InsufficientStock);
        }
        return ok();
    };
    const auto decided = saga.run(pendingOrder());
    CHECK(decided.status == "rejected");
    CHECK(decided.reason == "insufficient_stock");
    CHECK(stockTransport.calls.back() == "/internal/api/v1/stock/release");
    CHECK(billingTransport.calls.empty());
    outbox.relayOnce();
    bus.drain();
    CHECK(published == std::vector<std::string>{"order.order_rejected"});
}

TEST_CASE_METHOD(Fixture, "payment refused: reservations are given back, order rejected") {
    billingTransport.answer = [](const http::HttpRequest&) {
        return refusal(ErrorCode::InsufficientFunds);
    };
    const auto decided = saga.run(pendingOrder());
    CHECK(decided.status == "rejected");
    CHECK(decided.reason == "insufficient_funds");
    CHECK(stockTransport.calls.back() == "/internal/api/v1/stock/release");
}

TEST_CASE_METHOD(Fixture, "a service that is down leaves the order pending, to be resumed") {
    billingTransport.answer = [](const http::HttpRequest&) {
        return refusal(ErrorCode::Unavailable);
    };
    const auto order = pendingOrder();
    CHECK_THROWS_AS(saga.run(order), http::ApiError);
    CHECK(repository.find(order.id)->status == "pending");
    CHECK(stockTransport.calls.size() == 1); // nothing released: the order is not decided

    // Later the service is back: the same saga runs again from the top, idempotently.
    billingTransport.answer = [](const http::HttpRequest&) { return ok(); };
    CHECK(saga.run(order).status == "confirmed");
    CHECK(saga.run(order).status == "confirmed"); // a late repeat changes nothing
    outbox.relayOnce();
    bus.drain();
    CHECK(published == std::vector<std::string>{"order.order_confirmed"});
}

TEST_CASE_METHOD(Fixture, "recovery takes over only orders whose lease ran out") {
    Order order;
    order.userId = 2;
    order.total = 100;
    order.items = {{1, "Tea", 1, 100}};
    const auto fresh = *repository.insertPending(order, 60);
    const auto stale = *repository.insertPending(order, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto claimed = repository.claimAbandoned(60, 10);
    CHECK(claimed == std::vector<std::int64_t>{stale.id});
    CHECK(repository.claimAbandoned(60, 10).empty()); // the lease is now extended
    (void)fresh;
}
