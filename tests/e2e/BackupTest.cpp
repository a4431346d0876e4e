// `lotokd backup` while customers order, `lotokd restore` into an empty data directory, and a
// lotokd on the restored data: money and goods conserved, every order of the backup decided
// (none pending forever) and the decided ones as they were. And the refusals: a non-empty
// target, a truncated, garbage or tampered file; nothing half-restored.
#include "DbQueries.h"
#include "LotokdProcess.h"
#include "TestClient.h"
#include "db/Connection.h"
#include "util/Crypto.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

using namespace lotok::test;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& what) {
    return fs::temp_directory_path() / ("lotok-backup-" + what + "-" + lotok::util::randomToken(6));
}

// A data directory of its own; whatever runs there is stopped and it is removed afterwards.
struct DataDir {
    fs::path path = scratch("data");
    ~DataDir() {
        runLotokdFor({"db", "stop", "--data-dir", path.string(), "--log-level", "error"});
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

struct File {
    fs::path path;
    ~File() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

LotokdRun backupOf(const LotokdProcess& server, const fs::path& out) {
    return runLotokdFor({"backup", "--out", out.string(), "--database-url", server.databaseUrl(),
                         "--log-level", "warn"},
                        std::chrono::seconds(120));
}

nlohmann::json orderOf(std::int64_t positionId, std::int64_t count) {
    return {{"items", {{{"position_id", positionId}, {"count", count}}}}};
}

} // namespace

TEST_CASE("a backup taken while customers order restores with money and goods conserved and "
          "every order decided",
          "[local]") {
    LotokdProcess source;
    TestClient client(source.publicUrl());
    const auto login = uniqueName("boss");
    const auto staff = client.login(login, source.addStaff(login));
    std::map<std::int64_t, std::int64_t> initialStock;
    for (int i = 0; i < 3; ++i) {
        // Scarce enough that some orders are refused for stock, others for money.
        const auto id = client.createPosition(staff, "Item " + std::to_string(i), 100 + 50 * i, 25);
        initialStock[id] = 25;
    }
    std::vector<User> customers;
    for (int i = 0; i < 4; ++i) {
        customers.push_back(client.registerCustomer("bk"));
        client.topUp(customers.back(), 2500);
    }
    std::vector<std::int64_t> positions;
    for (const auto& [id, count] : initialStock) {
        positions.push_back(id);
    }

    std::atomic<bool> stop{false};
    std::atomic<int> answered{0};
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < customers.size(); ++t) {
        threads.emplace_back([&, t] {
            TestClient own(source.publicUrl());
            for (int n = 0; !stop; ++n) {
                const auto position = positions[(t + static_cast<std::size_t>(n)) % 3];
                try {
                    own.post("/api/v1/order", orderOf(position, 1 + n % 2), customers[t].token);
                    ++answered;
                } catch (const std::exception&) {
                    // A refused connection changes nothing of what is checked below.
                }
            }
        });
    }
    REQUIRE(eventually([&] { return answered >= 10; }, std::chrono::seconds(60)));
    File backup{scratch("file")};
    const auto before = answered.load();
    const auto taken = backupOf(source, backup.path);
    const auto during = answered.load() - before;
    stop = true;
    for (auto& thread : threads) {
        thread.join();
    }
    INFO(taken.err);
    REQUIRE(taken.status == 0);
    INFO(during << " orders answered while the backup ran, " << answered << " in all");

    DataDir restored;
    const auto restore = runLotokdFor({"restore", backup.path.string(), "--data-dir",
                                       restored.path.string(), "--log-level", "warn"},
                                      std::chrono::seconds(120));
    INFO(restore.err);
    REQUIRE(restore.status == 0);

    // The restored shop as the backup left it, before any lotokd touches it.
    const auto url =
        runLotokdFor({"db", "start", "--data-dir", restored.path.string(), "--log-level", "warn"});
    REQUIRE(url.status == 0);
    lotok::db::Connection db(url.out.substr(0, url.out.find('\n')));
    lotok::db::Connection original(source.databaseUrl());
    std::map<std::int64_t, std::string> statusAtBackup;
    const auto rows = db.exec("SELECT id, status FROM orders.orders ORDER BY id");
    for (int row = 0; row < rows.rows(); ++row) {
        statusAtBackup[rows.int64(row, 0)] = rows.string(row, 1);
    }
    REQUIRE(statusAtBackup.size() >= 10);
    // Every order of the backup is one the shop really had (none made up, none torn).
    for (const auto& [id, status] : statusAtBackup) {
        CHECK(scalar(original, "SELECT count(*) FROM orders.orders WHERE id = $1", {id}) == 1);
    }

    ConfigFile config("[order]\nsaga_recovery_seconds = 1\n");
    LotokdOptions options;
    options.extraArgs = {"--config", config.path()};
    options.dataDir = restored.path.string();
    LotokdProcess server(options);
    TestClient after(server.publicUrl());

    // Recovery decides what the backup caught pending; the relays deliver what it caught
    // unpublished.
    const auto settled = [&] {
        std::int64_t unpublished = 0;
        for (const auto* schema :
             {"auth", "users", "orders", "stock", "billing", "delivery", "notification"}) {
            unpublished += scalar(db, std::string("SELECT count(*) FROM ") + schema +
                                          ".outbox WHERE published_at IS NULL");
        }
        return unpublished == 0 &&
               scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'pending'") == 0 &&
               scalar(db, "SELECT count(*) FROM stock.reservations WHERE status = 'reserved'") ==
                   0 &&
               scalar(db, "SELECT count(*) FROM delivery.deliveries") ==
                   scalar(db, "SELECT count(*) FROM orders.orders WHERE status = 'confirmed'");
    };
    CHECK(eventually(settled, std::chrono::seconds(60)));

    // Every order of the backup is there, decided, and the decided ones unchanged.
    CHECK(scalar(db, "SELECT count(*) FROM orders.orders") ==
          static_cast<std::int64_t>(statusAtBackup.size()));
    for (const auto& [id, status] : statusAtBackup) {
        INFO("order " << id << " was " << status);
        const auto now = db.exec("SELECT status FROM orders.orders WHERE id = $1", {id});
        REQUIRE(now.rows() == 1);
        if (status == "pending") {
            CHECK(now.string(0, 0) != "pending");
        } else {
            CHECK(now.string(0, 0) == status);
        }
    }

    // Money: what was topped up is in the balances or paid for confirmed orders.
    const auto topups = scalar(db, "SELECT sum(amount)::bigint FROM billing.topups");
    const auto paid =
        scalar(db, "SELECT sum(amount)::bigint FROM billing.payments WHERE refunded_at IS NULL");
    const auto balances = scalar(db, "SELECT sum(balance)::bigint FROM billing.accounts");
    CHECK(topups == 2500 * static_cast<std::int64_t>(customers.size()));
    CHECK(topups - paid == balances);
    // The statement came back with the balances it explains: a backup taken mid-payment
    // holds a balance change and its ledger line, or neither.
    CHECK(ledgerMismatches(db) == 0);
    CHECK(paid == scalar(db, "SELECT COALESCE(sum(total), 0)::bigint FROM orders.orders WHERE "
                             "status = 'confirmed'"));
    for (const auto& customer : customers) {
        CHECK(after.balance(after.login(customer.login, customer.password)) >= 0);
    }
    // Goods: what each position started with is available or sold to a confirmed order.
    for (const auto& [position, initial] : initialStock) {
        INFO("position " << position);
        const auto sold = soldOf(db, position);
        const auto ordered = boughtOf(db, position);
        CHECK(sold == ordered);
        CHECK(after.count(position) == initial - sold);
    }
    CHECK(server.stop() == 0);
}

TEST_CASE("restore refuses a non-empty target and a bad file, and leaves nothing behind",
          "[local]") {
    LotokdProcess source;
    TestClient client(source.publicUrl());
    client.topUp(client.registerCustomer("bk"), 700);
    File backup{scratch("file")};
    REQUIRE(backupOf(source, backup.path).status == 0);

    SECTION("a data directory that is not empty") {
        DataDir target;
        fs::create_directories(target.path);
        std::ofstream(target.path / "keep.txt") << "mine\n";
        const auto run = runLotokdFor({"restore", backup.path.string(), "--data-dir",
                                       target.path.string(), "--log-level", "warn"});
        CHECK(run.status == 1);
        CHECK(run.err.find("is not empty") != std::string::npos);
        CHECK(fs::exists(target.path / "keep.txt"));
        CHECK_FALSE(fs::exists(target.path / "postgresql"));
    }
    SECTION("a database that already has the services' schemas") {
        const auto run = runLotokdFor({"restore", backup.path.string(), "--database-url",
                                       source.databaseUrl(), "--log-level", "warn"});
        CHECK(run.status == 1);
        CHECK(run.err.find("already has schema") != std::string::npos);
    }
    SECTION("an empty database takes it") {
        const auto empty = createTestDatabase();
        const auto run = runLotokdFor(
            {"restore", backup.path.string(), "--database-url", empty, "--log-level", "warn"},
            std::chrono::seconds(120));
        INFO(run.err);
        CHECK(run.status == 0);
        lotok::db::Connection db(empty);
        CHECK(scalar(db, "SELECT sum(amount)::bigint FROM billing.topups") == 700);
    }

    // Damaged copies of it: cut short, random bytes, one byte of a dump changed.
    std::ifstream in(backup.path, std::ios::binary);
    const std::string whole((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    File damaged{scratch("damaged")};
    std::string tampered;
    {
        // Unpack, change a byte in the middle of the dump, pack again (sizes unchanged).
        File work{scratch("work")};
        fs::create_directories(work.path);
        REQUIRE(
            std::system(("tar -xf '" + backup.path.string() + "' -C '" + work.path.string() + "'")
                            .c_str()) == 0);
        const auto dump = work.path / "db0.dump";
        std::fstream edit(dump, std::ios::in | std::ios::out | std::ios::binary);
        const auto middle = static_cast<std::streamoff>(fs::file_size(dump) / 2);
        edit.seekg(middle);
        const auto byte = static_cast<char>(edit.get() ^ 0x5a);
        edit.seekp(middle);
        edit.put(byte);
        edit.close();
        REQUIRE(std::system(("tar -cf '" + damaged.path.string() + "' -C '" + work.path.string() +
                             "' manifest.json db0.dump")
                                .c_str()) == 0);
        std::ifstream packed(damaged.path, std::ios::binary);
        tampered.assign(std::istreambuf_iterator<char>(packed), std::istreambuf_iterator<char>());
    }
    std::string hostileExtension;
    {
        // The manifest (not checksummed itself) naming an "extension" that is SQL: refused
        // with the other checks, before anything is created.
        File work{scratch("work-extension")};
        fs::create_directories(work.path);
        REQUIRE(
            std::system(("tar -xf '" + backup.path.string() + "' -C '" + work.path.string() + "'")
                            .c_str()) == 0);
        std::ifstream manifestIn(work.path / "manifest.json");
        auto manifest = nlohmann::json::parse(manifestIn);
        manifestIn.close();
        manifest["databases"][0]["extensions"] = nlohmann::json::array(
            {{{"name", "pg_trgm; DROP SCHEMA billing CASCADE"}, {"schema", "public"}}});
        std::ofstream(work.path / "manifest.json", std::ios::trunc) << manifest.dump();
        File packedFile{scratch("extension")};
        REQUIRE(std::system(("tar -cf '" + packedFile.path.string() + "' -C '" +
                             work.path.string() + "' manifest.json db0.dump")
                                .c_str()) == 0);
        std::ifstream packed(packedFile.path, std::ios::binary);
        hostileExtension.assign(std::istreambuf_iterator<char>(packed),
                                std::istreambuf_iterator<char>());
    }
    for (const auto& [what, bytes, message] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"truncated", whole.substr(0, whole.size() / 2), "not a whole tar archive"},
             {"garbage", lotok::util::randomToken(3000), "not a whole tar archive"},
             {"tampered", tampered, "size or SHA-256 differs"},
             {"hostile extension", hostileExtension, "names an extension"},
         }) {
        INFO(what);
        std::ofstream(damaged.path, std::ios::binary | std::ios::trunc) << bytes;
        DataDir target;
        const auto run = runLotokdFor({"restore", damaged.path.string(), "--data-dir",
                                       target.path.string(), "--log-level", "warn"});
        CHECK(run.status == 1);
        CHECK(run.err.find("is not a usable lotok backup") != std::string::npos);
        CHECK(run.err.find(message) != std::string::npos);
        CHECK_FALSE(fs::exists(target.path)); // nothing started, nothing created
    }
}

TEST_CASE("a shop with a database per service backs up into one file and restores into seven "
          "empty databases",
          "[local]") {
    const std::vector<std::string> services = {"auth",    "user",     "order",       "stock",
                                               "billing", "delivery", "notification"};
    std::map<std::string, std::string> source;
    std::map<std::string, std::string> target;
    const auto databaseArgs = [&](const std::map<std::string, std::string>& urls) {
        std::vector<std::string> args;
        for (const auto& [service, url] : urls) {
            args.insert(args.end(), {"--database-url", service + "=" + url});
        }
        return args;
    };
    for (const auto& service : services) {
        source[service] = createTestDatabase();
        target[service] = createTestDatabase();
    }
    LotokdOptions options;
    options.extraArgs = databaseArgs(source);
    LotokdProcess shop(options);
    TestClient client(shop.publicUrl());
    // Staff are created in User's and Auth's own databases, as on the cluster.
    const auto login = uniqueName("boss");
    const auto password = lotok::util::randomToken(12);
    std::string out;
    REQUIRE(runLotokd({"staff", "add", "--login", login, "--log-level", "warn", "--database-url",
                       "user=" + source["user"], "--database-url", "auth=" + source["auth"]},
                      password + "\n", out) == 0);
    const auto staff = client.login(login, password);
    const auto tea = client.createPosition(staff, "Tea", 300, 10);
    const auto customer = client.registerCustomer("bkdb");
    client.topUp(customer, 1000);
    for (int i = 0; i < 4; ++i) { // three confirmed, the fourth refused for money
        client.post("/api/v1/order", orderOf(tea, 1), customer.token);
    }
    REQUIRE(eventually([&] {
        lotok::db::Connection delivery(source["delivery"]);
        return scalar(delivery, "SELECT count(*) FROM delivery.deliveries") == 3;
    }));

    File backup{scratch("file")};
    auto args =
        std::vector<std::string>{"backup", "--out", backup.path.string(), "--log-level", "warn"};
    const auto sourceArgs = databaseArgs(source);
    args.insert(args.end(), sourceArgs.begin(), sourceArgs.end());
    const auto taken = runLotokdFor(args, std::chrono::seconds(120));
    INFO(taken.err);
    REQUIRE(taken.status == 0);
    CHECK(shop.stop() == 0);

    args = {"restore", backup.path.string(), "--log-level", "warn"};
    const auto targetArgs = databaseArgs(target);
    args.insert(args.end(), targetArgs.begin(), targetArgs.end());
    const auto restore = runLotokdFor(args, std::chrono::seconds(120));
    INFO(restore.err);
    REQUIRE(restore.status == 0);
    // Each service's tables went to that service's database, and only there.
    for (const auto& [service, url] : target) {
        lotok::db::Connection db(url);
        INFO(service);
        CHECK(scalar(db,
                     "SELECT count(DISTINCT table_schema) FROM information_schema.tables "
                     "WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'public')") ==
              1);
    }

    LotokdOptions restoredOptions;
    restoredOptions.extraArgs = targetArgs;
    LotokdProcess restored(restoredOptions);
    TestClient after(restored.publicUrl());
    const auto again = after.login(customer.login, customer.password);
    CHECK(after.balance(again) == 1000 - 3 * 300);
    CHECK(after.count(tea) == 10 - 3);
    const auto orders = after.get("/api/v1/orders", again.token).json()["orders"];
    CHECK(orders.size() == 4);
    int confirmed = 0;
    for (const auto& order : orders) {
        confirmed += order["status"] == "confirmed" ? 1 : 0;
    }
    CHECK(confirmed == 3);
    CHECK(after.login(login, password).token.size() > 0);
    lotok::db::Connection billing(target["billing"]);
    CHECK(scalar(billing, "SELECT sum(amount)::bigint FROM billing.topups") -
              scalar(billing, "SELECT sum(amount)::bigint FROM billing.payments WHERE "
                              "refunded_at IS NULL") ==
          scalar(billing, "SELECT sum(balance)::bigint FROM billing.accounts"));
    CHECK(ledgerMismatches(billing) == 0);
}
