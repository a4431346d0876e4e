#include "api/ApiClient.h"
#include "core/CsvExport.h"
#include "models/CartModel.h"
#include "models/CatalogueFilterModel.h"
#include "models/DayStats.h"
#include "models/DeliveriesModel.h"
#include "models/NotificationsModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/customer/RepeatOrder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <catch2/catch.hpp>

namespace {

Position position(qint64 id, const char* name, qint64 price, qint64 count) {
    Position p;
    p.id = id;
    p.name = QString::fromUtf8(name);
    p.price = price;
    p.count = count;
    return p;
}

} // namespace

TEST_CASE("the cart sums its lines and merges the same position", "[models]") {
    CartModel cart;
    cart.add(position(1, "Tea", 25000, 10), 2);
    cart.add(position(2, "Cake", 1050, 3), 1);
    cart.add(position(1, "Tea", 25000, 10), 1);
    CHECK(cart.rowCount() == 2);
    CHECK(cart.total() == 3 * 25000 + 1050);
    CHECK(cart.index(0, CartModel::SubtotalColumn)
              .data()
              .toString()
              .startsWith(QStringLiteral("750")));
    CHECK(cart.index(0, CartModel::CountColumn).data(Qt::EditRole).toInt() == 3);
    cart.setCount(0, 0);
    CHECK(cart.rowCount() == 1);
    CHECK(cart.toOrderItems().size() == 1);
    // A price change in the catalogue reaches the cart.
    QSignalSpy priceChanged(&cart, &CartModel::priceChanged);
    cart.updatePosition(position(2, "Cake", 2000, 3));
    CHECK(cart.total() == 2000);
    CHECK(priceChanged.size() == 1);
    // More than is in stock is refused, and said.
    QSignalSpy refused(&cart, &CartModel::countRefused);
    CHECK_FALSE(cart.setData(cart.index(0, CartModel::CountColumn), 4));
    CHECK(refused.size() == 1);
    CHECK(cart.setData(cart.index(0, CartModel::CountColumn), 3));
    CHECK(cart.total() == 6000);
}

TEST_CASE("orders stay newest first as they arrive", "[models]") {
    ApiClient api;
    OrdersModel model(&api);
    for (qint64 id : {3, 7, 5}) {
        Order order;
        order.id = id;
        order.status = QStringLiteral("confirmed");
        model.upsert(order);
    }
    REQUIRE(model.rowCount() == 3);
    CHECK(model.orderAt(0)->id == 7);
    CHECK(model.orderAt(1)->id == 5);
    CHECK(model.orderAt(2)->id == 3);
    Order changed;
    changed.id = 5;
    changed.status = QStringLiteral("rejected");
    changed.reason = QStringLiteral("insufficient_funds");
    model.upsert(changed);
    CHECK(model.rowCount() == 3);
    CHECK(model.index(1, OrdersModel::StatusColumn)
              .data()
              .toString()
              .contains(QStringLiteral("not enough money")));
    // Cached rows are shown but never paged: there is no cursor until the server answers.
    model.setCached(model.orders());
    CHECK_FALSE(model.canFetchMore({}));
}

TEST_CASE("notifications count unread by their read flag", "[models]") {
    NotificationsModel model;
    QList<Notification> list;
    for (qint64 id : {1, 2, 3}) {
        Notification n;
        n.id = id;
        n.type = QStringLiteral("order_sent");
        n.orderId = 10 + id;
        list.append(n);
    }
    model.setNotifications(list);
    CHECK(model.unreadCount() == 3);
    model.markReadUpTo(2);
    CHECK(model.unreadCount() == 1);
    CHECK_FALSE(model.index(2).data(NotificationsModel::UnreadRole).toBool());
    CHECK(model.index(0).data(NotificationsModel::UnreadRole).toBool());
    Notification again = list.at(0);
    CHECK_FALSE(model.add(again)); // duplicates are dropped
    Notification fresh;
    fresh.id = 4;
    CHECK(model.add(fresh));
    CHECK(model.unreadCount() == 2);
    CHECK(model.index(0).data(Qt::UserRole + 1).toLongLong() == 4);
    Notification readElsewhere;
    readElsewhere.id = 5;
    readElsewhere.read = true; // read on another device: the server says so
    CHECK(model.add(readElsewhere));
    CHECK(model.unreadCount() == 2);
    model.markReadUpTo(model.lastId());
    CHECK(model.unreadCount() == 0);
}

TEST_CASE("a delivery moves between status tabs", "[models]") {
    DeliveriesModel awaiting(QStringLiteral("awaiting_shipment"));
    DeliveriesModel sent(QStringLiteral("sent"));
    Delivery delivery;
    delivery.orderId = 4;
    delivery.status = QStringLiteral("awaiting_shipment");
    delivery.customerName = QStringLiteral("Ann Lee");
    awaiting.upsert(delivery);
    sent.upsert(delivery);
    CHECK(awaiting.rowCount() == 1);
    CHECK(sent.rowCount() == 0);
    delivery.status = QStringLiteral("sent");
    awaiting.upsert(delivery);
    sent.upsert(delivery);
    CHECK(awaiting.rowCount() == 0);
    CHECK(sent.rowCount() == 1);
}

TEST_CASE("positions update in place", "[models]") {
    PositionsModel model;
    model.setPositions({position(1, "Tea", 25000, 10)});
    model.upsert(position(1, "Tea", 25000, 8));
    model.upsert(position(2, "Jam", 500, 0));
    REQUIRE(model.rowCount() == 2);
    CHECK(model.positionById(1)->count == 8);
    CHECK(model.index(1, PositionsModel::CountColumn).data().toString() ==
          QStringLiteral("Sold out"));
}

TEST_CASE("a table exports as CSV as it is shown, quoted where it must be", "[models]") {
    PositionsModel model;
    Position plain;
    plain.id = 1;
    plain.name = QStringLiteral("Tea");
    plain.price = 25000;
    plain.count = 7;
    Position tricky = plain;
    tricky.id = 2;
    tricky.name = QStringLiteral("Jam, \"cranberry\"\nlarge");
    tricky.count = 0;
    model.setPositions({plain, tricky});
    const auto csv = CsvExport::fromModel(&model, {PositionsModel::PriceColumn});
    const auto lines = csv.split(QStringLiteral("\r\n"));
    REQUIRE(lines.size() == 4); // header, two rows, the empty rest after the last CRLF
    CHECK(lines.at(0) == QStringLiteral("Name,Available"));
    CHECK(lines.at(1) == QStringLiteral("Tea,7"));
    CHECK(lines.at(2) == QStringLiteral("\"Jam, \"\"cranberry\"\"\nlarge\",Sold out"));
    CHECK(lines.at(3).isEmpty());
}

TEST_CASE("the picture of the day counts confirmed orders per local day and hour", "[models]") {
    const QDate today = QDate::currentDate();
    DayStats stats(today.addDays(-6), today);
    REQUIRE(stats.dayCount() == 7);
    const auto order = [](qint64 id, const char* status, const QDateTime& localTime,
                          QList<OrderItem> items) {
        Order o;
        o.id = id;
        o.status = QString::fromLatin1(status);
        o.createdAt = localTime.toUTC();
        o.items = items;
        for (const auto& item : items) {
            o.total += item.count * item.price;
        }
        return o;
    };
    const OrderItem tea{1, QStringLiteral("Tea"), 2, 25000};
    const OrderItem cake{2, QStringLiteral("Cake"), 1, 1050};
    const OrderItem honey{3, QStringLiteral("Honey"), 1, 64000};
    stats.add({order(1, "confirmed", QDateTime(today, QTime(9, 15)), {tea, cake}),
               order(2, "confirmed", QDateTime(today, QTime(9, 59)), {cake}),
               order(3, "confirmed", QDateTime(today.addDays(-6), QTime(23, 30)), {honey}),
               // Not counted: rejected, before the period, in the future.
               order(4, "rejected", QDateTime(today, QTime(10, 0)), {honey}),
               order(5, "confirmed", QDateTime(today.addDays(-7), QTime(23, 59)), {honey}),
               order(6, "confirmed", QDateTime(today.addDays(1), QTime(0, 0)), {honey})});
    CHECK(stats.orders() == 3);
    CHECK(stats.revenue() == 50000 + 1050 + 1050 + 64000);
    CHECK(stats.day(6).orders == 2);
    CHECK(stats.day(6).revenue == 52100);
    CHECK(stats.day(0).orders == 1);
    CHECK(stats.day(3).orders == 0);
    CHECK(stats.hour(6, 9).orders == 2);
    CHECK(stats.hour(6, 10).orders == 0);
    CHECK(stats.hour(0, 23).revenue == 64000);
    CHECK(stats.dayIndex(today) == 6);
    CHECK(stats.dayIndex(today.addDays(1)) == -1);
    const auto top = stats.top(2);
    REQUIRE(top.size() == 2);
    CHECK(top.at(0).name == QStringLiteral("Honey"));
    CHECK(top.at(1).name == QStringLiteral("Tea"));
    CHECK(top.at(1).pieces == 2);
    CHECK(stats.top(10).size() == 3);
    CHECK(stats.top(10).at(2).pieces == 2); // Cake: 1 + 1
}

TEST_CASE("a position carries its catalogue fields and keeps them in the offline cache",
          "[models]") {
    const auto json = QJsonDocument::fromJson(
                          R"({"id": 7, "name": "Oolong", "price": 1500, "currency": "RUB",
                              "count": 3, "archived": false, "description": "Leaf.\nFujian.",
                              "category_id": 4, "category": "Teas",
                              "image_url": "/api/v1/stock/positions/7/picture?v=ab",
                              "thumbnail_url": "/api/v1/stock/positions/7/picture?v=ab&size=thumbnail"})")
                          .object();
    const auto parsed = Position::fromJson(json);
    CHECK(parsed.description == QStringLiteral("Leaf.\nFujian."));
    CHECK(parsed.categoryId == 4);
    CHECK(parsed.category == QStringLiteral("Teas"));
    CHECK(parsed.imageUrl.endsWith(QStringLiteral("?v=ab")));
    CHECK(parsed.thumbnailUrl.endsWith(QStringLiteral("&size=thumbnail")));
    const auto again = Position::fromJson(parsed.toJson());
    CHECK(again.description == parsed.description);
    CHECK(again.categoryId == 4);
    CHECK(again.imageUrl == parsed.imageUrl);
    // Without them (an older server, an older cache): empty, no category.
    const auto plain = Position::fromJson(QJsonDocument::fromJson(
                                              R"({"id": 1, "name": "Tea", "price": 1, "count": 1,
                                                  "category_id": null, "image_url": null})")
                                              .object());
    CHECK(plain.categoryId == 0);
    CHECK(plain.imageUrl.isEmpty());
    CHECK(plain.toJson().value(QLatin1String("category_id")).isNull());
}

TEST_CASE("the catalogue shows what the server found, or the local names offline", "[models]") {
    PositionsModel model;
    auto tea = position(1, "Green tea", 100, 1);
    tea.categoryId = 5;
    auto mug = position(2, "Mug", 100, 1);
    mug.description = QStringLiteral("For green tea");
    model.setPositions({tea, mug, position(3, "Spoon", 10, 1)});
    CatalogueFilterModel filter;
    filter.setSourceModel(&model);
    CHECK(filter.rowCount() == 3);
    filter.setMatches(QSet<qint64>{1, 2}); // the server searched descriptions too
    CHECK(filter.rowCount() == 2);
    CHECK(filter.hasMatches());
    filter.setLocalFilter(QStringLiteral("GREEN"), 0); // offline: names only
    CHECK(filter.rowCount() == 1);
    filter.setLocalFilter(QString(), 5);
    CHECK(filter.rowCount() == 1);
    filter.setMatches(std::nullopt);
    CHECK(filter.rowCount() == 3);
}

TEST_CASE("a refreshed catalogue brings new descriptions and pictures", "[models]") {
    PositionsModel model;
    model.setPositions({position(1, "Tea", 100, 1), position(2, "Mug", 100, 1)});
    auto tea = position(1, "Tea", 100, 1);
    tea.description = QStringLiteral("Green.");
    tea.thumbnailUrl = QStringLiteral("/api/v1/stock/positions/1/picture?v=b&size=thumbnail");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.merge({tea, position(2, "Mug", 100, 1)});
    CHECK(changed.count() == 1);
    CHECK(model.positionById(1)->description == QStringLiteral("Green."));
    CHECK(model.positionById(1)->thumbnailUrl.endsWith(QStringLiteral("size=thumbnail")));
}

TEST_CASE("repeating an order fills the cart from today's positions and names the rest",
          "[models]") {
    CartModel cart;
    cart.add(position(3, "Bread", 8900, 2), 1); // already chosen before the repeat
    Order order;
    order.id = 7;
    order.items = {{1, QStringLiteral("Tea"), 2, 25000},
                   {2, QStringLiteral("Jam"), 1, 31000},
                   {3, QStringLiteral("Bread"), 3, 8900},
                   {4, QStringLiteral("Cake"), 1, 1050}};
    auto archived = position(4, "Cake", 1050, 9);
    archived.archived = true;
    // Jam is gone from the public list, Cake archived, Bread has two left, Tea costs more.
    const QList<Position> today = {position(1, "Tea", 27000, 10), position(3, "Bread", 8900, 2),
                                   archived};

    const auto outcome = RepeatOrder::fill(&cart, order, today);
    REQUIRE(cart.lines().size() == 2);
    CHECK(cart.lines().at(0).position.id == 3);
    CHECK(cart.lines().at(0).count == 2); // 1 already there + 1: all in stock
    CHECK(cart.lines().at(1).position.id == 1);
    CHECK(cart.lines().at(1).count == 2);
    CHECK(cart.lines().at(1).position.price == 27000);
    CHECK(outcome.added == QStringList{QStringLiteral("Tea × 2"), QStringLiteral("Bread × 1")});
    CHECK(outcome.fewer == QStringList{QStringLiteral("Bread (1 of 3: no more in stock)")});
    CHECK(outcome.leftOut == QStringList{QStringLiteral("Jam (no longer sold)"),
                                         QStringLiteral("Cake (no longer sold)")});
    CHECK(outcome.priceChanges.size() == 1);
    CHECK(outcome.kind() == Banner::Kind::Info);

    // Once everything in stock is in the cart, nothing more goes in and the message says so.
    const auto again = RepeatOrder::fill(&cart, order, today);
    CHECK(cart.lines().size() == 2);
    CHECK(cart.lines().at(0).count == 2);
    CHECK(cart.lines().at(1).count == 4);
    CHECK(again.leftOut.contains(QStringLiteral("Bread (all in stock already in the cart)")));

    // The saved cart arriving after a repeat adds what it has besides, and changes nothing
    // the repeat put there.
    cart.restore(
        QJsonArray{QJsonObject{{QStringLiteral("position_id"), 1}, {QStringLiteral("count"), 9}},
                   QJsonObject{{QStringLiteral("position_id"), 5}, {QStringLiteral("count"), 1}}},
        {position(1, "Tea", 27000, 10), position(5, "Honey", 64000, 3)});
    REQUIRE(cart.lines().size() == 3);
    CHECK(cart.lines().at(1).count == 4);
    CHECK(cart.lines().at(2).position.name == QStringLiteral("Honey"));

    CartModel empty;
    const auto nothing = RepeatOrder::fill(&empty, order, {});
    CHECK(empty.isEmpty());
    CHECK(nothing.kind() == Banner::Kind::Warning);
    CHECK(nothing.message().startsWith(QStringLiteral("Nothing from order #7")));
}
