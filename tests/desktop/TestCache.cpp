#include "cache/LocalCache.h"

#include <QTemporaryDir>
#include <catch2/catch.hpp>

TEST_CASE("the cache keeps servers and users apart and survives a restart", "[cache]") {
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("cache.sqlite"));
    const QString server = QStringLiteral("http://127.0.0.1:8080");
    const auto alice = LocalCache::userScope(server, 1);
    const auto bob = LocalCache::userScope(server, 2);
    {
        LocalCache cache(path);
        REQUIRE(cache.isOpen());
        Position tea;
        tea.id = 1;
        tea.name = QStringLiteral("Чай");
        tea.price = 25000;
        tea.count = 8;
        cache.storePositions(server, {tea});
        Order order;
        order.id = 4;
        order.status = QStringLiteral("confirmed");
        order.total = 50000;
        order.createdAt = QDateTime::currentDateTimeUtc();
        order.items.append({1, QStringLiteral("Чай"), 2, 25000});
        Order older = order;
        older.id = 2;
        cache.storeOrders(alice, {older, order});
        cache.storeBalance(alice, 50000);
        Notification n;
        n.id = 9;
        n.type = QStringLiteral("order_ready_for_delivery");
        n.orderId = 4;
        cache.storeNotifications(alice, {n});
    }
    LocalCache cache(path);
    REQUIRE(cache.positions(server).size() == 1);
    CHECK(cache.positions(server).first().name == QStringLiteral("Чай"));
    CHECK(cache.positions(QStringLiteral("http://other")).isEmpty());
    const auto orders = cache.orders(alice);
    REQUIRE(orders.size() == 2);
    CHECK(orders.first().id == 4);
    CHECK(orders.first().items.first().count == 2);
    CHECK(cache.orders(bob).isEmpty());
    CHECK(cache.balance(alice) == 50000);
    CHECK_FALSE(cache.balance(bob).has_value());
    CHECK(cache.notifications(alice).first().orderId == 4);
    cache.clearScope(alice);
    CHECK(cache.orders(alice).isEmpty());
}
