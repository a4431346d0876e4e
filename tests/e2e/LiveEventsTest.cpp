// Live events over WebSocket: pushes to the right users only, resume without gaps or doubles,
// the staff stream, and the health of connections (logout, shutdown, idle, slow readers).
#include "LotokdProcess.h"
#include "TestClient.h"
#include "WsClient.h"

#include <Poco/URI.h>
#include <arpa/inet.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace lotok::test;
using namespace std::chrono_literals;

namespace {

// A server with staff, a stocked position and a customer with money.
struct Shop {
    explicit Shop(LotokdOptions options = {})
        : server(std::move(options)), client(server.publicUrl()) {
        const auto staffLogin = uniqueName("staff");
        staff = client.login(staffLogin, server.addStaff(staffLogin));
        // One unit only: an order for two is always refused for stock, which makes a
        // notification cheaply.
        scarce = client.createPosition(staff, uniqueName("Rare"), 100, 1);
        plenty = client.createPosition(staff, uniqueName("Tea"), 100, 100000);
    }

    // An order that is refused for stock: one `order_rejected` notification. Returns its id.
    std::int64_t rejectedOrder(const User& user) {
        const auto response = client.post(
            "/api/v1/order", {{"items", {{{"position_id", scarce}, {"count", 2}}}}}, user.token);
        if (response.status != 409) {
            throw std::runtime_error("expected 409, got " + std::to_string(response.status) + " " +
                                     response.body);
        }
        return response.json()["error"]["order_id"].get<std::int64_t>();
    }

    // A confirmed order (the user must have money): returns its id.
    std::int64_t confirmedOrder(const User& user, std::int64_t count = 1) {
        const auto response =
            client.post("/api/v1/order", {{"items", {{{"position_id", plenty}, {"count", count}}}}},
                        user.token);
        if (response.status != 201) {
            throw std::runtime_error("expected 201, got " + std::to_string(response.status) + " " +
                                     response.body);
        }
        return response.json()["id"].get<std::int64_t>();
    }

    // The user's notification ids after `after`, oldest first, as the list API gives them.
    std::vector<std::int64_t> notificationIds(const User& user, std::int64_t after = 0) {
        std::vector<std::int64_t> ids;
        for (;;) {
            const auto body =
                client
                    .get("/api/v1/notifications?limit=200&after=" + std::to_string(after),
                         user.token)
                    .json();
            for (const auto& notification : body["notifications"]) {
                ids.push_back(notification["id"].get<std::int64_t>());
                after = ids.back();
            }
            if (body["notifications"].size() < 200) {
                return ids;
            }
        }
    }

    LotokdProcess server;
    TestClient client;
    User staff;
    std::int64_t scarce = 0;
    std::int64_t plenty = 0;
};

// The next notification pushed on the socket, or nullopt.
std::optional<nlohmann::json> nextNotification(WsClient& socket,
                                               std::chrono::milliseconds timeout = 10s) {
    const auto message = socket.receive(timeout);
    if (!message) {
        return std::nullopt;
    }
    REQUIRE((*message)["type"] == "notification");
    return (*message)["notification"];
}

// Reads notification ids until `count` have arrived or nothing comes for a while.
std::vector<std::int64_t> receiveIds(WsClient& socket, std::size_t count,
                                     std::chrono::milliseconds quiet = 10s) {
    std::vector<std::int64_t> ids;
    while (ids.size() < count) {
        const auto notification = nextNotification(socket, quiet);
        if (!notification) {
            break;
        }
        ids.push_back((*notification)["id"].get<std::int64_t>());
    }
    return ids;
}

// Waits for the first staff-stream message that satisfies `match`; others are skipped.
template <typename Match>
std::optional<nlohmann::json> waitFor(WsClient& socket, Match match,
                                      std::chrono::seconds limit = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto message = socket.receive(500ms);
        if (message && match(*message)) {
            return message;
        }
        if (socket.closed()) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

// Two messages that come from different services' events, so in either order (Stock's
// count change and Delivery's new delivery, say): waits for both; each is the first match.
template <typename MatchA, typename MatchB>
std::pair<std::optional<nlohmann::json>, std::optional<nlohmann::json>>
waitForBoth(WsClient& socket, MatchA first, MatchB second, std::chrono::seconds limit = 15s) {
    std::pair<std::optional<nlohmann::json>, std::optional<nlohmann::json>> found;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while ((!found.first || !found.second) && std::chrono::steady_clock::now() < deadline &&
           !socket.closed()) {
        const auto message = socket.receive(500ms);
        if (message && !found.first && first(*message)) {
            found.first = message;
        } else if (message && !found.second && second(*message)) {
            found.second = message;
        }
    }
    return found;
}

// Waits (bounded) for the server to close the socket; answers pings meanwhile.
bool waitClosed(WsClient& socket, std::chrono::seconds limit = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!socket.closed() && std::chrono::steady_clock::now() < deadline) {
        socket.receive(200ms);
    }
    return socket.closed();
}

// A WebSocket client written by hand on a socket with a tiny receive buffer, for a reader
// that does not read (nor answer pings): the server's backlog for it builds up almost at
// once. drain() reads at the end, to see what the server did.
class StalledReader {
public:
    StalledReader(const std::string& baseUrl, const std::string& path, const std::string& token) {
        Poco::URI uri(baseUrl);
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        const int small = 2048;
        setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(uri.getPort());
        inet_pton(AF_INET, uri.getHost().c_str(), &address.sin_addr);
        if (connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("connect failed");
        }
        if (uri.getScheme() == "https") {
            // Over TLS (the suite's _tls run): the server's records pile up unread the same way.
            m_context = SSL_CTX_new(TLS_client_method());
            SSL_CTX_load_verify_locations(m_context, caFileFor(baseUrl).c_str(), nullptr);
            SSL_CTX_set_verify(m_context, SSL_VERIFY_PEER, nullptr);
            m_ssl = SSL_new(m_context);
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), uri.getHost().c_str());
            SSL_set_fd(m_ssl, m_fd);
            if (SSL_connect(m_ssl) != 1) {
                throw std::runtime_error("TLS handshake failed");
            }
        }
        const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() +
                                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
                                    token + "\r\n\r\n";
        const auto sent = m_ssl ? SSL_write(m_ssl, request.data(), static_cast<int>(request.size()))
                                : ::send(m_fd, request.data(), request.size(), MSG_NOSIGNAL);
        if (sent != static_cast<ssize_t>(request.size())) {
            throw std::runtime_error("send failed");
        }
        // The response head, byte by byte so that no frame is read with it.
        std::string head;
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 4096) {
            char c = 0;
            if (!readSome(&c, 1, 10s)) {
                break;
            }
            head += c;
        }
        if (head.rfind("HTTP/1.1 101", 0) != 0) {
            throw std::runtime_error("upgrade refused: " + head);
        }
    }
    ~StalledReader() {
        SSL_free(m_ssl);
        SSL_CTX_free(m_context);
        close(m_fd);
    }

    // Reads everything the server sent, until it closes (bounded). Returns the number of
    // notifications; closeCode() is the close frame's code, 0 when none came.
    int drain(std::chrono::seconds limit = 30s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        std::string buffer;
        int notifications = 0;
        char chunk[8192];
        while (std::chrono::steady_clock::now() < deadline) {
            const auto n = readSome(chunk, sizeof chunk, 2s);
            if (n <= 0) {
                break;
            }
            buffer.append(chunk, static_cast<std::size_t>(n));
            for (;;) {
                if (buffer.size() < 2) {
                    break;
                }
                const int opcode = static_cast<unsigned char>(buffer[0]) & 0x0f;
                std::uint64_t length = static_cast<unsigned char>(buffer[1]) & 0x7f;
                std::size_t offset = 2;
                if (length == 126) {
                    if (buffer.size() < 4) {
                        break;
                    }
                    length = (std::uint64_t(static_cast<unsigned char>(buffer[2])) << 8) |
                             static_cast<unsigned char>(buffer[3]);
                    offset = 4;
                } else if (length == 127) {
                    if (buffer.size() < 10) {
                        break;
                    }
                    length = 0;
                    for (int i = 0; i < 8; ++i) {
                        length = (length << 8) | static_cast<unsigned char>(buffer[2 + i]);
                    }
                    offset = 10;
                }
                if (buffer.size() < offset + length) {
                    break;
                }
                const auto payload = buffer.substr(offset, length);
                buffer.erase(0, offset + length);
                if (opcode == 0x1) {
                    ++notifications;
                } else if (opcode == 0x9) {
                    ++m_pings;
                } else if (opcode == 0x8) {
                    if (payload.size() >= 2) {
                        m_closeCode = (static_cast<unsigned char>(payload[0]) << 8) |
                                      static_cast<unsigned char>(payload[1]);
                    }
                    return notifications;
                }
            }
        }
        return notifications;
    }
    int closeCode() const { return m_closeCode; }
    int pings() const { return m_pings; }

private:
    ssize_t readSome(char* out, std::size_t size, std::chrono::milliseconds timeout) {
        pollfd fd{m_fd, POLLIN, 0};
        if ((!m_ssl || SSL_pending(m_ssl) == 0) &&
            poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) {
            return 0;
        }
        // A blocking SSL_read may wait for the rest of a record: the server sends it whole.
        return m_ssl ? SSL_read(m_ssl, out, static_cast<int>(size)) : ::recv(m_fd, out, size, 0);
    }

    int m_fd = -1;
    SSL_CTX* m_context = nullptr;
    SSL* m_ssl = nullptr;
    int m_closeCode = 0;
    int m_pings = 0;
};

} // namespace

TEST_CASE("a push arrives after an order, on every socket of its user and no one else's") {
    Shop shop;
    const auto alice = shop.client.registerCustomer("alice");
    const auto bob = shop.client.registerCustomer("bob");
    shop.client.topUp(alice, 10000);

    WsClient aliceLaptop(shop.server.publicUrl(), "/api/v1/notifications/ws", alice.token);
    WsClient alicePhone(shop.server.publicUrl(), "/api/v1/notifications/ws", alice.token);
    WsClient bobSocket(shop.server.publicUrl(), "/api/v1/notifications/ws", bob.token);

    const auto aliceOrder = shop.confirmedOrder(alice, 2);
    for (auto* socket : {&aliceLaptop, &alicePhone}) {
        const auto notification = nextNotification(*socket);
        REQUIRE(notification);
        CHECK((*notification)["type"] == "order_ready_for_delivery");
        CHECK((*notification)["order_id"] == aliceOrder);
        CHECK((*notification)["id"].get<std::int64_t>() > 0);
        CHECK((*notification)["message"].get<std::string>().find(std::to_string(aliceOrder)) !=
              std::string::npos);
    }

    const auto bobOrder = shop.rejectedOrder(bob);
    const auto bobNotification = nextNotification(bobSocket);
    REQUIRE(bobNotification);
    CHECK((*bobNotification)["type"] == "order_rejected");
    CHECK((*bobNotification)["order_id"] == bobOrder);

    // Neither saw the other's: bob got nothing for alice's order, alice nothing for bob's.
    CHECK_FALSE(nextNotification(bobSocket, 1s));
    CHECK_FALSE(nextNotification(aliceLaptop, 1s));
    CHECK_FALSE(nextNotification(alicePhone, 1s));
}

TEST_CASE("resume after a drop returns exactly the missed notifications, in order") {
    Shop shop;
    const auto carol = shop.client.registerCustomer("carol");
    const std::string path = "/api/v1/notifications/ws";

    std::int64_t lastSeen = 0;
    {
        WsClient socket(shop.server.publicUrl(), path, carol.token);
        for (int i = 0; i < 3; ++i) {
            shop.rejectedOrder(carol);
        }
        const auto ids = receiveIds(socket, 3);
        REQUIRE(ids.size() == 3);
        lastSeen = ids.back();
    } // the connection drops

    // Missed while offline.
    for (int i = 0; i < 4; ++i) {
        shop.rejectedOrder(carol);
    }
    REQUIRE(eventually([&] { return shop.notificationIds(carol, lastSeen).size() == 4; }));
    const auto missed = shop.notificationIds(carol, lastSeen);

    SECTION("with ?after=ID on the upgrade") {
        WsClient socket(shop.server.publicUrl(), path + "?after=" + std::to_string(lastSeen),
                        carol.token);
        CHECK(receiveIds(socket, 4) == missed);
        CHECK_FALSE(nextNotification(socket, 1s)); // nothing twice
        // Then the live ones, once each.
        shop.rejectedOrder(carol);
        const auto live = receiveIds(socket, 1);
        REQUIRE(live.size() == 1);
        CHECK(live[0] > missed.back());
        CHECK_FALSE(nextNotification(socket, 1s));
    }

    SECTION("with a resume message on the socket") {
        WsClient socket(shop.server.publicUrl(), path, carol.token);
        socket.send({{"type", "resume"}, {"after", lastSeen}});
        CHECK(receiveIds(socket, 4) == missed);
        CHECK_FALSE(nextNotification(socket, 1s));
        shop.rejectedOrder(carol);
        const auto live = receiveIds(socket, 1);
        REQUIRE(live.size() == 1);
        CHECK(live[0] > missed.back());
        CHECK_FALSE(nextNotification(socket, 1s));
        // Resuming again from the start sends only what this socket has not had yet: the
        // three seen before the drop. Nothing is ever sent twice on one socket.
        const auto all = shop.notificationIds(carol);
        socket.send({{"type", "resume"}, {"after", 0}});
        CHECK(receiveIds(socket, 3) == std::vector<std::int64_t>(all.begin(), all.begin() + 3));
        CHECK_FALSE(nextNotification(socket, 1s));
    }
}

TEST_CASE("resume while notifications keep coming: none missing, none repeated") {
    Shop shop;
    const auto dave = shop.client.registerCustomer("dave");
    const std::string path = "/api/v1/notifications/ws";
    for (int i = 0; i < 5; ++i) {
        shop.rejectedOrder(dave);
    }
    REQUIRE(eventually([&] { return shop.notificationIds(dave).size() == 5; }));
    const auto fromId = shop.notificationIds(dave)[1]; // the client saw the first two

    // Orders keep landing while the client reconnects and catches up.
    const int total = 5 + 30;
    std::atomic<bool> failed{false};
    const auto producer = [&] {
        return std::thread([&] {
            try {
                for (int i = 0; i < 15; ++i) {
                    shop.rejectedOrder(dave);
                    std::this_thread::sleep_for(10ms);
                }
            } catch (const std::exception&) {
                failed = true;
            }
        });
    };

    SECTION("?after on the upgrade") {
        auto first = producer();
        std::this_thread::sleep_for(30ms);
        WsClient socket(shop.server.publicUrl(), path + "?after=" + std::to_string(fromId),
                        dave.token);
        auto second = producer();
        first.join();
        second.join();
        REQUIRE_FALSE(failed);
        REQUIRE(eventually([&] { return shop.notificationIds(dave).size() == total; }));
        const auto expected = shop.notificationIds(dave, fromId);
        // In order, complete, nothing twice.
        CHECK(receiveIds(socket, expected.size(), 5s) == expected);
        CHECK_FALSE(nextNotification(socket, 1s));
    }

    SECTION("a resume message on an open socket") {
        WsClient socket(shop.server.publicUrl(), path, dave.token);
        auto first = producer();
        std::this_thread::sleep_for(30ms);
        socket.send({{"type", "resume"}, {"after", fromId}});
        auto second = producer();
        first.join();
        second.join();
        REQUIRE_FALSE(failed);
        REQUIRE(eventually([&] { return shop.notificationIds(dave).size() == total; }));
        const auto expected = shop.notificationIds(dave, fromId);
        std::vector<std::int64_t> received;
        while (const auto notification = nextNotification(socket, 2s)) {
            received.push_back((*notification)["id"].get<std::int64_t>());
        }
        // Live ones may have been pushed before the resume was read; still each arrives once
        // and nothing after the resume point is missing.
        const std::set<std::int64_t> unique(received.begin(), received.end());
        CHECK(unique.size() == received.size());
        CHECK(std::vector<std::int64_t>(unique.begin(), unique.end()) == expected);
    }
}

TEST_CASE("sockets refuse bad tokens, and customers the staff stream") {
    Shop shop;
    const auto erin = shop.client.registerCustomer("erin");
    const auto url = shop.server.publicUrl();
    CHECK(upgradeStatus(url, "/api/v1/notifications/ws", "") == 401);
    CHECK(upgradeStatus(url, "/api/v1/notifications/ws", "not-a-token") == 401);
    CHECK(upgradeStatus(url, "/api/v1/staff/ws", "") == 401);
    CHECK(upgradeStatus(url, "/api/v1/staff/ws", "not-a-token") == 401);
    CHECK(upgradeStatus(url, "/api/v1/staff/ws", erin.token) == 403);
    CHECK(upgradeStatus(url, "/api/v1/notifications/ws", erin.token) == 101);
    CHECK(upgradeStatus(url, "/api/v1/staff/ws", shop.staff.token) == 101);
}

TEST_CASE("the staff stream sees a delivery appear and move, and stock counts change") {
    Shop shop;
    const auto frank = shop.client.registerCustomer("frank", "Kazan, Baumana 5");
    shop.client.topUp(frank, 10000);
    WsClient staffSocket(shop.server.publicUrl(), "/api/v1/staff/ws", shop.staff.token);

    const auto isPosition = [](std::int64_t id, std::int64_t count) {
        return [id, count](const nlohmann::json& message) {
            return message["type"] == "position" && message["position"]["id"] == id &&
                   message["position"]["count"] == count;
        };
    };
    const auto isDelivery = [](std::int64_t orderId, const std::string& status) {
        return [orderId, status](const nlohmann::json& message) {
            return message["type"] == "delivery" && message["delivery"]["order_id"] == orderId &&
                   message["delivery"]["status"] == status;
        };
    };

    // A new position, and a price change by staff.
    const auto cake = shop.client.createPosition(shop.staff, "Cake", 300, 7);
    CHECK(waitFor(staffSocket, isPosition(cake, 7)));
    REQUIRE(shop.client
                .post("/api/v1/stock/position/" + std::to_string(cake), {{"price", 350}},
                      shop.staff.token)
                .status == 200);
    CHECK(waitFor(staffSocket, [&](const nlohmann::json& message) {
        return message["type"] == "position" && message["position"]["id"] == cake &&
               message["position"]["price"] == 350;
    }));

    // An order changes the count and creates a delivery.
    const auto order = shop.client.post(
        "/api/v1/order", {{"items", {{{"position_id", cake}, {"count", 3}}}}}, frank.token);
    REQUIRE(order.status == 201);
    const auto orderId = order.json()["id"].get<std::int64_t>();
    const auto [counted, created] =
        waitForBoth(staffSocket, isPosition(cake, 4), isDelivery(orderId, "awaiting_shipment"));
    CHECK(counted);
    REQUIRE(created);
    CHECK((*created)["delivery"]["address"] == "Kazan, Baumana 5");

    REQUIRE(
        shop.client.post("/api/v1/order/sent", {{"order_id", orderId}}, shop.staff.token).status ==
        200);
    CHECK(waitFor(staffSocket, isDelivery(orderId, "sent")));
    REQUIRE(shop.client.post("/api/v1/order/received", {{"order_id", orderId}}, shop.staff.token)
                .status == 200);
    CHECK(waitFor(staffSocket, isDelivery(orderId, "received")));

    // An order refused for funds reserves and then gives the goods back: both are seen.
    const auto poor = shop.client.registerCustomer("poor");
    const auto refused = shop.client.post(
        "/api/v1/order", {{"items", {{{"position_id", cake}, {"count", 4}}}}}, poor.token);
    REQUIRE(refused.status == 402);
    CHECK(waitFor(staffSocket, isPosition(cake, 0)));
    CHECK(waitFor(staffSocket, isPosition(cake, 4)));
}

TEST_CASE("logout closes that session's sockets with 1008, and only those") {
    Shop shop;
    const auto gina = shop.client.registerCustomer("gina");
    const auto otherSession = shop.client.login(gina.login, gina.password);
    WsClient doomed(shop.server.publicUrl(), "/api/v1/notifications/ws", gina.token);
    WsClient survivor(shop.server.publicUrl(), "/api/v1/notifications/ws", otherSession.token);

    REQUIRE(shop.client.post("/api/v1/logout", nlohmann::json::object(), gina.token).status == 204);
    REQUIRE(waitClosed(doomed));
    CHECK(doomed.closeCode() == 1008);
    CHECK(upgradeStatus(shop.server.publicUrl(), "/api/v1/notifications/ws", gina.token) == 401);

    shop.rejectedOrder(otherSession);
    const auto notification = nextNotification(survivor);
    REQUIRE(notification);
    CHECK((*notification)["type"] == "order_rejected");
    CHECK_FALSE(survivor.closed());
}

TEST_CASE("a password change closes the other sessions' sockets with 1008, not the caller's") {
    Shop shop;
    const auto ivan = shop.client.registerCustomer("ivan");
    const auto thief = shop.client.login(ivan.login, ivan.password);
    WsClient thiefs(shop.server.publicUrl(), "/api/v1/notifications/ws", thief.token);
    WsClient own(shop.server.publicUrl(), "/api/v1/notifications/ws", ivan.token);

    const auto changed = shop.client.post(
        "/api/v1/user/password",
        {{"old_password", ivan.password}, {"new_password", "locked-out-thief"}}, ivan.token);
    REQUIRE(changed.status == 200);
    REQUIRE(waitClosed(thiefs));
    CHECK(thiefs.closeCode() == 1008);
    CHECK(upgradeStatus(shop.server.publicUrl(), "/api/v1/notifications/ws", thief.token) == 401);

    // The caller's socket still gets its pushes.
    shop.rejectedOrder(ivan);
    const auto notification = nextNotification(own);
    REQUIRE(notification);
    CHECK((*notification)["type"] == "order_rejected");
    CHECK_FALSE(own.closed());
}

TEST_CASE("server shutdown closes every socket with 1001", "[local]") {
    Shop shop;
    const auto hank = shop.client.registerCustomer("hank");
    WsClient customerSocket(shop.server.publicUrl(), "/api/v1/notifications/ws", hank.token);
    WsClient staffSocket(shop.server.publicUrl(), "/api/v1/staff/ws", shop.staff.token);
    // Both are live before the shutdown.
    shop.rejectedOrder(hank);
    REQUIRE(nextNotification(customerSocket));

    CHECK(shop.server.stop() == 0);
    REQUIRE(waitClosed(customerSocket, 5s));
    CHECK(customerSocket.closeCode() == 1001);
    REQUIRE(waitClosed(staffSocket, 5s));
    CHECK(staffSocket.closeCode() == 1001);
}

TEST_CASE("idle sockets are closed, ones that answer pings stay open", "[local]") {
    ConfigFile config("[websocket]\nidle_timeout_seconds = 3\nping_seconds = 1\n");
    Shop shop(config.options());
    const auto ivan = shop.client.registerCustomer("ivan");
    // A client that never answers (it reads only at the end, and never pongs).
    StalledReader idle(shop.server.publicUrl(), "/api/v1/notifications/ws", ivan.token);
    WsClient lively(shop.server.publicUrl(), "/api/v1/notifications/ws", ivan.token);

    // `lively` reads (and so answers pings) for well past the idle timeout.
    const auto until = std::chrono::steady_clock::now() + 6s;
    while (std::chrono::steady_clock::now() < until) {
        lively.receive(100ms);
    }
    CHECK_FALSE(lively.closed());

    // The silent one was pinged, then closed with 1000.
    CHECK(idle.drain(10s) == 0);
    CHECK(idle.pings() >= 1);
    CHECK(idle.closeCode() == 1000);

    // The lively one still gets its pushes.
    shop.rejectedOrder(ivan);
    const auto notification = nextNotification(lively);
    REQUIRE(notification);
    CHECK((*notification)["type"] == "order_rejected");
}

TEST_CASE("a reader that does not read is closed with 1013, others keep getting theirs",
          "[local]") {
    ConfigFile config("[websocket]\nmax_queued_messages = 4\n");
    Shop shop(config.options());
    const auto jane = shop.client.registerCustomer("jane");
    StalledReader stalled(shop.server.publicUrl(), "/api/v1/notifications/ws", jane.token);
    WsClient reader(shop.server.publicUrl(), "/api/v1/notifications/ws", jane.token);

    // Notifications pour in; `reader` keeps up on its own thread, `stalled` never reads.
    const int produced = 800;
    std::vector<std::int64_t> received;
    std::atomic<bool> producing{true};
    std::thread readerThread([&] {
        while (received.size() < static_cast<std::size_t>(produced)) {
            const auto message = reader.receive(producing ? 10s : 3s);
            if (!message) {
                if (!producing || reader.closed()) {
                    break;
                }
                continue;
            }
            received.push_back((*message)["notification"]["id"].get<std::int64_t>());
        }
    });
    std::atomic<int> failures{0};
    std::vector<std::thread> producers;
    for (int t = 0; t < 4; ++t) {
        producers.emplace_back([&] {
            for (int i = 0; i < produced / 4; ++i) {
                try {
                    shop.rejectedOrder(jane);
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& producer : producers) {
        producer.join();
    }
    producing = false;
    readerThread.join();
    REQUIRE(failures == 0);

    // The reader got every one, in order, and was never cut off.
    CHECK(received.size() == static_cast<std::size_t>(produced));
    CHECK(received == shop.notificationIds(jane));
    CHECK_FALSE(reader.closed());

    // The stalled one was let go with "try again later", well before it got them all.
    const auto got = stalled.drain();
    INFO("the stalled reader got " << got << " of " << produced);
    CHECK(stalled.closeCode() == 1013);
    CHECK(got < produced);
}

TEST_CASE("a client offline for long catches up on everything it missed", "[local]") {
    // A small queue bound must not cut off a resume: the history is what the client asked for.
    ConfigFile config("[websocket]\nmax_queued_messages = 4\n");
    Shop shop(config.options());
    const auto kim = shop.client.registerCustomer("kim");
    for (int i = 0; i < 60; ++i) {
        shop.rejectedOrder(kim);
    }
    REQUIRE(eventually([&] { return shop.notificationIds(kim).size() == 60; }));
    WsClient socket(shop.server.publicUrl(), "/api/v1/notifications/ws?after=0", kim.token);
    CHECK(receiveIds(socket, 60) == shop.notificationIds(kim));
    CHECK_FALSE(socket.closed());
}
